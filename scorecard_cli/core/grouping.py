"""``--group-by PROPERTY``: the value each result is grouped by, recorded in the result.

``team`` needs nothing recorded (results carry their team); any other property path is
looked up on the entity (SPEC §4 lookups) and written under ``groups`` so that the same
grouping works when the result file is merged later by ``report --from``.
"""

from __future__ import annotations

from scorecard_cli.core.errors import UsageError
from scorecard_cli.core.model import Entity
from scorecard_cli.core.paths import MISSING, is_empty, lookup, parse_path


def group_value(entity: Entity, parsed: tuple) -> str | None:
    """The entity's value at ``parsed`` as text (a list joined with commas), or None."""
    value = lookup(entity, parsed)
    if value is MISSING or is_empty(value):
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value if isinstance(value, str) else str(value)


def stamp_groups(results: list[dict], entities: dict[str, Entity], group_by: str) -> None:
    """Write into each result its value of ``group_by`` as ``groups: {group_by: value}``
    (nothing for ``team``: every result has its team)."""
    if group_by == "team":
        return
    try:
        parsed = parse_path(group_by)
    except ValueError as exc:
        raise UsageError(f"--group-by {group_by!r}: {exc}") from None
    for record in results:
        entity = entities.get(record["entity"])
        value = group_value(entity, parsed) if entity is not None else None
        record.setdefault("groups", {})[group_by] = value
