"""Queries and operators (SPEC §5.1), compiled once at load time.

``compile_query`` checks a query definition and returns a ``Query`` whose
``evaluate(entity)`` gives a ``Verdict``. Comparison errors are verdicts with an
``error``, never exceptions.
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple

from scorecard_cli.core.dates import is_range_value
from scorecard_cli.core.errors import Problem
from scorecard_cli.core.model import Entity
from scorecard_cli.core.operators import OPERATORS, Mismatch, prepare_value
from scorecard_cli.core.paths import MISSING, describe, lookup, parse_path


class Verdict(NamedTuple):
    """The result of a query or condition: passed, error text, details, failing condition."""

    passed: bool
    error: str | None
    detail: str
    failed: Condition | None


class Condition:
    """One compiled ``{property | relation, operator, value, not}`` condition."""

    __slots__ = ("_fn", "_kind", "_negate", "_on_missing", "operator", "path", "property",
                 "raw_value", "reads_clock", "value")

    def __init__(self, spec: dict):
        unknown = set(spec) - {"property", "relation", "operator", "value", "not"}
        if unknown:
            key = min(unknown, key=str)
            raise Problem(f"unknown key {key!r} in a condition", (key,), at_key=True)
        self.property, self.path = _subject(spec)
        if "operator" not in spec:
            raise Problem("a condition needs an 'operator'")
        op = spec["operator"]
        if not isinstance(op, str) or op not in OPERATORS:
            raise Problem(
                f"unknown operator {op!r} (known: {', '.join(OPERATORS)})", ("operator",)
            )
        negate = spec.get("not", False)
        if not isinstance(negate, bool):
            raise Problem(f"'not' must be true or false (got {negate!r})", ("not",))
        self.operator = op
        self._negate = negate
        self.raw_value = spec.get("value", MISSING)
        # Port's schema lets "=" take a date range: it then means "between".
        entry = OPERATORS["between" if op == "=" and is_range_value(self.raw_value) else op]
        self._fn, self._kind, self._on_missing = entry
        self.value = prepare_value(op, self._kind, self.raw_value)
        # A date preset is a range ending at the run's clock: the result cache must know.
        self.reads_clock = self._kind == "range" and getattr(self.value, "preset", None) \
            is not None

    def evaluate(self, entity: Entity, now: float | None = None) -> Verdict:
        """Evaluate against an entity; ``now`` is the run's clock (for date presets)."""
        prop = lookup(entity, self.path)
        if prop is MISSING or prop is None:
            return self._verdict(self._on_missing, prop)
        value = self.value
        if self._kind == "range":
            value = value.bounds(time.time() if now is None else now)
        try:
            passed = self._fn(prop, value)
        except Mismatch as exc:
            return Verdict(False, f"type mismatch: {self.property} {self.operator}: {exc}",
                           self._explain(prop), self)
        except TypeError:
            return Verdict(False, f"type mismatch: cannot compare {describe(prop)} with "
                           f"{describe(self.raw_value)}", self._explain(prop), self)
        return self._verdict(passed, prop)


    def _verdict(self, passed: bool, prop: Any) -> Verdict:
        passed = passed != self._negate
        return Verdict(passed, None, "" if passed else self._explain(prop),
                       None if passed else self)

    def _explain(self, prop: Any) -> str:
        shown = self.value.describe() if self._kind == "range" else describe(self.raw_value)
        wanted = self.operator if self.raw_value is MISSING else f"{self.operator} {shown}"
        if self._negate:
            wanted = f"not {wanted}"
        return f"{self.property} is {describe(prop)} (wanted {wanted})"


def _subject(spec: dict) -> tuple[str, tuple]:
    """What a condition reads: a property path, or (Port's form) a relation by name."""
    if "property" in spec and "relation" in spec:
        raise Problem("a condition names either a 'property' or a 'relation', not both")
    if "relation" in spec:
        name = spec["relation"]
        if not isinstance(name, str) or not name.strip():
            raise Problem(f"a relation must be a non-empty name (got {name!r})", ("relation",))
        return name, ("relation", name)
    if "property" not in spec:
        raise Problem("a condition needs a 'property' (or a 'relation')")
    text = spec["property"]
    if not isinstance(text, str):
        raise Problem("a property path must be a non-empty string", ("property",))
    try:
        return text, parse_path(text)
    except ValueError as exc:
        raise Problem(str(exc), ("property",)) from None


class Query:
    """A compiled ``{combinator, conditions}`` query."""

    __slots__ = ("combinator", "conditions", "reads_clock")

    def __init__(self, spec: Any):
        if not isinstance(spec, dict):
            raise Problem(f"a query must be a mapping, got {spec!r}")
        unknown = set(spec) - {"combinator", "conditions"}
        if unknown:
            key = min(unknown, key=str)
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
        self.reads_clock = any(cond.reads_clock for cond in self.conditions)

    def evaluate(self, entity: Entity, now: float | None = None) -> Verdict:
        """Evaluate against an entity: ``and`` over none is true, ``or`` over none false.

        ``now`` is the run's clock, for date presets (the current time when None)."""
        if self.combinator == "and":
            for cond in self.conditions:
                verdict = cond.evaluate(entity, now)
                if not verdict.passed:
                    return verdict
            return Verdict(True, None, "", None)
        first: Verdict | None = None
        for cond in self.conditions:
            verdict = cond.evaluate(entity, now)
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
