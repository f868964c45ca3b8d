"""Initiatives: groups of scorecards with a target level and a due date.

Declared in ``.scorecard.yaml``::

    initiatives:
      - name: Production ready
        scorecards: [production-readiness]
        target: Silver
        due: 2027-03-31
        filter: {combinator: and, conditions: [{property: spec.lifecycle, operator: "=",
                                                 value: production}]}

An (entity, scorecard) pair counts for an initiative when the scorecard is one of its
scorecards and the filter (a query, like a scorecard's) selects the entity; the pair is
*done* when its level is the target or higher. ``check`` records in each result the
initiatives it counts for, so ``report --from`` can measure progress from result files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scorecard_cli.core.aggregate import group_of, percent
from scorecard_cli.core.errors import Problem, UsageError
from scorecard_cli.core.model import Entity, Scorecard
from scorecard_cli.core.query import Query, compile_query

INITIATIVE_KEYS = ("name", "description", "scorecards", "target", "due", "filter")


@dataclass(frozen=True)
class Initiative:
    """One initiative of the configuration."""

    name: str
    scorecards: tuple[str, ...]
    target: str
    due: str  # ISO date
    description: str | None = None
    filter: Query | None = None

    def selects(self, entity: Entity, scorecard_id: str, now: float | None = None) -> bool:
        """True when the (entity, scorecard) pair counts for this initiative (``now``: the
        run's clock, for date presets in the filter)."""
        return scorecard_id in self.scorecards and (
            self.filter is None or self.filter.evaluate(entity, now).passed)


def _text(raw: dict, key: str, keys: tuple) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        shown = "missing" if key not in raw else f"got {value!r}"
        raise Problem(f"an initiative needs '{key}' as a non-empty string ({shown})",
                      (*keys, key) if key in raw else keys)
    return value.strip()


def parse_initiative(raw: Any, index: int) -> Initiative:
    """One initiative from the configuration; Problem (with its key path) when wrong."""
    keys = ("initiatives", index)
    if not isinstance(raw, dict):
        raise Problem(f"an initiative must be a mapping (got {raw!r})", keys)
    for key in raw:
        if key not in INITIATIVE_KEYS:
            raise Problem(f"unknown key {key!r} in an initiative (known: "
                          f"{', '.join(INITIATIVE_KEYS)})", (*keys, key), at_key=True)
    name, target = _text(raw, "name", keys), _text(raw, "target", keys)
    scorecards = raw.get("scorecards")
    if isinstance(scorecards, str):
        scorecards = [scorecards]
    if not isinstance(scorecards, list) or not scorecards or not all(
            isinstance(s, str) and s.strip() for s in scorecards):
        raise Problem(f"'scorecards' must be a list of scorecard ids (got {scorecards!r})",
                      (*keys, "scorecards") if "scorecards" in raw else keys)
    due = raw.get("due")
    if isinstance(due, dt.date):
        due = due.isoformat()
    try:
        due = dt.date.fromisoformat(str(due).strip()).isoformat()
    except ValueError:
        raise Problem(f"'due' must be a date like 2027-03-31 (got {raw.get('due')!r})",
                      (*keys, "due") if "due" in raw else keys) from None
    query = None
    if raw.get("filter") is not None:
        try:
            query = compile_query(raw["filter"])
        except Problem as problem:
            raise problem.within(*keys, "filter") from None
    description = raw.get("description")
    return Initiative(name, tuple(s.strip() for s in scorecards), target, due,
                      description if isinstance(description, str) else None, query)


def parse_initiatives(raw: Any) -> list[Initiative]:
    """Every initiative of the configuration's ``initiatives`` list; names are unique."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Problem(f"'initiatives' must be a list (got {raw!r})", ("initiatives",))
    found = [parse_initiative(item, i) for i, item in enumerate(raw)]
    seen: set[str] = set()
    for index, initiative in enumerate(found):
        if initiative.name.casefold() in seen:
            raise Problem(f"two initiatives are named {initiative.name!r}",
                          ("initiatives", index, "name"))
        seen.add(initiative.name.casefold())
    return found


def find(initiatives: list[Initiative], name: str) -> Initiative:
    """The initiative called ``name`` (case-insensitive), or a UsageError naming the others."""
    for initiative in initiatives:
        if initiative.name.casefold() == name.casefold():
            return initiative
    known = ", ".join(repr(i.name) for i in initiatives) or "none is configured"
    raise UsageError(f"--initiative {name!r}: no such initiative ({known})")


def check_against(initiative: Initiative, scorecards: list[Scorecard]) -> None:
    """UsageError when a scorecard of the initiative is not loaded or lacks its target."""
    by_id = {sc.id: sc for sc in scorecards}
    for scorecard_id in initiative.scorecards:
        scorecard = by_id.get(scorecard_id)
        if scorecard is None:
            raise UsageError(f"initiative {initiative.name!r}: no scorecard {scorecard_id!r} "
                             f"is loaded")
        if scorecard.level_index(initiative.target) is None:
            raise UsageError(f"initiative {initiative.name!r}: {initiative.target!r} is not a "
                             f"level of scorecard {scorecard_id!r}")


def threshold(initiative: Initiative, now: float) -> Callable[[Entity, Scorecard], str | None]:
    """The gate of ``check --initiative``: the target level for the pairs it counts."""
    return lambda entity, scorecard: (initiative.target if initiative.selects(
        entity, scorecard.id, now) else None)


def record_membership(results: list[dict], entities: dict[str, Entity],
                      initiatives: list[Initiative], now: float) -> None:
    """Write into each result the names of the initiatives it counts for."""
    for record in results:
        entity = entities.get(record["entity"])
        record["initiatives"] = [i.name for i in initiatives if entity is not None
                                 and i.selects(entity, record["scorecard"], now)]


def _members(initiative: Initiative, results: list[dict]) -> tuple[list[dict], bool]:
    """The results counting for the initiative, and whether membership was recorded."""
    own = [r for r in results if r["scorecard"] in initiative.scorecards]
    recorded = any("initiatives" in r for r in own)
    if recorded:
        own = [r for r in own if initiative.name in (r.get("initiatives") or ())]
    return own, recorded


def _done(record: dict, levels: dict[str, list[str]], target: str) -> bool:
    order = [lv.casefold() for lv in levels.get(record["scorecard"], [])]
    level = (record.get("level") or "").casefold()
    return target.casefold() in order and level in order and (
        order.index(level) >= order.index(target.casefold()))


def progress(initiatives: list[Initiative], document: dict, today: dt.date) -> list[dict]:
    """Each initiative's progress overall and per team, and whether it is overdue."""
    levels = {sc["id"]: [lv["title"] for lv in sc["levels"]] for sc in document["scorecards"]}
    rows = []
    for initiative in initiatives:
        members, recorded = _members(initiative, document["results"])
        teams: dict[str | None, list[int]] = {}
        for record in members:
            tally = teams.setdefault(group_of(record, "team"), [0, 0])
            tally[0] += 1
            tally[1] += _done(record, levels, initiative.target)
        total, done = len(members), sum(t[1] for t in teams.values())
        rows.append({
            "name": initiative.name, "description": initiative.description,
            "scorecards": list(initiative.scorecards), "target": initiative.target,
            "due": initiative.due, "total": total, "done": done,
            "percentDone": percent(done, total),
            "overdue": done < total and dt.date.fromisoformat(initiative.due) < today,
            "filterApplied": initiative.filter is None or recorded,
            "teams": [{"team": team, "total": t[0], "done": t[1], "percentDone": percent(t[1],
                                                                                        t[0])}
                      for team, t in sorted(teams.items(),
                                            key=lambda kv: (kv[0] is None, kv[0] or ""))],
            "missing": [{"entity": r["entity"], "scorecard": r["scorecard"],
                         "level": r.get("level"), "team": group_of(r, "team")}
                        for r in members if not _done(r, levels, initiative.target)],
        })
    return rows
