"""Saved answers of Port's REST API, read as they were saved (SPEC §2, §4).

``GET /v1/blueprints/{bp}/scorecards`` answers ``{"ok": true, "scorecards": [...]}``,
one scorecard ``{"ok": true, "scorecard": {...}}``; entities come as
``{"ok": true, "entities": [...]}`` and ``{"ok": true, "entity": {...}}``.
"""

from __future__ import annotations

from typing import Any

SCORECARDS = ("scorecards", "scorecard")
ENTITIES = ("entities", "entity")


def is_answer(data: Any, keys: tuple[str, str]) -> bool:
    """True for a mapping shaped as a Port API answer (``ok`` and no scorecard or entity
    key of its own); ``keys`` names what it should hold (many, one)."""
    return (isinstance(data, dict) and "ok" in data
            and not {"identifier", "id", "rules", "apiVersion", "kind"} & data.keys())


def answer_items(data: dict, keys: tuple[str, str]) -> list[tuple[Any, tuple]]:
    """(item, key path) for each item of an answer; an answer without items gives none."""
    many, one = keys
    items: list[tuple[Any, tuple]] = []
    if isinstance(data.get(many), list):
        items += [(item, (many, i)) for i, item in enumerate(data[many])]
    if one in data:
        items.append((data[one], (one,)))
    return items


def answer_problem(data: dict, keys: tuple[str, str]) -> str | None:
    """Why an answer holds nothing to read (an error answer, a wrong key); else None."""
    if data.get("ok") is not True:
        message = data.get("message") or data.get("error")
        shown = f": {message}" if isinstance(message, str) and message.strip() else ""
        ok = data.get("ok")
        ok_text = "false" if ok is False else "null" if ok is None else repr(ok)
        return f"a Port API error answer (ok: {ok_text}){shown}"
    many, one = keys
    if many in data and not isinstance(data[many], list):
        return f"'{many}' in a Port API answer must be a list (got {data[many]!r})"
    if many not in data and one not in data:
        return f"a Port API answer without '{many}' or '{one}'"
    return None
