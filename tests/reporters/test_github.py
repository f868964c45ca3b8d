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


def test_one_command_per_failing_rule(mixed: RunResult) -> None:
    parsed = [parse(line) for line in render(mixed, RenderOptions()).splitlines()]
    failing = [(record, rule) for record in mixed.results for rule in record["rules"]
               if not rule["passed"]]
    rule_commands = parsed[:len(failing)]
    for (name, props, message), (record, rule) in zip(rule_commands, failing):
        assert props["file"] == record["source"]
        assert message.startswith(record["entity"] + ": ")
        if rule["waived"]:
            assert name == "notice"
            assert props["title"].startswith("Waived: ")
        else:
            assert name == {"error": "error", "warning": "warning", "note": "notice"}[
                rule["severity"]]
            assert props["line"] == str(rule["line"])
            assert props["col"] == str(rule["column"])
            assert props["title"] == (f"{record['scorecardTitle']}: {rule['title']} "
                                      f"({rule['level']})")
    assert parsed[len(failing)] == ("error", {"file": "svc/broken/catalog-info.yaml",
                                              "line": "4", "col": "3",
                                              "title": "Input error"},
                                    "metadata.name must be a non-empty string (missing)")
    assert parsed[-1][0] == "notice" and parsed[-1][1] == {}
    assert parsed[-1][2].startswith("scorecard: 3 entities, 6 evaluations")
    assert len(parsed) == len(failing) + 2


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
        "::notice::scorecard: 1 entity, 2 evaluations: 2 success, 0 partial, 0 failed\n")


@given(message=st.text(), title=st.text(min_size=1).filter(lambda t: t == t.strip()),
       file=st.text(min_size=1).filter(lambda t: t == t.strip()))
def test_any_text_round_trips(message: str, title: str, file: str) -> None:
    line = command("error", message, file=file, line=3, title=title)
    assert "\n" not in line and "\r" not in line
    assert parse(line) == ("error", {"file": file, "line": "3", "title": title}, message)
