"""Rules on hostile input: pathological patterns, mismatched types, odd dates, bad paths.

An evaluation problem is an outcome (``passed: false`` with an ``error``), never an
exception, and never changes the exit code; a definition problem is one located line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.rules.file_contains import MAX_LINE
from tests.conftest import write_files
from tests.robustness.conftest import Run


def contains_case(make_repo: Callable, pattern: str, line: str) -> tuple[Path, list[str]]:
    """A repository whose README.md holds ``line``, and the check arguments for a
    ``scm.file.contains`` rule with ``pattern``."""
    sc = {"id": "sc", "rules": [{"id": "r", "level": "Bronze", "type": "scm.file.contains",
                                 "params": {"path": "README.md", "pattern": pattern}}]}
    repo = make_repo({"catalog-info.yaml": "identifier: e\n", "README.md": f"intro\n{line}\n",
                      "sc.yaml": yaml.safe_dump(sc)})
    return repo, ["check", "catalog-info.yaml", "-s", "sc.yaml", "-f", "json"]


def test_backtracking_pattern_on_a_long_line_is_bounded_by_the_line_limit(
        make_repo: Callable, cli_process: Callable[..., Run]) -> None:
    """``(a+)+$`` on 5,000 a's then a b: only the first MAX_LINE characters are searched,
    where the pattern matches at once."""
    repo, args = contains_case(make_repo, "(a+)+$", "a" * 5000 + "b")
    run = cli_process(*args, cwd=repo)
    assert (run.exit_code, run.lines) == (0, [])
    assert run.rules() == {"r": (True, None)}
    assert run.details() == {"r": "README.md has a line matching '(a+)+$'"}


def test_backtracking_pattern_on_a_short_line(make_repo: Callable,
                                              cli_process: Callable[..., Run]) -> None:
    repo, args = contains_case(make_repo, "(a+)+$", "a" * 40 + "b")
    run = cli_process(*args, cwd=repo)
    assert (run.exit_code, run.lines) == (0, [])
    assert run.rules() == {"r": (False, None)}
    assert run.details() == {"r": "README.md has no line matching '(a+)+$'"}


def test_exponential_pattern_is_stopped_with_an_evaluation_error(
        make_repo: Callable, cli_process: Callable[..., Run]) -> None:
    """``(a|aa)+$`` on 60 a's then a b takes ~1.5e12 steps: the rule ends with an error that
    says why, the run goes on and exits 0 (evaluation errors do not change the code)."""
    repo, args = contains_case(make_repo, "(a|aa)+$", "a" * 60 + "b")
    run = cli_process(*args, cwd=repo)
    assert (run.exit_code, run.lines) == (0, [])
    message = ("pattern '(a|aa)+$' took more than 1 s on README.md; simplify it (nested "
               "repetition such as (a+)+ backtracks exponentially)")
    assert run.rules() == {"r": (False, message)}


def test_match_past_the_line_limit_says_the_line_was_cut(make_repo: Callable,
                                                         cli: Callable[..., Run]) -> None:
    """A match that lies past MAX_LINE characters is not searched; the details must say so
    rather than claim that no line matches."""
    repo, args = contains_case(make_repo, "NEEDLE", "a" * MAX_LINE + "NEEDLE")
    run = cli(*args, cwd=repo)
    assert run.rules() == {"r": (False, None)}
    assert str(MAX_LINE) in run.details()["r"]


def test_match_past_the_bytes_read_says_the_file_was_cut(make_repo: Callable,
                                                         cli: Callable[..., Run]) -> None:
    from scorecard_cli.core.snapshot import MAX_READ_BYTES

    repo, args = contains_case(make_repo, "LATE", "x\n" * (MAX_READ_BYTES // 2) + "LATE")
    run = cli(*args, cwd=repo)
    assert run.rules() == {"r": (False, None)}
    assert str(MAX_READ_BYTES) in run.details()["r"]


def evaluate(tmp_path: Path, value: object, operator: str, wanted: object) -> tuple:
    """(passed, error) of ``{property: p, operator, value: wanted}`` on a Port entity whose
    ``properties.p`` is ``value``; definition problems come back as ("definition", line)."""
    entity = {"identifier": "e", "properties": {"p": value}}
    (tmp_path / "e.json").write_text(json.dumps(entity), encoding="utf-8")
    condition = {"property": "p", "operator": operator, "value": wanted}
    sc = {"id": "sc", "rules": [{"id": "r", "level": "Bronze",
                                 "query": {"combinator": "and", "conditions": [condition]}}]}
    (tmp_path / "sc.json").write_text(json.dumps(sc), encoding="utf-8")
    result = run_check(CheckOptions(paths=["e.json"], scorecards=["sc.json"], cwd=str(tmp_path)))
    if result.errors:
        return ("definition", *(d.message for d in result.errors))
    [record] = result.results
    [rule] = record["rules"]
    return rule["passed"], rule["error"]


@pytest.mark.parametrize(("value", "operator", "wanted", "expected"), [
    ("abc", "<", 5, (False, "type mismatch: p <: 'abc' is not a number")),
    ("5", "<", 6, (False, "type mismatch: p <: '5' is not a number")),
    (True, "<", 5, (False, "type mismatch: p <: True is not a number")),
    ([1, 2], ">", 1, (False, "type mismatch: p >: [1, 2] is not a number")),
    ({"a": 1}, ">=", 1, (False, "type mismatch: p >=: {'a': 1} is not a number")),
    (5, "<", "2024-01-01", (False, "type mismatch: p <: 5 is not a number or an ISO-8601 date")),
    ("2024-01-01", "<", 5, (False, "type mismatch: p <: '2024-01-01' is not a number")),
    ({"a": 1}, "contains", "a", (False, ("type mismatch: p contains: {'a': 1} is not text or "
                                 "a list"))),
    (True, "contains", "t", (False, "type mismatch: p contains: True is not text or a list")),
    (5, "beginsWith", "5", (False, "type mismatch: p beginsWith: 5 is not text")),
    ([1], "endsWith", "1", (False, "type mismatch: p endsWith: [1] is not text")),
    ("5", "=", 5, (False, None)),
    (5, "=", "5", (False, None)),
    (1, "=", True, (False, None)),
    (1.0, "=", 1, (True, None)),
    (15, "contains", 5, (True, None)),
    ("abc", "containsAny", ["abc"], (True, None)),
    (None, "<", 5, (False, None)),
    (None, "!=", 5, (True, None)),
    (None, "doesNotContains", "x", (True, None)),
    (10**30, ">", 5, (True, None)),
])
def test_comparisons_between_mismatched_types(tmp_path: Path, value: object, operator: str,
                                              wanted: object, expected: tuple) -> None:
    assert evaluate(tmp_path, value, operator, wanted) == expected


@pytest.mark.parametrize(("value", "before"), [
    ("2024-05-31", True),
    ("2024-06-01", False),
    ("  2024-05-31  ", True),
    ("2024-05-31T23:00:00Z", True),
    ("2024-06-01T00:00:00Z", False),
    ("2024-06-01T01:00:00+0200", True),  # 23:00 UTC the day before
    ("2024-05-31T23:00:00-02:00", False),  # 01:00 UTC on the day
    ("2024-05-31 10:00", True),
    ("2024-05-31T10:00:00.123456789Z", True),
    ("2024-05-31t10:00:00z", True),  # RFC 3339 allows a lowercase t and z
    ("9999-12-31T23:59:59+14:00", False),
])
def test_dates_in_odd_but_valid_formats(tmp_path: Path, value: str, before: bool) -> None:
    assert evaluate(tmp_path, value, "<", "2024-06-01") == (before, None)
    assert evaluate(tmp_path, value, ">=", "2024-06-01T00:00:00+00:00") == (not before, None)


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "0000-01-01", "01/02/2024",
                                   "20240101", "2024-W01-1", "2024-01-01T10:00:00+99:99",
                                   "yesterday", ""])
def test_dates_that_are_not_dates(tmp_path: Path, value: str) -> None:
    assert evaluate(tmp_path, value, "<", "2024-06-01") == (
        False, f"type mismatch: p <: {value!r} is not a number or an ISO-8601 date")


@pytest.mark.parametrize("wanted", ["01/02/2024", "2024-13-45", "tomorrow", "0x10", "NaN", "",
                                    None, [1], True])
def test_rule_values_that_are_neither_numbers_nor_dates(tmp_path: Path, wanted: object) -> None:
    assert evaluate(tmp_path, 5, "<", wanted) == (
        "definition", f"operator '<' needs a number or an ISO-8601 date, got {wanted!r}")


@pytest.mark.parametrize(("prop", "message"), [
    ("a[", "malformed bracket at character 2 of 'a['"),
    ("a..b", "malformed property path 'a..b' at character 3"),
    ("a]", "malformed property path 'a]' at character 2"),
    ("a.", "malformed property path 'a.' at character 3"),
    (".a", "malformed property path '.a' at character 1"),
    ("a['x]", "malformed bracket at character 2 of \"a['x]\""),
    ("a[1.5]", "malformed bracket at character 2 of 'a[1.5]'"),
    ("a.[0]", "malformed property path 'a.[0]' at character 3"),
    ("$owner", "unknown meta-property '$owner' (known: $identifier, $title, $team, $blueprint, $icon, $createdAt, $updatedAt, $createdBy, $updatedBy)"),
    ("", "a property path must be a non-empty string"),
    ("  ", "a property path must be a non-empty string"),
])
def test_malformed_property_paths(tmp_path: Path, cli: Callable[..., Run], prop: str,
                                  message: str) -> None:
    write_files(tmp_path, {"e.yaml": "identifier: e\n", "ok.yaml": "id: ok\nrules: []\n"})
    sc = {"id": "sc", "rules": [{"id": "r", "level": "Bronze", "query": {
        "conditions": [{"property": prop, "operator": "isEmpty"}]}}]}
    (tmp_path / "sc.yaml").write_text(yaml.safe_dump(sc, width=200), encoding="utf-8")
    run = cli("check", "e.yaml", "-s", "sc.yaml", "-s", "ok.yaml", "-f", "json")
    assert run.exit_code == 2
    assert [line.split(": ", 1)[1] for line in run.lines] == [message]
    assert run.lines[0].startswith("sc.yaml:")
    assert [r["scorecard"] for r in run.doc["results"]] == ["ok"]


@pytest.mark.parametrize("prop", ['a["b"]c', "a[0]b"])
def test_text_glued_after_a_bracket_is_malformed(tmp_path: Path, prop: str) -> None:
    """After ``]`` comes ``.``, ``[`` or the end: ``a["b"]c`` is not ``a.b.c``."""
    write_files(tmp_path, {"e.yaml": "identifier: e\n"})
    sc = {"id": "sc", "rules": [{"id": "r", "level": "Bronze", "type": "entity.field.exists",
                                 "params": {"field": prop}}]}
    (tmp_path / "sc.yaml").write_text(yaml.safe_dump(sc), encoding="utf-8")
    check = run_check(CheckOptions(paths=["e.yaml"], scorecards=["sc.yaml"], cwd=str(tmp_path)))
    assert [d.message.split(" ")[0] for d in check.errors] == ["malformed"]


@pytest.mark.parametrize("prop", [["a"], [], {"a": 1}, {}, 5, True, None])
def test_property_that_is_not_text(tmp_path: Path, cli: Callable[..., Run], prop: object) -> None:
    """A property written as a list or a mapping (unhashable) is a definition error like any
    other wrong type, in a rule's query and in a scorecard's filter."""
    write_files(tmp_path, {"e.yaml": "identifier: e\n", "ok.yaml": "id: ok\nrules: []\n"})
    condition = {"property": prop, "operator": "isEmpty"}
    for where, sc in [("rule", {"id": "sc", "rules": [{"id": "r", "level": "Bronze", "query": {
            "conditions": [condition]}}]}), ("filter", {"id": "sc", "filter": {
                "conditions": [condition]}, "rules": []})]:
        (tmp_path / "sc.yaml").write_text(yaml.safe_dump(sc), encoding="utf-8")
        run = cli("check", "e.yaml", "-s", "sc.yaml", "-s", "ok.yaml", "-f", "json")
        assert run.exit_code == 2, where
        assert [line.split(": ", 1)[1] for line in run.lines] == [
            "a property path must be a non-empty string"], where
        assert [r["scorecard"] for r in run.doc["results"]] == ["ok"], where


def test_days_that_are_not_a_number_of_days(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """``days: .nan`` is a float YAML reads happily; no commit age is ever "at most NaN"."""
    write_files(tmp_path, {"e.yaml": "identifier: e\n", "sc.yaml": "id: sc\nrules:\n  - {id: r, "
                           "level: Bronze, type: scm.recentCommit, params: {days: .nan}}\n"})
    run = cli("check", "e.yaml", "-s", "sc.yaml", "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("sc.yaml:3:")
    assert "'days'" in run.lines[0]
