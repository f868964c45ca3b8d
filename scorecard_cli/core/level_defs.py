"""A scorecard's levels as written (SPEC §2): names or ``{title, color}`` (Port's API also
returns ``description`` and ``isBaseLevel``, accepted and ignored), lowest first; Port's
defaults when absent; well-known names get default colors."""

from __future__ import annotations

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.fields import text_field, unknown_key
from scorecard_cli.core.model import Level

DEFAULT_LEVELS = ("Basic", "Bronze", "Silver", "Gold")
DEFAULT_COLORS = {"basic": "paleBlue", "bronze": "bronze", "silver": "silver", "gold": "gold",
                  "red": "red", "orange": "orange", "yellow": "yellow", "green": "green"}
# Port's API returns these with a level; accepted and ignored (the first level is the base)
LEVEL_KEYS = ("title", "color", "description", "isBaseLevel")


def parse_levels(data: dict) -> tuple[Level, ...]:
    """The levels of one scorecard definition; raise Problem at the first bad one."""
    raw = data.get("levels")
    if raw is None:
        raw = list(DEFAULT_LEVELS)
    if not isinstance(raw, list) or not raw:
        raise Problem(f"'levels' must be a non-empty list (got {raw!r})", ("levels",))
    levels: list[Level] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            unknown_key(item, LEVEL_KEYS, ("levels", i), "a level")
            title = text_field(item, "title", ("levels", i))
            text_field(item, "description", ("levels", i), required=False)
            color = item.get("color")
            if isinstance(color, str) and color.strip():
                text_field(item, "color", ("levels", i))  # its length
            if color is not None and not isinstance(color, str):
                raise Problem(f"level color must be a string (got {color!r})",
                              ("levels", i, "color"))
            base = item.get("isBaseLevel")
            if base is not None and not isinstance(base, bool):
                raise Problem(f"'isBaseLevel' must be true or false (got {base!r})",
                              ("levels", i, "isBaseLevel"))
        elif isinstance(item, str) and item.strip():
            title, color = text_field({"title": item}, "title", ("levels", i)), None
        else:
            raise Problem(f"a level is a name or {{title, color}} (got {item!r})", ("levels", i))
        assert title is not None
        if title.casefold() in seen:
            raise Problem(f"duplicate level {title!r}", ("levels", i))
        seen.add(title.casefold())
        levels.append(Level(title, color or DEFAULT_COLORS.get(title.casefold())))
    return tuple(levels)


