"""``check`` options for CI and people: --exit-zero, --select/--ignore, --report, --staged,
--quiet, notices folded by kind, and --ref resolving nowhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.core.notices import fold_notices
from tests.cli.test_check import mono_files
from tests.conftest import git, write_files

runner = CliRunner()


@pytest.fixture
def mono(make_repo: Callable, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A monorepo: gold (everything), silver (no docs), basic (no owner)."""
    repo = make_repo(mono_files())
    monkeypatch.chdir(repo)
    return repo


def check(*args: str, env: dict | None = None) -> object:
    return runner.invoke(app, ["check", "-s", "scorecards", *args], env=env)


def rule_ids(stdout: str) -> dict[str, list[str]]:
    doc = json.loads(stdout)
    return {r["entity"].rsplit("/", 1)[1]: [x["id"] for x in r["rules"]] for r in doc["results"]}


def test_exit_zero_turns_1_into_0_never_2(mono: Path) -> None:
    assert check("--fail-below", "Gold").exit_code == 1
    assert check("--fail-below", "Gold", "--exit-zero").exit_code == 0
    assert check("--strict", "--exit-zero").exit_code == 0
    write_files(mono, {"svc/broken/catalog-info.yaml": "kind: [\n"})
    assert check("--fail-below", "Gold", "--exit-zero").exit_code == 2


def test_select_and_ignore_rules(mono: Path) -> None:
    assert rule_ids(check("-f", "json", "--select", "ready/readme").stdout)["gold"] == ["readme"]
    assert rule_ids(check("-f", "json", "--select", "*/r*").stdout)["gold"] == ["readme"]
    assert rule_ids(check("-f", "json", "--ignore", "ready/docs", "--ignore", "ready/own*"
                          ).stdout)["gold"] == ["readme"]
    assert rule_ids(check("-f", "json", "--select", "ready", "--ignore", "ready/docs"
                          ).stdout)["basic"] == ["owner", "readme"]
    # the level follows the rules evaluated: without its failing Bronze rule (owner) basic
    # reaches Silver, the highest level left with rules (Gold has none once docs is gone)
    doc = json.loads(check("-f", "json", "--ignore", "ready/owner", "--ignore", "ready/docs",
                           "svc/basic").stdout)
    assert doc["results"][0]["level"] == "Silver"
    doc = json.loads(check("-f", "json", "svc/basic").stdout)
    assert doc["results"][0]["level"] == "Basic"
    typo = check("--select", "ready/readmee")
    assert typo.exit_code == 2
    assert "--select 'ready/readmee': matches no rule" in typo.stderr
    assert check("--ignore", "nope/*").exit_code == 2
    everything = check("-f", "json", "--ignore", "ready")
    assert json.loads(everything.stdout)["results"] == []  # no rule left: not evaluated


def test_report_writes_every_format_from_one_evaluation(mono: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = check("--fail-below", "Silver", "--report", f"json={out / 'r.json'}",
                   "--report", f"SARIF={out / 'r.sarif'}", "--report", f"junit={out / 'r.xml'}",
                   "--report", f"table={out / 'r.txt'}")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].split()[0] == "Entity"  # the table still on stdout
    doc = json.loads((out / "r.json").read_text())
    assert doc["summary"]["belowThreshold"] == 1
    sarif = json.loads((out / "r.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert "<testsuites" in (out / "r.xml").read_text()
    table = (out / "r.txt").read_text()
    assert "\x1b[" not in table and table.startswith("Entity")
    forced = check("--report", f"table={out / 'c.txt'}", "--color", "always")
    assert forced.exit_code == 0 and "\x1b[" in (out / "c.txt").read_text()
    for bad, message in (("json", "expected FORMAT=FILE"), ("yaml=x.yaml", "unknown format"),
                         (f"json={out / 'r.json'}", "the same file twice")):
        args = ["--report", bad] + (["-o", str(out / "r.json")] if "same" in message else [])
        run = check(*args)
        assert run.exit_code == 2 and message in run.stderr, run.stderr


def test_staged_reads_the_index(mono: Path) -> None:
    """silver has a README on disk; once removed from the index (kept on disk) --staged no
    longer sees it; an untracked docs/ folder only counts in the working tree."""
    git(mono, "rm", "-q", "--cached", "svc/silver/README.md")
    write_files(mono, {"svc/silver/docs/index.md": "x"})
    levels = {r["entity"]: r["level"] for r in json.loads(check("-f", "json").stdout)["results"]}
    assert levels["component:default/silver"] == "Gold"  # the working tree: README and docs
    staged = json.loads(check("-f", "json", "--staged").stdout)
    levels = {r["entity"]: r["level"] for r in staged["results"]}
    assert levels["component:default/silver"] == "Bronze"
    both = check("--staged", "--ref", "HEAD")
    assert both.exit_code == 2 and "give one of them" in both.stderr


def test_a_ref_that_resolves_nowhere_exits_2(mono: Path) -> None:
    assert check("--ref", "HEAD").exit_code == 0
    typo = check("--ref", "mian")
    assert typo.exit_code == 2
    assert typo.stderr == ("scorecard: error: --ref 'mian': no such commit in the repository "
                           "(.)\n")
    assert typo.stdout == ""


def test_quiet_keeps_errors_and_drops_notices(mono: Path) -> None:
    write_files(mono, {"svc/tpl/catalog-info.yaml": "kind: ${{ values.kind }}\n"
                                                    "metadata: {name: '${{ values.name }}'}\n"})
    loud = check()
    assert "notice: skipped: a template" in loud.stderr
    quiet = check("--quiet", "--fail-below", "Silver")
    assert quiet.stderr == ""
    assert quiet.exit_code == 1
    assert [line.split()[0] for line in quiet.stdout.splitlines()[2:3]] == [
        "component:default/basic"]


def test_notices_of_one_kind_fold_into_one_line(mono: Path) -> None:
    for i in range(5):
        write_files(mono, {f"moved/s{i}/catalog-info.yaml": yaml.safe_dump({
            "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": {"name": f"s{i}", "annotations": {
                "backstage.io/source-location": f"url:https://elsewhere.example/r{i}"}},
            "spec": {"owner": "team"}})})
    folded = check("moved").stderr.splitlines()
    assert len(folded) == 1
    assert folded[0].startswith("moved/s0/catalog-info.yaml:1:1: notice: backstage.io/")
    assert folded[0].endswith("(and 4 more like it; --verbose lists each)")
    listed = check("moved", "--verbose").stderr.splitlines()
    assert [line.split(":", 1)[0] for line in listed] == [
        f"moved/s{i}/catalog-info.yaml" for i in range(5)]


def test_fold_notices_keeps_errors_and_warnings_apart() -> None:
    diagnostics = [Diagnostic("a", 1, 1, "skipped 'x' here", "notice"),
                   Diagnostic("b", 1, 1, "bad", "error"),
                   Diagnostic("c", 2, 1, "skipped 'y' here", "notice"),
                   Diagnostic("d", 1, 1, "old waiver 'w'", "warning"),
                   Diagnostic("e", 1, 1, "old waiver 'v'", "warning"),
                   Diagnostic("f", 3, 1, "other notice 12", "notice")]
    folded = fold_notices(diagnostics)
    assert [(f.first.file, f.count) for f in folded] == [
        ("a", 2), ("b", 1), ("d", 1), ("e", 1), ("f", 1)]
    assert folded[0].format() == "a:1:1: notice: skipped 'x' here (and 1 more like it)"
