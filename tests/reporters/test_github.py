"""``--format github``: golden files, and every line read back the way the Actions runner does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.github import command, render
from tests.reporters import cases
from tests.reporters.regen_golden import golden_path, render_case

COMMANDS = {"error", "warning", "notice"}


def unescape(value: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for escaped, raw in pairs:
        value = value.replace(escaped, raw)
    return value.replace("%25", "%")  # last, as the runner does


DATA = (("%0D", "\r"), ("%0A", "\n"))
PROPERTY = (*DATA, ("%3A", ":"), ("%2C", ","))


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one workflow command as the runner's ``ActionCommand.TryParseV2`` does."""
    line = line.lstrip()
    assert line.startswith("::"), line
    end = line.index("::", 2)
    info = line[2:end]
    name, _, props = info.partition(" ")
    assert name in COMMANDS, line
    properties = {}
    for part in filter(None, props.strip().split(",")):
        key, sep, value = part.partition("=")
        assert sep and key and value, part
        properties[key] = unescape(value, PROPERTY)
    return name, properties, unescape(line[end + 2:], DATA)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return cases.mixed(tmp_path_factory.mktemp("mixed"))


@pytest.mark.parametrize("case", sorted(cases.CASES))
def test_golden(case: str, tmp_path: Path) -> None:
    expected = golden_path(case, "github").read_text(encoding="utf-8")
    assert render_case(case, "github", tmp_path) == expected, (
        "output changed; if intended, run python tests/reporters/regen_golden.py")


def annotations(text: str) -> tuple[list[tuple[str, dict[str, str], str]], list[str]]:
    """(the workflow commands, the plain lines of the collapsed group) of a report."""
    commands, plain, grouped = [], [], False
    for line in text.splitlines():
        if line.startswith("::group::"):
            grouped = True
        elif line == "::endgroup::":
            grouped = False
        elif grouped:
            assert not line.startswith("::"), line
            plain.append(line)
        else:
            commands.append(parse(line))
    return commands, plain


def test_summary_first_then_one_command_per_finding(mixed: RunResult) -> None:
    parsed, plain = annotations(render(mixed, RenderOptions()))
    assert plain == []  # few findings: every one is annotated
    assert parsed[0][0] == "notice" and parsed[0][1] == {"title": "scorecard"}
    assert parsed[0][2].startswith("scorecard: 3 entities, 6 evaluations")
    assert parsed[0][2].endswith("Verdict: 1 input error (exit 2).")
    failing = [(record, rule) for record in mixed.results for rule in record["rules"]
               if not rule["passed"]]
    kinds = [name for name, _, _ in parsed[1:]]
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)  # errors first
    assert parsed[1] == ("error", {"file": "svc/broken/catalog-info.yaml", "line": "4",
                                   "col": "3", "title": "Input error"},
                         "metadata.name must be a non-empty string (missing)")
    by_title = {(props["file"], props["title"]): (name, props, message)
                for name, props, message in parsed[2:]}
    assert len(by_title) == len(failing) == len(parsed) - 2
    for record, rule in failing:
        title = f"{record['scorecardTitle']}: {rule['title']} ({rule['level']})"
        name, props, message = by_title[(record["source"],
                                         f"Waived: {title}" if rule["waived"] else title)]
        assert message.startswith(record["entity"] + ": ")
        if rule["waived"]:
            assert name == "notice"
        else:
            assert name == {"error": "error", "warning": "warning", "note": "notice"}[
                rule["severity"]]
            assert (props["line"], props["col"]) == (str(rule["line"]), str(rule["column"]))


def test_limits_per_step_and_the_rest_counted(tmp_path: Path) -> None:
    result = cases.many(tmp_path, 30, fail_below="Silver")  # 60 errors, 30 notes
    parsed, plain = annotations(render(result, RenderOptions()))
    kinds = [name for name, _, _ in parsed]
    assert (kinds.count("error"), kinds.count("warning"), kinds.count("notice")) == (10, 0, 10)
    assert parsed[0][1] == {"title": "scorecard"}  # the summary, first
    assert "60 evaluations below their level" not in parsed[0][2]
    assert "the gate fails: 30 evaluations below their level" in parsed[0][2]
    rest = parsed[-1]
    assert rest[1] == {"title": "scorecard: more findings"}
    assert rest[2].startswith("scorecard: 72 more findings are not annotated "
                              "(50 errors, 0 warnings, 22 notices)")
    assert len(plain) == 72
    assert sum(line.startswith("error: ") for line in plain) == 50
    assert sum(line.startswith("note: ") for line in plain) == 22
    # The annotated errors are the lowest level's first: every Bronze one before Silver.
    titles = [props["title"] for name, props, _ in parsed if name == "error"]
    assert all("(Bronze)" in title for title in titles)


def test_no_gate_warnings_and_exactly_at_the_limit(tmp_path: Path) -> None:
    result = cases.many(tmp_path, 3)  # 9 warnings, no gate
    parsed, plain = annotations(render(result, RenderOptions()))
    assert [name for name, _, _ in parsed] == ["notice"] + ["warning"] * 9
    assert plain == [] and parsed[0][2].endswith("Verdict: the gate holds.")


def test_special_characters_round_trip(mixed: RunResult) -> None:
    lines = render(mixed, RenderOptions()).splitlines()
    owner = next(parse(line) for line in lines if "Owner%2C team%3A 100%25 set" in line)
    assert owner[1]["title"] == "Ready | Set *go*: Owner, team: 100% set (Bronze)"
    assert owner[2].splitlines() == [
        "component:default/legacy: spec.owner is missing",
        "The entity is at Basic, below Silver in Ready | Set *go*.",
        "Fix: set spec.owner in svc/legacy/catalog-info.yaml"]
    tier = next(parse(line) for line in lines if "tier tag" in line)
    assert "['50%', 'a,b']" in tier[2]


def test_command_escaping() -> None:
    hostile = "a%b\r\nc:d,e::f"
    line = command("warning", "x\n::error::injected %0A", file="p,q:r.yaml", title=hostile,
                   line=None)
    assert "\n" not in line and "\r" not in line
    assert parse(line) == ("warning", {"file": "p,q:r.yaml", "title": hostile},
                           "x\n::error::injected %0A")


def test_all_pass_is_just_the_summary(tmp_path: Path) -> None:
    assert render(cases.all_pass(tmp_path), RenderOptions()) == (
        "::notice title=scorecard::scorecard: 1 entity, 2 evaluations: 2 success, 0 partial, "
        "0 failed. Verdict: the gate holds.\n")


@given(message=st.text(), title=st.text(min_size=1).filter(lambda t: t == t.strip()),
       file=st.text(min_size=1).filter(lambda t: t == t.strip()))
def test_any_text_round_trips(message: str, title: str, file: str) -> None:
    line = command("error", message, file=file, line=3, title=title)
    assert "\n" not in line and "\r" not in line
    assert parse(line) == ("error", {"file": file, "line": "3", "title": title}, message)
