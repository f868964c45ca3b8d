"""What every rule type shares: the outcome tuple, the context, param checking."""

from __future__ import annotations

from collections.abc import Callable
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
# A fact no later run satisfies (an empty clock window): for outcomes of this run only.
_NEVER_AGAIN = ["clock", None, [1.0, 0.0]]


class Budget:
    """Time that ``scm.file.contains`` may spend matching, for the whole run: the engine
    gives every entity's context the same one."""

    def __init__(self, seconds: float = RUN_MATCH_SECONDS):
        self.seconds = seconds
        self.spent = 0.0

    def left(self) -> float:
        """Seconds still to spend (zero or less when it is used up)."""
        return self.seconds - self.spent


class Context:
    """What a rule may read besides the entity: its source folder, the run clock and the
    run's matching budget.

    While the engine records (``facts`` is a list), every read of the repository and of
    the clock is written down there (see ``core.facts``), so that the result cache can
    tell when a stored result still holds. Rules read only through this object.
    """

    def __init__(self, source: Source | None, source_error: str | None, now: float,
                 facts: list | None = None, budget: Budget | None = None):
        self.source = source
        self.source_error = source_error
        self.budget = Budget() if budget is None else budget
        self._now = now
        self._recording: Any = None
        self.facts = facts

    def record(self, facts: list | None) -> None:
        """Write the facts of the next evaluations into ``facts`` (None: stop recording)."""
        self.facts = facts
        self._recording = None

    @property
    def now(self) -> float:
        """The run clock (seconds since the epoch); recorded as read exactly."""
        return self.clock()

    def clock(self, window: Callable[[float], tuple[float, float]] | None = None) -> float:
        """The run clock. ``window(now)`` may give the interval [low, high) of clocks for
        which the caller's outcome is the same; a cached result is then reused while the
        clock stays inside it. Without it, only the same clock reuses the result."""
        if self.facts is not None:
            from scorecard_cli.core.facts import clock_fact

            self.facts.append(clock_fact(self._now, window(self._now) if window else None))
        return self._now

    def this_run_only(self) -> None:
        """Mark the outcome being computed as one no later run may reuse (it depends on
        what else this run did, such as the matching budget)."""
        if self.facts is not None:
            self.facts.append(list(_NEVER_AGAIN))

    def require_source(self) -> Source:
        """The entity's source, or an EvalError saying why there is none."""
        if self.source is None:
            raise EvalError(self.source_error or "not in a git repository")
        if self.facts is None:
            return self.source
        if self._recording is None:
            from scorecard_cli.core.facts import RecordingSource

            self._recording = RecordingSource(self.source, self.facts)
        return self._recording  # type: ignore[no-any-return]


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
