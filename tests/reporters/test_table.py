"""``--format table`` as people see it: drawn in a real pseudo-terminal at 80 and 200
columns (golden files from ``regen_golden.py``), piped, quiet, and the summary block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.table import broken, column_widths, render
from tests.reporters import cases
from tests.reporters.pty_run import ACME_CHECK, acme_repo, run_in_pty
from tests.reporters.regen_golden import TABLE_WIDTHS, acme_table, table_golden_path

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LOCATION = re.compile(r"services/[a-z-]+/catalog-info\.yaml:\d+")
ACME_ENTITIES = 5


def plain(text: str) -> list[str]:
    """The lines of terminal output without its color codes."""
    return ANSI.sub("", text).splitlines()


@pytest.mark.parametrize("width", TABLE_WIDTHS)
def test_acme_in_a_terminal_matches_the_golden_file(tmp_path: Path, width: int) -> None:
    code, text, stderr = acme_table(width, tmp_path)
    assert (code, stderr) == (1, "")  # below Silver: the gate fails
    golden = table_golden_path(width).read_text(encoding="utf-8")
    assert text == golden, "run tests/reporters/regen_golden.py and review the diff"


@pytest.mark.parametrize("width", TABLE_WIDTHS)
def test_acme_in_a_terminal_fits_and_every_location_is_whole(tmp_path: Path, width: int) -> None:
    _, text, _ = acme_table(width, tmp_path)
    assert "\x1b[" in text  # a terminal: in color
    lines = plain(text)
    assert all(cell_len(line) <= width for line in lines), max(lines, key=cell_len)
    assert lines[0].split()[:5] == ["Entity", "Scorecard", "Level", "Status", "Passed"]
    assert ("Location" in lines[0]) == (width == 200)  # at 80 it moves under the entity
    located = [m for line in lines for m in LOCATION.findall(line)]
    assert len(set(located)) == ACME_ENTITIES  # each entity's path:line, never cut
    assert "services/legacy-billing/catalog-info.yaml:3" in located
    for line in lines:  # a row's level and status are never pushed onto another line
        if line.startswith("component:"):
            assert re.search(r"\b(Basic|Bronze|Silver|Gold)\s+(success|partial|failed)\b",
                             line), line
    assert "Entities per level" in lines and "Rules failing most (top 5)" in lines
    assert lines[-1].startswith("✗ gate failed: 4 of 9 evaluations below Silver")


def test_acme_piped_has_no_color_and_honours_color_flags(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    repo = acme_repo(tmp_path)
    runner = CliRunner()
    monkeypatch.chdir(repo)
    monkeypatch.delenv("NO_COLOR", raising=False)  # .ci/run sets it; FORCE_COLOR must show
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    piped = runner.invoke(app, list(ACME_CHECK), env={"COLUMNS": "80"})
    forced = runner.invoke(app, [*ACME_CHECK, "--color", "always"], env={"COLUMNS": "80"})
    by_env = runner.invoke(app, list(ACME_CHECK), env={"COLUMNS": "80", "FORCE_COLOR": "1"})
    assert piped.exit_code == 1
    assert "\x1b[" not in piped.stdout
    assert "\x1b[" in forced.stdout and "\x1b[" in by_env.stdout
    assert plain(forced.stdout) == piped.stdout.splitlines()
    _, text, _ = run_in_pty(ACME_CHECK, repo, 80, env={"NO_COLOR": "1"})
    assert "\x1b[" not in text and text.splitlines() == piped.stdout.splitlines()
    _, text, _ = run_in_pty((*ACME_CHECK, "--color", "never"), repo, 80,
                            env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in text


def test_quiet_shows_only_what_fails_the_gate(tmp_path: Path) -> None:
    code, text, _ = run_in_pty((*ACME_CHECK, "--quiet"), acme_repo(tmp_path), 200)
    lines = plain(text)
    assert code == 1
    rows = [line.split()[:3] for line in lines if line.split()[:1] != [] and
            ("ownership" in line.split()[:2] or "production-readiness" in line.split()[:2])]
    assert rows == [["component:default/checkout", "ownership", "Bronze"],
                    ["component:default/legacy-billing", "ownership", "Basic"],
                    ["production-readiness", "Basic", "failed"],
                    ["component:default/search", "production-readiness", "Bronze"]]
    assert not any("(Gold)" in line for line in lines)  # above the gate: not a reason
    assert "Entities per level" not in lines
    assert lines[-1].startswith("✗ gate failed: 4 of 9 evaluations below Silver")


def test_summary_block_counts(tmp_path: Path) -> None:
    result = cases.mixed(tmp_path)
    lines = render(result, RenderOptions(width=120)).splitlines()
    assert lines[0].split() == ["Entity", "Scorecard", "Level", "Status", "Passed", "Location"]
    start = lines.index("Rules failing most (top 5)")
    ranked = [line.split()[:2] for line in lines[start + 2:start + 7]]
    counts = [int(count) for count, _ in ranked]
    assert counts == sorted(counts, reverse=True) and len(ranked) == 5
    failing: dict[str, int] = {}
    for record in result.results:
        for rule in record["rules"]:
            if not rule["passed"] and not rule["waived"]:
                key = f"{record['scorecard']}/{rule['id']}"
                failing[key] = failing.get(key, 0) + 1
    assert {rule: failing[rule] for _, rule in ranked} == {rule: int(n) for n, rule in ranked}
    levels = lines[lines.index("Entities per level") + 2:start - 1]
    for line in levels:
        scorecard, cells = line.split(maxsplit=1)
        none = re.search(r"no level (\d+)", cells)
        counted = sum(int(n) for n in re.findall(r"\S+ (\d+)", re.sub(r"no level \d+", "", cells)))
        counted += int(none.group(1)) if none else 0
        assert counted == sum(1 for r in result.results if r["scorecard"] == scorecard), line
    assert {line.split()[0] for line in levels} == {r["scorecard"] for r in result.results}


def test_verdicts(tmp_path: Path) -> None:
    def last(result: RunResult, **options: bool) -> str:
        return render(result, RenderOptions(width=200, **options)).splitlines()[-1]

    mixed = cases.mixed(tmp_path / "mixed")
    assert last(mixed) == ("✗ gate failed: 1 input error; 2 of 3 evaluations below Silver"
                           " — exit 2")
    assert last(mixed, exit_zero=True).endswith("— exit 2")  # --exit-zero never hides 2
    clean = cases.all_pass(tmp_path / "clean")
    assert last(clean) == "✓ gate passed: 1 of 1 evaluation at or above Silver — exit 0"
    assert last(RunResult()).startswith("no gate: ")


def test_column_widths_fit_or_move_the_location() -> None:
    records = [{"entity": "component:default/" + "x" * 40, "scorecard": "production-readiness",
                "level": "Bronze", "status": "partial", "rulesPassed": 4, "rulesTested": 10,
                "source": "services/" + "x" * 40 + "/catalog-info.yaml", "line": 12}]
    widths, wide = column_widths(records, 200)
    assert wide and sum(widths) + 2 * 5 <= 200
    widths, wide = column_widths(records, 80)
    assert not wide and sum(widths) + 2 * 4 <= 80
    assert broken("component:default/recommendations-experiment", 30) == (
        "component:default/\nrecommendations-experiment")


@pytest.mark.parametrize("width", [40, 57])
def test_a_narrow_terminal_wraps_cells_but_keeps_levels_and_statuses_whole(
        tmp_path: Path, width: int) -> None:
    result = cases.mixed(tmp_path)
    lines = render(result, RenderOptions(width=width)).splitlines()
    assert all(cell_len(line) <= width for line in lines), max(lines, key=cell_len)
    statuses = [line.split() for line in lines
                if re.search(r"\b(success|partial|failed)\s+\d+/\d+$", line)]
    assert len(statuses) == len(result.results)
    for words in statuses:
        assert re.fullmatch(r"\d+/\d+", words[-1]), words
        assert words[-3] in {"Basic", "Bronze", "Silver", "Gold", "-"}, words
