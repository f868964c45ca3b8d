"""Achieved level and status (SPEC §3), as Port computes them.

Walk the levels from the lowest up. The first level is the floor. A level that holds
rules is reached when every rule at it and at every level below it passes; a level
that holds no rules is reached only when some higher level that holds rules is
reached. The achieved level is the highest level reached; it is ``None`` when the
first level holds rules (a native-dialect extension) and one of them fails.
"""

from __future__ import annotations

from collections.abc import Collection

from scorecard_cli.core.model import Scorecard


def rule_level_indexes(scorecard: Scorecard) -> list[int]:
    """The level index of each rule, in rule order."""
    index = {level.title: i for i, level in enumerate(scorecard.levels)}
    return [index[rule.level] for rule in scorecard.rules]


def achieved_level(rule_levels: Collection[int], failing_levels: Collection[int]) -> int | None:
    """The index of the highest level reached, or None when the first level fails.

    ``rule_levels`` holds the index of every level that holds at least one rule;
    ``failing_levels`` the level index of every failing (non-waived) rule.
    """
    lowest_failing = min(failing_levels, default=None)
    reached = [i for i in rule_levels if lowest_failing is None or i < lowest_failing]
    if reached:
        return max(reached)
    # No level with rules is reached: the floor, unless the floor's own rules fail.
    return None if 0 in rule_levels else 0


def status(all_passed: bool, any_error: bool, level: int | None, floor_has_rules: bool) -> str:
    """``success``, ``failed`` or ``partial`` for one (entity, scorecard) evaluation."""
    if all_passed:
        return "success"
    if any_error or level is None or (level == 0 and not floor_has_rules):
        return "failed"
    return "partial"
