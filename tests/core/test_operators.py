"""The operators in, notIn, between, notBetween and ``not`` (SPEC §5.1): the cases of
operator_cases.yaml on both dialects at a fixed clock, and their definition errors."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from scorecard_cli.core.dates import DateRange, date_range
from scorecard_cli.core.errors import Problem
from scorecard_cli.core.model import Entity
from scorecard_cli.core.query import compile_query

DATA = yaml.safe_load((Path(__file__).parent / "operator_cases.yaml").read_text("utf-8"))
NOW = datetime.fromisoformat(DATA["now"].replace("Z", "+00:00")).timestamp()


def port(props: dict) -> Entity:
    return Entity("service:svc", "port", "service", {"identifier": "svc", "properties": props},
                  "e.json", "e.json", meta={"$identifier": "svc"})


def backstage(spec: dict) -> Entity:
    data = {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": {"name": "svc"}, "spec": spec}
    return Entity("component:default/svc", "backstage", "Component", data, "c.yaml", "c.yaml",
                  meta={"$identifier": "svc"})


def _cases() -> list:
    found = []
    for group in DATA["groups"]:
        condition = {"property": "p", "operator": group["operator"]}
        if "value" in group:
            condition["value"] = group["value"]
        if "not" in group:
            condition["not"] = group["not"]
        for case in group["cases"]:
            shown = "missing" if case.get("missing") else repr(case.get("prop"))
            label = f"{group['operator']}{' not' if group.get('not') else ''} " \
                    f"{group.get('value', '')!r} on {shown}"
            found.append(pytest.param(condition, case, id=label))
    return found


@pytest.mark.parametrize("make", [port, backstage], ids=["port", "backstage"])
@pytest.mark.parametrize(("condition", "case"), _cases())
def test_operator_case(make: Any, condition: dict, case: dict) -> None:
    query = compile_query({"combinator": "and", "conditions": [condition]})
    entity = make({} if case.get("missing") else {"p": case["prop"]})
    verdict = query.evaluate(entity, NOW)
    if case["expect"] == "error":
        assert verdict.passed is False
        assert verdict.error is not None and verdict.error.startswith("type mismatch: p ")
    else:
        assert (verdict.passed, verdict.error) == (case["expect"], None)
        if not verdict.passed:
            assert verdict.detail.startswith("p is ")


def test_presets_move_with_the_clock() -> None:
    query = compile_query({"conditions": [
        {"property": "p", "operator": "between", "value": {"preset": "lastWeek"}}]})
    entity = port({"p": "2026-11-30"})
    assert query.evaluate(entity, NOW).passed
    assert not query.evaluate(entity, NOW + 30 * 86400).passed


@pytest.mark.parametrize(("now", "preset", "first"), [
    ("2026-03-31T10:00:00Z", "lastMonth", "2026-02-28T10:00:00+00:00"),  # no February 31st
    ("2028-03-31T10:00:00Z", "lastMonth", "2028-02-29T10:00:00+00:00"),  # a leap year
    ("2026-01-15T00:00:00Z", "last3Months", "2025-10-15T00:00:00+00:00"),  # across a year
    ("2026-02-28T00:00:00Z", "last12Months", "2025-02-28T00:00:00+00:00"),
    ("2026-12-31T23:00:00Z", "tomorrow", "2027-01-01T00:00:00+00:00"),
])
def test_preset_bounds(now: str, preset: str, first: str) -> None:
    clock = datetime.fromisoformat(now.replace("Z", "+00:00")).timestamp()
    start, end = DateRange(preset=preset).bounds(clock)
    assert start.isoformat() == first
    assert end >= start


def test_presets_at_the_edge_of_the_calendar_do_not_crash() -> None:
    clock = datetime(1, 1, 1, tzinfo=timezone.utc).timestamp()
    for preset in ("yesterday", "lastMonth", "last12Months", "lastWeek"):
        start, end = DateRange(preset=preset).bounds(clock)
        assert start <= end


@pytest.mark.parametrize(("condition", "message"), [
    ({"operator": "between"}, "operator 'between' needs a 'value'"),
    ({"operator": "between", "value": "2026-01-01"},
     "operator 'between' needs a value {\"from\": ISO, \"to\": ISO} or {\"preset\": P}"),
    ({"operator": "between", "value": {"preset": "lastYear"}},
     ("unknown date preset 'lastYear' (known: today, tomorrow, yesterday, lastWeek, "
     "last2Weeks, lastMonth, last3Months, last6Months, last12Months)")),
    ({"operator": "notBetween", "value": {"from": "2026-02-01", "to": "2026-01-01"}},
     "the date range ends before it starts ('2026-02-01' > '2026-01-01')"),
    ({"operator": "between", "value": {"from": "2026-01-01"}}, "a date range needs 'to'"),
    ({"operator": "between", "value": {"from": "soon", "to": "2026-01-01"}},
     "'from' must be an ISO-8601 date or date-time (got 'soon')"),
    ({"operator": "between", "value": {"from": "2026-01-01", "to": "2026-02-01", "tz": 1}},
     "unknown key 'tz' in a date range"),
    ({"operator": "between", "value": {"preset": "today", "from": "2026-01-01"}},
     "unknown key 'from' next to 'preset'"),
    ({"operator": "in"}, "operator 'in' needs a 'value'"),
    ({"operator": "notIn", "value": [["a"]]}, "operator 'notIn' needs a list of strings"),
    ({"operator": "in", "value": [None]}, "operator 'in' needs a list of strings"),
    ({"operator": "isEmpty", "not": "yes"}, "'not' must be true or false (got 'yes')"),
])
def test_definition_errors(condition: dict, message: str) -> None:
    with pytest.raises(Problem) as raised:
        compile_query({"conditions": [{"property": "p", **condition}]})
    assert raised.value.message.startswith(message)


def test_date_range_value_is_checked_once() -> None:
    fixed = date_range("between", {"from": "2026-01-01", "to": "2026-01-01"})
    assert fixed.bounds(0)[1].isoformat() == "2026-01-01T23:59:59.999999+00:00"
    assert fixed.describe().startswith("2026-01-01T00:00:00+00:00 .. ")


def test_in_is_set_based_for_long_lists() -> None:
    values = [f"v{i}" for i in range(5000)]
    condition = compile_query({"conditions": [
        {"property": "p", "operator": "in", "value": values}]}).conditions[0]
    assert isinstance(condition.value, frozenset)
    assert compile_query({"conditions": [{"property": "p", "operator": "in", "value": values}]}
                         ).evaluate(port({"p": "v4999"}), NOW).passed
