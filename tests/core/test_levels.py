"""Achieved level and status (SPEC §3), through the engine and on their own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.levels import achieved_level, status


def evaluate(tmp_path: Path, scorecard: dict, props: dict) -> dict:
    (tmp_path / "sc.yaml").write_text(yaml.safe_dump(scorecard), encoding="utf-8")
    (tmp_path / "e.yaml").write_text(yaml.safe_dump(
        {"identifier": "svc", "blueprint": "service", "properties": props}), encoding="utf-8")
    result = run_check(CheckOptions(paths=["e.yaml"], scorecards=["sc.yaml"], cwd=str(tmp_path)))
    assert result.errors == []
    [record] = result.results
    return record


def flag_rule(name: str, level: str) -> dict:
    return {"identifier": name, "title": name, "level": level, "query": {
        "combinator": "and", "conditions": [{"property": name, "operator": "=", "value": True}]}}


def test_port_documentation_example(tmp_path: Path) -> None:
    """Basic, Bronze, Silver; two Bronze and four Silver rules; one Bronze passes, all Silver
    pass: the entity is at Basic."""
    scorecard = {"identifier": "sc", "title": "SC",
                 "levels": [{"title": "Basic", "color": "paleBlue"},
                            {"title": "Bronze", "color": "bronze"},
                            {"title": "Silver", "color": "silver"}],
                 "rules": [flag_rule("b1", "Bronze"), flag_rule("b2", "Bronze"),
                           *(flag_rule(f"s{i}", "Silver") for i in range(4))]}
    props = {"b1": True, "b2": False, **{f"s{i}": True for i in range(4)}}
    record = evaluate(tmp_path, scorecard, props)
    assert record["level"] == "Basic"
    assert record["status"] == "failed"  # the floor
    assert (record["rulesPassed"], record["rulesTested"], record["percentPassed"]) == (5, 6, 83.3)


def test_all_pass_reaches_the_top_with_success(tmp_path: Path) -> None:
    scorecard = {"id": "sc", "rules": [flag_rule("a", "Bronze"), flag_rule("b", "Gold")]}
    record = evaluate(tmp_path, scorecard, {"a": True, "b": True})
    assert (record["level"], record["status"], record["levelColor"]) == ("Gold", "success", "gold")


def test_partial(tmp_path: Path) -> None:
    scorecard = {"id": "sc", "rules": [flag_rule("a", "Bronze"), flag_rule("b", "Gold")]}
    record = evaluate(tmp_path, scorecard, {"a": True, "b": False})
    assert (record["level"], record["status"]) == ("Silver", "partial")  # Silver has no rules


def test_first_level_with_rules_failing_gives_null(tmp_path: Path) -> None:
    scorecard = {"identifier": "sc", "levels": [{"title": "Severe"}, {"title": "Low"}],
                 "rules": [flag_rule("a", "Severe"), flag_rule("b", "Low")]}
    record = evaluate(tmp_path, scorecard, {"a": False, "b": True})
    assert (record["level"], record["status"]) == (None, "failed")


def test_evaluation_error_makes_status_failed(tmp_path: Path) -> None:
    scorecard = {"id": "sc", "rules": [
        flag_rule("a", "Bronze"),
        {"id": "n", "level": "Gold", "query": {"conditions": [
            {"property": "n", "operator": ">", "value": 1}]}}]}
    record = evaluate(tmp_path, scorecard, {"a": True, "n": "text"})
    assert (record["level"], record["status"]) == ("Silver", "failed")
    assert record["rules"][1]["error"].startswith("type mismatch")


def test_scorecard_without_rules(tmp_path: Path) -> None:
    record = evaluate(tmp_path, {"id": "sc", "rules": []}, {})
    assert (record["level"], record["status"], record["percentPassed"]) == ("Gold", "success",
                                                                            100.0)


@pytest.mark.parametrize(("count", "failing", "expected"), [
    (4, set(), 3), (4, {0}, None), (4, {1}, 0), (4, {2, 3}, 1), (4, {3}, 2), (1, set(), 0),
])
def test_achieved_level(count: int, failing: set, expected: int | None) -> None:
    assert achieved_level(count, failing) == expected


@pytest.mark.parametrize(("args", "expected"), [
    ((True, False, 3, True), "success"),
    ((False, True, 2, True), "failed"),
    ((False, False, None, True), "failed"),
    ((False, False, 0, False), "failed"),
    ((False, False, 0, True), "partial"),
    ((False, False, 2, False), "partial"),
])
def test_status(args: tuple, expected: str) -> None:
    assert status(*args) == expected
