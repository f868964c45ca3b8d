"""``validate`` warns, naming Port's rule, where Port itself would refuse a Port-dialect
scorecard (SPEC §5.1); native scorecards and clean Port ones get no warning."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.core.test_port_api import SCORECARD


def test_port_warnings_in_validate(check: Callable[..., list[str]]) -> None:
    scorecard = {"identifier": "w", "title": "W",
                 "levels": [{"title": "Basic", "color": "paleBlue"},
                            {"title": "Bronze", "color": "copper"},
                            {"title": "Silver", "color": "silver"}],
                 "filter": {"combinator": "and", "conditions": []},
                 "rules": [
                     {"identifier": "floor", "title": "On the floor", "level": "basic",
                      "query": {"combinator": "and", "conditions": [
                          {"property": "a", "operator": "isEmpty", "not": True}]}},
                     {"identifier": "neg", "title": "Negated", "level": "Silver",
                      "query": {"combinator": "or", "conditions": [
                          {"combinator": "and", "conditions": []},
                          {"property": "a", "operator": "=", "value": 1, "not": True}]}}]}
    found = check("sc.json", json.dumps(scorecard, indent=1))
    messages = [line.split(": ", 1)[1] for line in found]
    assert messages == [
        ("warning: Port refuses the level color 'copper': its palette is blue, turquoise, "
        "orange, purple, pink, yellow, green, red, gold, silver, paleBlue, darkGray, "
        "lightGray, bronze"),
        ("warning: Port refuses a query with no conditions (its API wants at least one); here "
        "'and' over none passes and 'or' over none fails"),
        ("warning: Port refuses a rule on the first level ('Basic' is the base level every "
        "entity starts at; put the rule on a higher level)"),
        ("warning: Port refuses a query with no conditions (its API wants at least one); here "
        "'and' over none passes and 'or' over none fails"),
        ("warning: Port accepts 'not' only on isEmpty and isNotEmpty conditions (this one is "
        "'=')"),
    ]


def test_no_port_warnings_for_native_scorecards_or_clean_port_ones(
        check: Callable[..., list[str]]) -> None:
    native = {"id": "n", "levels": [{"title": "Floor", "color": "copper"}, "Up"],
              "rules": [{"id": "r", "level": "Floor", "type": "entity.field.exists",
                         "params": {"field": "spec.owner"}}]}
    assert check("scorecard.json", json.dumps(native)) == []
    assert check("port.json", json.dumps({"ok": True, "scorecards": [SCORECARD]})) == []
