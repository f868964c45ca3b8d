"""Achieved level and status (SPEC §3)."""

from __future__ import annotations

from scorecard_cli.core.model import Scorecard


def rule_level_indexes(scorecard: Scorecard) -> list[int]:
    """The level index of each rule, in rule order."""
    index = {level.title: i for i, level in enumerate(scorecard.levels)}
    return [index[rule.level] for rule in scorecard.rules]


def achieved_level(level_count: int, failing_levels: set[int]) -> int | None:
    """Highest level L such that no rule at L or below fails; None when the first fails.

    ``failing_levels`` holds the level index of every failing (non-waived) rule.
    """
    if not failing_levels:
        return level_count - 1
    lowest = min(failing_levels)
    return lowest - 1 if lowest > 0 else None


def status(all_passed: bool, any_error: bool, level: int | None, floor_has_rules: bool) -> str:
    """``success``, ``failed`` or ``partial`` for one (entity, scorecard) evaluation."""
    if all_passed:
        return "success"
    if any_error or level is None or (level == 0 and not floor_has_rules):
        return "failed"
    return "partial"
