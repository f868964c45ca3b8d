"""Checks shared by the definition loaders: unknown keys (with a "did you mean" hint) and
text fields, each raising a Problem at the offending key."""

from __future__ import annotations

import difflib

from scorecard_cli.core.errors import Problem

MAX_NAME = 1000  # characters of an id, title or level name: copied into every result

def unknown_key(data: dict, allowed: tuple, keys: tuple, what: str) -> None:
    """Raise Problem at the first key of ``data`` not in ``allowed``."""
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise Problem(f"unknown key {key!r} in {what}{hint}", (*keys, key), at_key=True)


def text_field(data: dict, key: str, keys: tuple, required: bool = True) -> str | None:
    """``data[key]``: a non-blank string when required, else a string or None."""
    value = data.get(key)
    if value is None and not required:
        return None
    if isinstance(value, str) and len(value) > MAX_NAME and key != "description":
        raise Problem(f"{key!r} is too long ({len(value):,} characters; the limit is "
                      f"{MAX_NAME:,})", (*keys, key))
    if not required and isinstance(value, str):
        return value
    if not isinstance(value, str) or not value.strip():
        where = (*keys, key) if key in data else keys
        shown = "missing" if key not in data else f"got {value!r}"
        raise Problem(f"{key!r} must be a non-empty string ({shown})", where)
    return value


