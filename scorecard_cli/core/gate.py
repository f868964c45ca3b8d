"""The gate verdict of a run: what the exit code says, and why, computed in one place.

Exit codes (SPEC §9): 2 input errors, 1 the gate fails (an evaluation below its
threshold; with ``--strict``, any non-waived failing rule), 0 otherwise; ``exit_zero``
turns 1 into 0, never 2. Which failing rule *gates* is its severity (``core.severity``):
``error`` rules are the reasons the gate fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scorecard_cli.core.severity import ERROR


@dataclass(frozen=True)
class Verdict:
    """Counts behind the exit code of one run."""

    errors: int  # input errors
    below: int  # (entity, scorecard) pairs below their threshold
    strict_failures: int  # with --strict: pairs with a non-waived failing rule, else 0
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


def rule_gates(rule: dict) -> bool:
    """True when this rule's failure is a reason the gate fails (severity ``error``)."""
    return rule.get("severity") == ERROR


class Gate:
    """Which evaluations and which failing rules make a run's gate fail."""

    def __init__(self, result: Any, exit_zero: bool = False):
        self.strict = bool(getattr(result, "strict", False))
        results = result.results
        self.verdict = Verdict(
            errors=len(result.errors),
            below=sum(1 for r in results if r["belowThreshold"]),
            strict_failures=sum(1 for r in results if self._strict_fails(r)),
            gated=sum(1 for r in results if r["threshold"] is not None),
            evaluations=len(results),
            exit_zero=exit_zero,
        )

    def _strict_fails(self, record: dict) -> bool:
        return self.strict and any(rule_gates(rule) for rule in record["rules"])

    def record_fails(self, record: dict) -> bool:
        """True when this (entity, scorecard) evaluation makes the gate fail."""
        return bool(record["belowThreshold"]) or self._strict_fails(record)

    def rule_fails(self, rule: dict) -> bool:
        """True when this rule's failure is a reason the gate fails."""
        return rule_gates(rule)
