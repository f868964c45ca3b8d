"""``--fail-below`` and ``failBelow``: the level each (entity, scorecard) must reach.

A threshold is one level for every scorecard that has it, a level per scorecard id,
or a list of ``{level, scorecard?, when?}`` entries where ``when`` is a query: every
matching entry applies and the highest of their levels wins (so tier-1 services can
be held to Gold while the rest need Silver).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.model import Entity, Scorecard
from scorecard_cli.core.query import Query, compile_query

Threshold = Callable[[Entity, Scorecard], "str | None"]


def _known(level: str, scorecards: list[Scorecard], only: str | None, keys: tuple) -> None:
    pool = [sc for sc in scorecards if only is None or sc.id == only]
    if only is not None and not pool:
        raise Problem(f"no selected scorecard has the id {only!r}", keys)
    if not any(sc.level_index(level) is not None for sc in pool):
        levels = sorted({lv.title for sc in pool for lv in sc.levels})
        raise Problem(f"{level!r} is not a level of any selected scorecard (levels: "
                      f"{', '.join(levels)})", keys)


def build_threshold(spec: Any, scorecards: list[Scorecard], now: float | None = None
                    ) -> Threshold | None:
    """Check a threshold spec against the selected scorecards and return the function.

    ``now`` is the run's clock, for date presets in ``when`` queries. Raises Problem
    (with a key path inside the spec) for unknown levels or scorecards.
    """
    if spec is None or not scorecards:
        return None
    if isinstance(spec, str):
        _known(spec, scorecards, None, ())
        return lambda entity, scorecard: spec
    if isinstance(spec, dict):
        for scorecard_id, level in spec.items():
            if not isinstance(level, str):
                raise Problem(f"a level name is expected (got {level!r})", (scorecard_id,))
            _known(level, scorecards, str(scorecard_id), (scorecard_id,))
        return lambda entity, scorecard: spec.get(scorecard.id)
    if isinstance(spec, list):
        entries = [_entry(item, i, scorecards) for i, item in enumerate(spec)]
        return lambda entity, scorecard: _highest(entries, entity, scorecard, now)
    raise Problem(f"failBelow is a level, a mapping of scorecard id to level, or a list of "
                  f"{{level, scorecard, when}} (got {spec!r})")


def _entry(item: Any, index: int, scorecards: list[Scorecard]) -> tuple:
    if not isinstance(item, dict) or not isinstance(item.get("level"), str):
        raise Problem(f"an entry needs a 'level' (got {item!r})", (index,))
    unknown = set(item) - {"level", "scorecard", "when"}
    if unknown:
        key = min(unknown)
        raise Problem(f"unknown key {key!r} in a failBelow entry", (index, key), at_key=True)
    only = item.get("scorecard")
    _known(item["level"], scorecards, only, (index, "level"))
    query: Query | None = None
    if item.get("when") is not None:
        try:
            query = compile_query(item["when"])
        except Problem as problem:
            raise problem.within(index, "when") from None
    return item["level"], only, query


def _highest(entries: list[tuple], entity: Entity, scorecard: Scorecard,
             now: float | None) -> str | None:
    best: tuple[int, str] | None = None
    for level, only, query in entries:
        if only is not None and only != scorecard.id:
            continue
        index = scorecard.level_index(level)
        if index is None or (query is not None and not query.evaluate(entity, now).passed):
            continue
        if best is None or index > best[0]:
            best = (index, level)
    return best[1] if best else None
