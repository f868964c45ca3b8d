"""Queries and operators (SPEC §5.1), compiled once at load time.

``compile_query`` checks a query definition and returns a ``Query`` whose
``evaluate(entity)`` gives a ``Verdict``. Comparison errors are verdicts with an
``error``, never exceptions.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any, NamedTuple

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.members import ValueSet
from scorecard_cli.core.model import Entity
from scorecard_cli.core.paths import MISSING, describe, is_empty, lookup, parse_path


class Verdict(NamedTuple):
    """The result of a query or condition: passed, error text, details, failing condition."""

    passed: bool
    error: str | None
    detail: str
    failed: Condition | None


class _Mismatch(Exception):
    """A comparison between values of types the operator cannot compare."""


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$")
_NUMBER = re.compile(r"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_datetime(value: Any) -> datetime | None:
    """An ISO-8601 date or date-time as an aware datetime (naive means UTC); else None."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and _DATE.match(value.strip()):
        text = value.strip().replace(" ", "T", 1).replace("t", "T", 1)
        if text[-1] in "Zz":
            text = text[:-1] + "+00:00"
        elif len(text) > 5 and text[-5] in "+-" and text[-3] != ":" and "T" in text:
            text = text[:-2] + ":" + text[-2:]
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _text(value: Any) -> str:
    """A string as is; a number by its decimal text."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if _is_number(value):
        return str(value)
    raise _Mismatch(f"{describe(value)} is not text")


def same(a: Any, b: Any) -> bool:
    """Equality by type and value, without coercion (``"5" = 5`` and ``1 = true`` are false)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if _is_number(a) and _is_number(b):
        return a == b
    return type(a) is type(b) and a == b


def _order_key(prop: Any, value: Any) -> tuple:
    if _is_number(value):
        if _is_number(prop):
            return prop, value
        raise _Mismatch(f"{describe(prop)} is not a number")
    moment = _as_datetime(prop)
    if moment is None:
        raise _Mismatch(f"{describe(prop)} is not a number or an ISO-8601 date")
    return moment, value


def _contains(prop: Any, value: Any) -> bool:
    if isinstance(prop, list):
        return any(same(item, value) for item in prop)
    if isinstance(prop, (dict, bool)) or prop is None:
        raise _Mismatch(f"{describe(prop)} is not text or a list")
    return _text(value) in _text(prop)


def _starts(prop: Any, value: Any) -> bool:
    if not isinstance(prop, str):
        raise _Mismatch(f"{describe(prop)} is not text")
    return prop.startswith(value)


def _ends(prop: Any, value: Any) -> bool:
    if not isinstance(prop, str):
        raise _Mismatch(f"{describe(prop)} is not text")
    return prop.endswith(value)


def _contains_any(prop: Any, values: ValueSet) -> bool:
    return values.any_in(prop if isinstance(prop, list) else [prop])


def _lt(prop: Any, value: Any) -> bool:
    a, b = _order_key(prop, value)
    return a < b


def _gt(prop: Any, value: Any) -> bool:
    a, b = _order_key(prop, value)
    return a > b


# operator -> (function(prop, value) -> bool, value kind, true on missing/null)
OPERATORS: dict[str, tuple[Callable[[Any, Any], bool], str, bool]] = {
    "=": (same, "scalar", False),
    "!=": (lambda p, v: not same(p, v), "scalar", True),
    "<": (_lt, "order", False),
    ">": (_gt, "order", False),
    "<=": (lambda p, v: not _gt(p, v), "order", False),
    ">=": (lambda p, v: not _lt(p, v), "order", False),
    "contains": (_contains, "text", False),
    "doesNotContains": (lambda p, v: not _contains(p, v), "text", True),
    "containsAny": (_contains_any, "list", False),
    "beginsWith": (_starts, "string", False),
    "doesNotBeginsWith": (lambda p, v: not _starts(p, v), "string", True),
    "endsWith": (_ends, "string", False),
    "doesNotEndsWith": (lambda p, v: not _ends(p, v), "string", True),
    "isEmpty": (lambda p, v: is_empty(p), "none", True),
    "isNotEmpty": (lambda p, v: not is_empty(p), "none", False),
}


def _prepare_value(op: str, kind: str, value: Any) -> Any:
    """Check a condition's value for its operator; return the value to compare with."""
    if kind == "none":
        return None
    if value is MISSING:
        raise Problem(f"operator {op!r} needs a 'value'")
    if kind == "scalar":
        if isinstance(value, (dict, list)) or value is None:
            raise Problem(f"operator {op!r} compares a string, number or boolean, got {value!r}",
                          ("value",))
        return value
    if kind == "order":
        if _is_number(value):
            return value
        if isinstance(value, str) and _NUMBER.match(value):
            return _number(op, value)
        moment = _as_datetime(value)
        if moment is None:
            raise Problem(
                f"operator {op!r} needs a number or an ISO-8601 date, got {value!r}", ("value",)
            )
        return moment
    if kind == "text":
        if not (isinstance(value, str) or _is_number(value) or isinstance(value, bool)):
            raise Problem(f"operator {op!r} needs a string or number, got {value!r}", ("value",))
        return value
    if kind == "string":
        if not isinstance(value, str):
            raise Problem(f"operator {op!r} needs a string, got {value!r}", ("value",))
        return value
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, (dict, list)) for v in values):
        raise Problem(f"operator {op!r} needs a list of strings, numbers or booleans", ("value",))
    return ValueSet(values)


def _number(op: str, value: str) -> int | float:
    """The number a numeric string writes; Problem past Python's int-string limit."""
    if any(c in value for c in ".eE"):
        return float(value)
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    digits = sum(c.isdigit() for c in value)
    if limit and digits > limit:
        raise Problem(f"operator {op!r}: the number {value.strip()[:12]}... has {digits} "
                      f"digits (the limit is {limit})", ("value",))
    return int(value)


class Condition:
    """One compiled ``{property, operator, value}`` condition."""

    __slots__ = ("_fn", "_on_missing", "operator", "path", "property", "raw_value", "value")

    def __init__(self, spec: dict):
        unknown = set(spec) - {"property", "operator", "value"}
        if unknown:
            key = min(unknown)
            raise Problem(f"unknown key {key!r} in a condition", (key,), at_key=True)
        if "property" not in spec:
            raise Problem("a condition needs a 'property'")
        if "operator" not in spec:
            raise Problem("a condition needs an 'operator'")
        self.property = spec["property"]
        if not isinstance(self.property, str):
            raise Problem("a property path must be a non-empty string", ("property",))
        try:
            self.path = parse_path(self.property)
        except ValueError as exc:
            raise Problem(str(exc), ("property",)) from None
        op = spec["operator"]
        if not isinstance(op, str) or op not in OPERATORS:
            raise Problem(
                f"unknown operator {op!r} (known: {', '.join(OPERATORS)})", ("operator",)
            )
        self.operator = op
        self._fn, kind, self._on_missing = OPERATORS[op]
        self.raw_value = spec.get("value", MISSING)
        self.value = _prepare_value(op, kind, self.raw_value)

    def evaluate(self, entity: Entity) -> Verdict:
        """Evaluate against an entity."""
        prop = lookup(entity, self.path)
        if prop is MISSING or prop is None:
            passed = self._on_missing
            return Verdict(passed, None, "" if passed else self._explain(prop), None if passed else self)
        try:
            passed = self._fn(prop, self.value)
        except _Mismatch as exc:
            return Verdict(False, f"type mismatch: {self.property} {self.operator}: {exc}",
                           self._explain(prop), self)
        except TypeError:
            return Verdict(False, f"type mismatch: cannot compare {describe(prop)} with "
                           f"{describe(self.raw_value)}", self._explain(prop), self)
        return Verdict(passed, None, "" if passed else self._explain(prop), None if passed else self)

    def _explain(self, prop: Any) -> str:
        wanted = self.operator if self.raw_value is MISSING else (
            f"{self.operator} {describe(self.raw_value)}")
        return f"{self.property} is {describe(prop)} (wanted {wanted})"


class Query:
    """A compiled ``{combinator, conditions}`` query."""

    __slots__ = ("combinator", "conditions")

    def __init__(self, spec: Any):
        if not isinstance(spec, dict):
            raise Problem(f"a query must be a mapping, got {spec!r}")
        unknown = set(spec) - {"combinator", "conditions"}
        if unknown:
            key = min(unknown)
            raise Problem(f"unknown key {key!r} in a query", (key,), at_key=True)
        combinator = spec.get("combinator", "and")
        if combinator not in ("and", "or"):
            raise Problem(f"unknown combinator {combinator!r} (use 'and' or 'or')", ("combinator",))
        conditions = spec.get("conditions", [])
        if not isinstance(conditions, list):
            raise Problem("'conditions' must be a list", ("conditions",))
        self.combinator = combinator
        self.conditions: list = []
        for i, item in enumerate(conditions):
            if not isinstance(item, dict):
                raise Problem(f"a condition must be a mapping, got {item!r}", ("conditions", i))
            try:
                self.conditions.append(Query(item) if "conditions" in item or "combinator" in item
                                       else Condition(item))
            except Problem as problem:
                raise problem.within("conditions", i) from None

    def evaluate(self, entity: Entity) -> Verdict:
        """Evaluate against an entity: ``and`` over none is true, ``or`` over none false."""
        if self.combinator == "and":
            for cond in self.conditions:
                verdict = cond.evaluate(entity)
                if not verdict.passed:
                    return verdict
            return Verdict(True, None, "", None)
        first: Verdict | None = None
        for cond in self.conditions:
            verdict = cond.evaluate(entity)
            if verdict.passed:
                return verdict
            if first is None or (verdict.error and not first.error):
                first = verdict
        if first is None:
            return Verdict(False, None, "no condition to satisfy ('or' over none)", None)
        detail = first.detail if len(self.conditions) == 1 else (
            f"none of {len(self.conditions)} conditions held; first: {first.detail}")
        return Verdict(False, first.error, detail, first.failed)


def compile_query(spec: Any) -> Query:
    """Check and compile a query definition; raise Problem with a key path."""
    return Query(spec)
