"""What every rule type shares: the outcome tuple, the context, param checking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from scorecard_cli.core.errors import Problem

if TYPE_CHECKING:
    from scorecard_cli.core.scm import Source


class Outcome(NamedTuple):
    """The result of one rule on one entity. ``error`` set means an evaluation error."""

    passed: bool
    details: str
    error: str | None = None
    hint: Any = None  # rule-specific data for the fix suggestion (e.g. the failing condition)


class EvalError(Exception):
    """Raised inside a rule when it cannot be evaluated; the engine makes it an outcome."""


RUN_MATCH_SECONDS = 10.0


@dataclass
class Budget:
    """Time that ``scm.file.contains`` may spend matching, for the whole run: the engine
    gives every entity's context the same one."""

    seconds: float = RUN_MATCH_SECONDS
    spent: float = 0.0

    def left(self) -> float:
        """Seconds still to spend (zero or less when it is used up)."""
        return self.seconds - self.spent


@dataclass
class Context:
    """What a rule may read besides the entity: its source folder, the clock and the
    run's matching budget."""

    source: Source | None
    source_error: str | None
    now: float
    budget: Budget = field(default_factory=Budget)

    def require_source(self) -> Source:
        """The entity's source, or an EvalError saying why there is none."""
        if self.source is None:
            raise EvalError(self.source_error or "not in a git repository")
        return self.source


def check_params(params: Any, spec: dict[str, tuple[type | tuple, bool]]) -> dict:
    """Check ``params`` against ``{name: (types, required)}``; raise Problem with a key path."""
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise Problem(f"'params' must be a mapping, got {params!r}", ("params",))
    for name in params:
        if name not in spec:
            known = ", ".join(spec) or "none"
            raise Problem(f"unknown param {name!r} (known: {known})", ("params", name), at_key=True)
    for name, (types, required) in spec.items():
        if name not in params:
            if required:
                raise Problem(f"missing required param {name!r}", ("params",))
            continue
        value = params[name]
        if not isinstance(value, types) or isinstance(value, bool) and bool not in _tuple(types):
            raise Problem(
                f"param {name!r} must be {_type_names(types)}, got {value!r}", ("params", name)
            )
    return params


def _tuple(types: type | tuple) -> tuple:
    return types if isinstance(types, tuple) else (types,)


def _type_names(types: type | tuple) -> str:
    names = {str: "a string", int: "a number", float: "a number", list: "a list",
             dict: "a mapping", bool: "a boolean"}
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in _tuple(types)))


def require_text(params: dict, name: str) -> str:
    """A param that must be a non-blank string."""
    value = params[name]
    if not value.strip():
        raise Problem(f"param {name!r} must not be empty", ("params", name))
    return value
