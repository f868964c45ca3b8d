"""Aggregates against figures computed by hand."""

from __future__ import annotations

from scorecard_cli.core.aggregate import aggregate, floor
from tests.report.conftest import record, scorecard

CARDS = [scorecard("ops", [("a", "Bronze"), ("b", "Silver"), ("c", "Gold")]),
         scorecard("docs", [("d", "Bronze")])]
RESULTS = [
    record("component:default/x", "ops", "Gold", {"a": True, "b": True, "c": True}, "red"),
    record("component:default/y", "ops", "Bronze", {"a": True, "b": False, "c": False}, "red"),
    record("component:default/z", "ops", None, {"a": False, "b": False, "c": True}, "blue"),
    record("component:default/z", "docs", "Bronze", {"d": True}, "blue"),
    record("component:default/w", "docs", "Basic", {"d": False}, None),
]


def test_per_scorecard_rules_tested_passed_and_levels() -> None:
    figures = {f["scorecard"]: f for f in aggregate(CARDS, RESULTS)["scorecards"]}
    ops = figures["ops"]
    assert (ops["entities"], ops["rulesTested"], ops["rulesPassed"]) == (3, 9, 5)
    assert ops["percentPassed"] == 55.6
    assert ops["levels"] == [{"level": "Basic", "count": 0}, {"level": "Bronze", "count": 1},
                             {"level": "Silver", "count": 0}, {"level": "Gold", "count": 1},
                             {"level": None, "count": 1}]
    assert figures["docs"]["levels"][:2] == [{"level": "Basic", "count": 1},
                                             {"level": "Bronze", "count": 1}]
    assert [lv for lv in figures["docs"]["levels"] if lv["level"] is None] == []


def test_per_rule_entities_tested_and_passed() -> None:
    ops = aggregate(CARDS, RESULTS)["scorecards"][0]
    assert ops["scorecard"] == "ops"  # the order of the definitions is kept
    rows = {r["id"]: (r["entitiesTested"], r["entitiesPassed"], r["percentPassed"])
            for r in ops["rules"]}
    assert rows == {"a": (3, 2, 66.7), "b": (3, 1, 33.3), "c": (3, 2, 66.7)}


def test_waived_rules_count_as_passed() -> None:
    waived = record("component:default/v", "docs", "Bronze", {"d": False})
    waived["rules"][0]["waived"] = True
    docs = aggregate(CARDS, [waived])["scorecards"][0]
    assert docs["rules"][0]["entitiesPassed"] == 1


def test_grouped_by_team_with_the_teamless_last() -> None:
    groups = aggregate(CARDS, RESULTS)["groups"]
    assert [g["group"] for g in groups] == ["blue", "red", None]
    red = groups[1]
    assert red["entities"] == 2
    assert [(f["scorecard"], f["entities"], f["rulesPassed"]) for f in red["scorecards"]] == [
        ("ops", 2, 4)]
    assert "rules" not in red["scorecards"][0]


def test_grouped_by_a_recorded_property() -> None:
    results = [{**r, "groups": {"spec.system": "pay" if i % 2 else "search"}}
               for i, r in enumerate(RESULTS)]
    figures = aggregate(CARDS, results, "spec.system")
    assert figures["groupBy"] == "spec.system"
    assert [(g["group"], g["entities"]) for g in figures["groups"]] == [("pay", 2), ("search", 3)]


def test_floor_is_the_lowest_level_some_entity_is_at() -> None:
    ops = aggregate(CARDS, RESULTS)["scorecards"][0]
    assert floor(ops["levels"]) == (True, None)  # z reached no level
    assert floor(ops["levels"][:4]) == (True, "Bronze")  # Basic holds none
    assert floor([{"level": "Gold", "count": 0}]) == (False, None)
