"""Property paths (SPEC §4): meta-properties, dotted paths with brackets, bare names.

``parse_path`` turns text into a tuple of segments once (at definition load time);
``lookup`` follows it through an entity. ``MISSING`` marks an absent value.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from scorecard_cli.core.model import Entity

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda s: False})()

META_PROPERTIES = ("$identifier", "$title", "$team", "$blueprint", "$icon", "$createdAt",
                   "$updatedAt", "$createdBy", "$updatedBy")
# Meta-properties read from the entity's top-level field of the same name (both dialects).
TOP_LEVEL_META = ("$icon", "$createdAt", "$updatedAt", "$createdBy", "$updatedBy")
# Where a bare name is looked for, in order: a Port entity's own top-level fields (team,
# title...) are never read this way, only through the $ meta-properties.
BARE_NAME_SCOPES = {
    "port": (("properties",), ("relations",)),
    "backstage": ((), ("spec",), ("metadata",), ("metadata", "annotations")),
}

_NAME = re.compile(r"[^.\[\]\"']+")
_INDEX = re.compile(r"\[\s*(?:(-?\d+)|\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)')\s*\]")


@lru_cache(maxsize=4096)
def parse_path(text: str) -> tuple:
    """Parse a property path; raise ValueError with a reason when it is malformed.

    The result is ``("$meta", name)``, ``("bare", name)`` or ``("path", seg, seg...)``
    where each segment is a str key or an int index.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a property path must be a non-empty string")
    if text.startswith("$"):
        if text not in META_PROPERTIES:
            raise ValueError(
                f"unknown meta-property {text!r} (known: {', '.join(META_PROPERTIES)})"
            )
        return ("$meta", text)
    segments: list = []
    pos = 0
    while pos < len(text):
        if text[pos] == "[":
            match = _INDEX.match(text, pos)
            if not match:
                raise ValueError(f"malformed bracket at character {pos + 1} of {text!r}")
            number, double, single = match.groups()
            if number is not None:
                segments.append(int(number))
            else:
                segments.append(_unescape(double if double is not None else single))
            pos = match.end()
            if pos < len(text) and text[pos] not in ".[":
                raise ValueError(f"malformed property path {text!r} at character {pos + 1}")
        else:
            if segments and text[pos] == ".":
                pos += 1
            match = _NAME.match(text, pos)
            if not match:
                raise ValueError(f"malformed property path {text!r} at character {pos + 1}")
            segments.append(match.group())
            pos = match.end()
    if len(segments) == 1 and isinstance(segments[0], str) and "[" not in text:
        return ("bare", segments[0])
    return ("path", *segments)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def path_keys(parsed: tuple) -> tuple:
    """The key segments of a parsed path, for locating it in the file (bare: as is)."""
    return parsed[1:]


def lookup(entity: Entity, parsed: tuple) -> Any:
    """Value at a parsed path in ``entity``, or MISSING."""
    kind = parsed[0]
    if kind == "$meta":
        name = parsed[1]
        if name in TOP_LEVEL_META:
            return entity.data.get(name[1:], MISSING)
        return entity.meta.get(name, MISSING)
    if kind == "bare":
        found = resolve_bare(entity, parsed[1])
        return MISSING if found is None else follow(entity.data, found)
    if kind == "relation":  # a relation condition's subject
        from scorecard_cli.core.relations import relation_value  # it builds on this module

        return relation_value(entity, parsed[1])
    return follow(entity.data, parsed[1:])


def resolve_bare(entity: Entity, name: str) -> tuple | None:
    """The key path a bare name resolves to: the first scope that has the key; else None.

    Port: ``properties.<name>``, then ``relations.<name>``. Backstage: the top level, then
    ``spec``, ``metadata``, ``metadata.annotations``.
    """
    data = entity.data
    for scope in BARE_NAME_SCOPES[entity.dialect]:
        container = follow(data, scope) if scope else data
        if isinstance(container, dict) and name in container:
            return (*scope, name)
    return None


def follow(value: Any, segments: tuple) -> Any:
    """Follow keys and indexes from ``value``; MISSING when any step is absent."""
    for seg in segments:
        if isinstance(seg, int):
            if isinstance(value, list) and -len(value) <= seg < len(value):
                value = value[seg]
            else:
                return MISSING
        elif isinstance(value, dict) and seg in value:
            value = value[seg]
        else:
            return MISSING
    return value


def is_empty(value: Any) -> bool:
    """SPEC §4 emptiness: missing, null, blank string, empty list or mapping."""
    if value is MISSING or value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return False


def describe(value: Any) -> str:
    """Short text for a value in rule details."""
    if value is MISSING:
        return "missing"
    if value is None:
        return "null"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
