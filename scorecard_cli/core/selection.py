"""``--select`` / ``--ignore``: which rules of which scorecards a run evaluates.

A pattern is a glob over ``scorecard/rule`` (``production-readiness/has-*``,
``*/has-readme``); a pattern without ``/`` names whole scorecards (``ownership`` is
``ownership/*``). Matching is case-sensitive, as ids are. A pattern that matches no rule
is a usage error, so a typo cannot silently change what CI checks.
"""

from __future__ import annotations

import dataclasses
import fnmatch

from scorecard_cli.core.errors import UsageError
from scorecard_cli.core.model import Scorecard


def _full(pattern: str) -> str:
    return pattern if "/" in pattern else f"{pattern}/*"


def _matches(pattern: str, scorecard: str, rule: str) -> bool:
    return fnmatch.fnmatchcase(f"{scorecard}/{rule}", _full(pattern))


def select_rules(scorecards: list[Scorecard], select: list[str], ignore: list[str]
                 ) -> list[Scorecard]:
    """The scorecards with only the selected, not ignored rules; a scorecard left with no
    rule is not evaluated. UsageError for a pattern that matches no rule."""
    if not select and not ignore:
        return scorecards
    pairs = [(sc.id, rule.id) for sc in scorecards for rule in sc.rules]
    for option, patterns in (("--select", select), ("--ignore", ignore)):
        for pattern in patterns:
            if not pattern.strip():
                raise UsageError(f"{option} {pattern!r}: empty pattern")
            if not any(_matches(pattern, sc, rule) for sc, rule in pairs):
                raise UsageError(f"{option} {pattern!r}: matches no rule (patterns are "
                                 "scorecard/rule globs, e.g. 'production-readiness/has-*')")
    kept = []
    for scorecard in scorecards:
        rules = tuple(
            rule for rule in scorecard.rules
            if (not select or any(_matches(p, scorecard.id, rule.id) for p in select))
            and not any(_matches(p, scorecard.id, rule.id) for p in ignore))
        if rules:
            kept.append(scorecard if len(rules) == len(scorecard.rules)
                        else dataclasses.replace(scorecard, rules=rules))
    return kept
