"""Achieved level and status (SPEC §3): the cases in level_cases.yaml, through the whole
check pipeline and through ``achieved_level`` on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.levels import achieved_level, status
from scorecard_cli.core.model import Waiver

CASES = yaml.safe_load((Path(__file__).parent / "level_cases.yaml").read_text(encoding="utf-8"))
DEFAULT_LEVELS = ["Basic", "Bronze", "Silver", "Gold"]


def _rules(case: dict) -> list[tuple[str, str]]:
    return [next(iter(item.items())) for item in case["rules"]]


def _rule(i: int, level: str, outcome: str) -> dict:
    """Rule r<i>: passes when the entity's flag f<i> is true; 'error' compares text with <."""
    if outcome == "error":
        condition = {"property": f"f{i}", "operator": "<", "value": 5}
    else:
        condition = {"property": f"f{i}", "operator": "=", "value": True}
    return {"identifier": f"r{i}", "title": f"r{i}", "level": level,
            "query": {"combinator": "and", "conditions": [condition]}}


def evaluate(tmp_path: Path, case: dict) -> dict:
    rules = _rules(case)
    scorecard = {"identifier": "sc", "title": "SC",
                 "rules": [_rule(i, level, outcome) for i, (level, outcome) in enumerate(rules)]}
    if "levels" in case:
        scorecard["levels"] = [{"title": title} for title in case["levels"]]
    props = {f"f{i}": ("text" if outcome == "error" else outcome == "pass")
             for i, (_, outcome) in enumerate(rules)}
    waivers = [Waiver("sc", f"r{i}", "*", "accepted", "someone", "2999-12-31")
               for i, (_, outcome) in enumerate(rules) if outcome == "waived"]
    (tmp_path / "sc.json").write_text(json.dumps(scorecard), encoding="utf-8")
    (tmp_path / "e.yaml").write_text(yaml.safe_dump(
        {"identifier": "svc", "blueprint": "service", "properties": props}), encoding="utf-8")
    result = run_check(CheckOptions(paths=["e.yaml"], scorecards=["sc.json"], waivers=waivers,
                                    cwd=str(tmp_path), use_config=False))
    assert result.errors == []
    [record] = result.results
    return record


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_level_case_through_check(tmp_path: Path, case: dict) -> None:
    record = evaluate(tmp_path, case)
    assert (record["level"], record["status"]) == (case["level"], case["status"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_level_case_on_its_own(case: dict) -> None:
    levels = case.get("levels", DEFAULT_LEVELS)
    rules = [(levels.index(level), outcome) for level, outcome in _rules(case)]
    failing = {index for index, outcome in rules if outcome in ("fail", "error")}
    level = achieved_level({index for index, _ in rules}, failing)
    assert (None if level is None else levels[level]) == case["level"]


def test_port_documentation_example_counts(tmp_path: Path) -> None:
    """Port's documented example: 5 of 6 rules pass and the entity is still at Basic."""
    record = evaluate(tmp_path, CASES[0])
    assert (record["rulesPassed"], record["rulesTested"], record["percentPassed"]) == (5, 6, 83.3)
    assert record["levelColor"] == "paleBlue"


def test_evaluation_error_is_reported(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"].startswith("an evaluation error"))
    record = evaluate(tmp_path, case)
    assert record["rules"][2]["error"].startswith("type mismatch")


@pytest.mark.parametrize(("rule_levels", "failing", "expected"), [
    (set(), set(), 0), ({1, 3}, set(), 3), ({1, 3}, {3}, 1), ({1, 3}, {1}, 0),
    ({0, 3}, {0}, None), ({0, 3}, {3}, 0), ({2}, {2}, 0), ({2}, set(), 2),
])
def test_achieved_level(rule_levels: set, failing: set, expected: int | None) -> None:
    assert achieved_level(rule_levels, failing) == expected


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
