"""``scm.recentCommit``: the last commit touching the entity's source is recent.

Params: ``days`` — the largest age, in days, of the newest commit that touches the
source folder (at the snapshot's ref; HEAD for the working tree).
"""

from __future__ import annotations

import math
from typing import Any

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.model import Entity
from scorecard_cli.core.rules.base import Context, Outcome, check_params

TYPE = "scm.recentCommit"
DAY = 86400.0
FAR = 1e18  # a clock value no run reaches, for windows open at one end
TITLE = "Recent commit"
PARAMS = {"days": ((int, float), True)}


def prepare(params: Any) -> float:
    """Check params; return the number of days."""
    days = check_params(params, PARAMS)["days"]
    if math.isnan(days) or math.isinf(days):
        raise Problem(f"param 'days' must be a finite number of days, got {days!r}",
                      ("params", "days"))
    if days < 0:
        raise Problem(f"param 'days' must not be negative, got {days!r}", ("params", "days"))
    return days


def evaluate(entity: Entity, days: float, ctx: Context) -> Outcome:
    """Pass when the newest commit touching the source is at most ``days`` old."""
    source = ctx.require_source()
    when = source.last_commit_time()
    if when is None:
        return Outcome(False, f"no commit touches{source.where() or ' the repository'}")
    age = max(0.0, (ctx.clock(lambda now: _window(now, when, days)) - when) / DAY)
    shown = f"{age:.0f} day{'s' if round(age) != 1 else ''} ago"
    if age <= days:
        return Outcome(True, f"last commit {shown}")
    return Outcome(False, f"last commit {shown} (the limit is {days:g} days)", hint=age)


def _window(now: float, when: float, days: float) -> tuple[float, float]:
    """The clocks [low, high) that give the same outcome as ``now``: the same side of the
    limit, and the same age once rounded to whole days for the message."""
    age = (now - when) / DAY
    if age <= 0:
        return -FAR, when
    whole = math.floor(age + 0.5)
    low, high = when + max(0.0, whole - 0.5) * DAY, when + (whole + 0.5) * DAY
    limit = when + days * DAY
    if low < limit < high:
        low, high = (low, limit) if now <= limit else (limit, high)
    return low, high


def paths(days: float) -> tuple[str, ...]:
    """The rule paths this rule looks up (none: it reads history, not files)."""
    return ()
