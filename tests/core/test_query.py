"""Queries and every operator of SPEC §5.1: present, missing, null and mistyped values."""

from __future__ import annotations

import pytest

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.model import Entity
from scorecard_cli.core.query import compile_query


def port(properties: dict) -> Entity:
    return Entity(ref="service:svc", dialect="port", blueprint="service",
                  data={"identifier": "svc", "properties": properties}, file="/e.json",
                  display="e.json", meta={"$identifier": "svc", "$title": "svc",
                                          "$team": None, "$blueprint": "service"})


PROPS = {
    "name": "payments-api",
    "count": 3,
    "ratio": 2.5,
    "flag": True,
    "zero": 0,
    "tags": ["tier-1", "python", 7],
    "created": "2024-03-01",
    "seen": "2024-03-01T10:00:00Z",
    "numtext": "5",
    "nothing": None,
    "blank": "  ",
    "mapping": {"a": 1},
}


def run(prop: str, op: str, value: object = "<none>") -> tuple[bool, str | None]:
    cond: dict = {"property": prop, "operator": op}
    if value != "<none>":
        cond["value"] = value
    verdict = compile_query({"combinator": "and", "conditions": [cond]}).evaluate(port(PROPS))
    return verdict.passed, verdict.error


CASES = [
    # = and != : type and value, no coercion
    ("name", "=", "payments-api", True), ("name", "=", "Payments-API", False),
    ("count", "=", 3, True), ("count", "=", 3.0, True), ("count", "=", "3", False),
    ("numtext", "=", 5, False), ("flag", "=", True, True), ("flag", "=", 1, False),
    ("zero", "=", False, False), ("missing", "=", "x", False), ("nothing", "=", "x", False),
    ("name", "!=", "other", True), ("name", "!=", "payments-api", False),
    ("count", "!=", "3", True), ("missing", "!=", "x", True), ("nothing", "!=", "x", True),
    # ordering: numbers, numeric strings as rule values, dates
    ("count", "<", 5, True), ("count", "<", 3, False), ("count", "<=", 3, True),
    ("count", ">", 2, True), ("count", ">=", 4, False), ("ratio", ">", "2", True),
    ("count", ">=", "3", True), ("count", "<", "3.5", True),
    ("created", "<", "2024-06-01", True), ("created", ">", "2024-06-01", False),
    ("seen", ">", "2024-03-01", True), ("seen", "<=", "2024-03-01T10:00:00+00:00", True),
    ("created", ">=", "2024-03-01T00:00:00Z", True),
    ("missing", "<", 5, False), ("nothing", ">", 5, False),
    # contains / doesNotContains
    ("name", "contains", "pay", True), ("name", "contains", "PAY", False),
    ("count", "contains", 3, True), ("ratio", "contains", "2.5", True),
    ("tags", "contains", "python", True), ("tags", "contains", "pyth", False),
    ("tags", "contains", 7, True), ("missing", "contains", "x", False),
    ("name", "doesNotContains", "xyz", True), ("name", "doesNotContains", "pay", False),
    ("missing", "doesNotContains", "x", True), ("tags", "doesNotContains", "go", True),
    # containsAny
    ("tags", "containsAny", ["go", "tier-1"], True), ("tags", "containsAny", ["go"], False),
    ("name", "containsAny", ["payments-api", "x"], True), ("name", "containsAny", "x", False),
    ("tags", "containsAny", "python", True), ("missing", "containsAny", ["x"], False),
    # prefixes and suffixes
    ("name", "beginsWith", "pay", True), ("name", "beginsWith", "Pay", False),
    ("name", "endsWith", "-api", True), ("name", "endsWith", "API", False),
    ("name", "doesNotBeginsWith", "x", True), ("name", "doesNotBeginsWith", "pay", False),
    ("name", "doesNotEndsWith", "x", True), ("name", "doesNotEndsWith", "api", False),
    ("missing", "beginsWith", "x", False), ("missing", "endsWith", "x", False),
    ("missing", "doesNotBeginsWith", "x", True), ("nothing", "doesNotEndsWith", "x", True),
    # emptiness
    ("missing", "isEmpty", "<none>", True), ("nothing", "isEmpty", "<none>", True),
    ("blank", "isEmpty", "<none>", True), ("zero", "isEmpty", "<none>", False),
    ("flag", "isNotEmpty", "<none>", True), ("mapping", "isNotEmpty", "<none>", True),
    ("missing", "isNotEmpty", "<none>", False),
]


@pytest.mark.parametrize(("prop", "op", "value", "expected"), CASES)
def test_operator(prop: str, op: str, value: object, expected: bool) -> None:
    passed, error = run(prop, op, value)
    assert (passed, error) == (expected, None)


MISMATCHES = [
    ("name", "<", 5), ("numtext", ">", 1), ("flag", ">", 0), ("tags", "<", 3),
    ("count", "<", "2024-01-01"), ("name", ">=", "2024-01-01"), ("mapping", "contains", "a"),
    ("flag", "contains", "x"), ("count", "beginsWith", "3"), ("tags", "endsWith", "x"),
]


@pytest.mark.parametrize(("prop", "op", "value"), MISMATCHES)
def test_type_mismatch_is_an_evaluation_error(prop: str, op: str, value: object) -> None:
    passed, error = run(prop, op, value)
    assert passed is False
    assert error is not None
    assert error.startswith("type mismatch")


def test_combinators() -> None:
    entity = port(PROPS)
    yes = {"property": "count", "operator": "=", "value": 3}
    no = {"property": "count", "operator": "=", "value": 4}
    assert compile_query({"combinator": "and", "conditions": []}).evaluate(entity).passed
    assert not compile_query({"combinator": "or", "conditions": []}).evaluate(entity).passed
    assert not compile_query({"combinator": "and", "conditions": [yes, no]}).evaluate(entity).passed
    assert compile_query({"combinator": "or", "conditions": [no, yes]}).evaluate(entity).passed
    nested = {"combinator": "and", "conditions": [
        yes, {"combinator": "or", "conditions": [no, {"property": "flag", "operator": "=",
                                                      "value": True}]}]}
    assert compile_query(nested).evaluate(entity).passed


def test_failing_query_names_the_condition() -> None:
    query = compile_query({"combinator": "and", "conditions": [
        {"property": "count", "operator": ">", "value": 10}]})
    verdict = query.evaluate(port(PROPS))
    assert verdict.detail == "count is 3 (wanted > 10)"
    assert verdict.failed is not None and verdict.failed.property == "count"


@pytest.mark.parametrize(("query", "message", "keys"), [
    ({"combinator": "xor", "conditions": []}, "unknown combinator 'xor'", ("combinator",)),
    ({"conditions": [{"property": "a", "operator": "~=", "value": 1}]}, "unknown operator '~='",
     ("conditions", 0, "operator")),
    ({"conditions": [{"property": "a", "operator": "="}]}, "needs a 'value'", ("conditions", 0)),
    ({"conditions": [{"property": "a", "operator": "<", "value": "soon"}]},
     "needs a number or an ISO-8601 date, got 'soon'", ("conditions", 0, "value")),
    ({"conditions": [{"property": "a", "operator": "beginsWith", "value": 3}]},
     "needs a string, got 3", ("conditions", 0, "value")),
    ({"conditions": [{"property": "a..b", "operator": "isEmpty"}]}, "malformed property path",
     ("conditions", 0, "property")),
    ({"conditions": [{"operator": "isEmpty"}]}, "needs a 'property'", ("conditions", 0)),
    ({"conditions": [{"property": "a", "operator": "isEmpty", "valeu": 1}]},
     "unknown key 'valeu'", ("conditions", 0, "valeu")),
    ({"conditions": "a"}, "'conditions' must be a list", ("conditions",)),
    ({"conditions": [{"conditions": [{"property": "a", "operator": "?"}]}]},
     "unknown operator", ("conditions", 0, "conditions", 0, "operator")),
    ("and", "a query must be a mapping", ()),
])
def test_bad_queries_are_definition_problems(query: object, message: str, keys: tuple) -> None:
    with pytest.raises(Problem) as info:
        compile_query(query)
    assert message in info.value.message
    assert info.value.keys == keys
