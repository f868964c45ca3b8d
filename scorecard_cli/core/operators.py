"""The query operators (SPEC §5.1): what each compares, and how its value is checked.

``OPERATORS`` maps an operator to ``(function(prop, value) -> bool, value kind, result on
a missing or null property)``; ``prepare_value`` checks a condition's value once, at load
time. A comparison the operator cannot make raises ``Mismatch`` (an evaluation error).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

from scorecard_cli.core.dates import as_datetime, date_range
from scorecard_cli.core.errors import Problem
from scorecard_cli.core.paths import MISSING, describe, is_empty

_NUMBER = re.compile(r"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$")


class Mismatch(Exception):
    """A comparison between values of types the operator cannot compare."""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: Any) -> str:
    """A string as is; a number by its decimal text."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if _is_number(value):
        return str(value)
    raise Mismatch(f"{describe(value)} is not text")


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
        raise Mismatch(f"{describe(prop)} is not a number")
    moment = as_datetime(prop)
    if moment is None:
        raise Mismatch(f"{describe(prop)} is not a number or an ISO-8601 date")
    return moment, value


def _contains(prop: Any, value: Any) -> bool:
    if isinstance(prop, list):
        return any(same(item, value) for item in prop)
    if isinstance(prop, (dict, bool)) or prop is None:
        raise Mismatch(f"{describe(prop)} is not text or a list")
    return _text(value) in _text(prop)


def _starts(prop: Any, value: Any) -> bool:
    if not isinstance(prop, str):
        raise Mismatch(f"{describe(prop)} is not text")
    return prop.startswith(value)


def _ends(prop: Any, value: Any) -> bool:
    if not isinstance(prop, str):
        raise Mismatch(f"{describe(prop)} is not text")
    return prop.endswith(value)


def _contains_any(prop: Any, members: frozenset) -> bool:
    """Some element of the list (a scalar: the value itself) is one of the listed values;
    by hashing (``member_key``), so 12,000 x 12,000 values is not 144 million comparisons."""
    items = prop if isinstance(prop, list) else [prop]
    return any(member_key(item) in members for item in items)


def _lt(prop: Any, value: Any) -> bool:
    a, b = _order_key(prop, value)
    return a < b


def _gt(prop: Any, value: Any) -> bool:
    a, b = _order_key(prop, value)
    return a > b


def member_key(value: Any) -> tuple | None:
    """A hashable key that is equal exactly when ``same`` is true; None for what has none
    (``True`` and ``1`` hash alike in Python, so the type goes into the key)."""
    if isinstance(value, bool):
        return ("bool", value)
    if _is_number(value):
        return ("number", value)
    if isinstance(value, str):
        return ("text", value)
    return None


def _in(prop: Any, members: frozenset) -> bool:
    """The value (or, for a list, any element) is one of the listed values."""
    if isinstance(prop, dict):
        raise Mismatch(f"{describe(prop)} is not a value or a list of values")
    items = prop if isinstance(prop, list) else [prop]
    return any(member_key(item) in members for item in items)


def _between(prop: Any, bounds: tuple[datetime, datetime]) -> bool:
    moment = as_datetime(prop)
    if moment is None:
        raise Mismatch(f"{describe(prop)} is not an ISO-8601 date or date-time")
    return bounds[0] <= moment <= bounds[1]


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
    "containsAny": (_contains_any, "members", False),
    "beginsWith": (_starts, "string", False),
    "doesNotBeginsWith": (lambda p, v: not _starts(p, v), "string", True),
    "endsWith": (_ends, "string", False),
    "doesNotEndsWith": (lambda p, v: not _ends(p, v), "string", True),
    "isEmpty": (lambda p, v: is_empty(p), "none", True),
    "isNotEmpty": (lambda p, v: not is_empty(p), "none", False),
    "in": (_in, "members", False),
    "notIn": (lambda p, v: not _in(p, v), "members", True),
    "between": (_between, "range", False),
    "notBetween": (lambda p, v: not _between(p, v), "range", True),
}


def _scalars(op: str, value: Any) -> list:
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, (dict, list)) or v is None for v in values):
        raise Problem(f"operator {op!r} needs a list of strings, numbers or booleans "
                      f"(got {value!r})", ("value",))
    return values


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


def prepare_value(op: str, kind: str, value: Any) -> Any:
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
        moment = as_datetime(value)
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
    if kind == "range":
        return date_range(op, value)
    if kind == "members":
        return frozenset(member_key(v) for v in _scalars(op, value))
    return _scalars(op, value)
