"""The gate verdict of a run: what the exit code says, and why, computed in one place.

Exit codes (SPEC §9): 2 input errors, 1 an evaluation below its threshold (with
``strict``: any non-waived failing rule), 0 otherwise; ``exit_zero`` turns 1 into 0,
never 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Verdict:
    """Counts behind the exit code of one run."""

    errors: int  # input errors
    below: int  # (entity, scorecard) pairs below their threshold
    strict_failures: int  # with strict: pairs with a non-waived failing rule, else 0
    gated: int  # pairs that have a threshold
    evaluations: int
    exit_zero: bool = False

    @property
    def failed(self) -> bool:
        """True when the gate fails (before ``exit_zero``)."""
        return bool(self.errors or self.below or self.strict_failures)

    @property
    def code(self) -> int:
        """The exit code: 2, 1 or 0."""
        if self.errors:
            return 2
        if (self.below or self.strict_failures) and not self.exit_zero:
            return 1
        return 0


def fails_strict(record: dict) -> bool:
    """True when an evaluation has a failing rule that is not waived."""
    return any(not rule["passed"] and not rule["waived"] for rule in record["rules"])


class Gate:
    """Which evaluations and which failing rules make a run's gate fail.

    A failing, non-waived rule *gates* when its level is at or below the evaluation's
    threshold (the entity cannot reach the threshold while it fails), or, with
    ``strict``, always. Reporters use this to pick severities and what ``--quiet`` shows.
    """

    def __init__(self, result: Any, strict: bool = False, exit_zero: bool = False):
        self.strict = strict
        self.exit_zero = exit_zero
        self._order = {sc["id"]: {lv["title"].casefold(): i for i, lv in enumerate(sc["levels"])}
                       for sc in result.scorecards}
        results = result.results
        self.verdict = Verdict(
            errors=len(result.errors),
            below=sum(1 for r in results if r["belowThreshold"]),
            strict_failures=sum(1 for r in results if fails_strict(r)) if strict else 0,
            gated=sum(1 for r in results if r["threshold"] is not None),
            evaluations=len(results),
            exit_zero=exit_zero,
        )

    def record_fails(self, record: dict) -> bool:
        """True when this (entity, scorecard) evaluation makes the gate fail."""
        return bool(record["belowThreshold"]) or (self.strict and fails_strict(record))

    def rule_fails(self, record: dict, rule: dict) -> bool:
        """True when this rule's failure is a reason the gate fails."""
        if rule["passed"] or rule["waived"]:
            return False
        if self.strict:
            return True
        threshold = record["threshold"]
        if threshold is None:
            return False
        order = self._order.get(record["scorecard"], {})
        wanted = order.get(threshold.casefold())
        level = order.get(str(rule["level"]).casefold())
        return wanted is not None and level is not None and level <= wanted
