"""Fix actions (SPEC §7): the rule's own ``fixAction`` rendered, else the built-in suggestion.

Fixes are data — an action id and its inputs — so every reporter and
``scorecard fix`` render the same object. A fix holds at most ``MAX_FIX_CHARS``
characters of text (placeholders rendered): a scorecard of a few kilobytes whose
placeholders name a large field, or one long value, would otherwise put megabytes into
the report for every failing entity. A larger fix is replaced by ``manual@v1``
instructions that say so.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from scorecard_cli.core.model import Entity, Rule
from scorecard_cli.core.paths import MISSING, TOP_LEVEL_META, lookup, parse_path, resolve_bare
from scorecard_cli.core.relations import relation_keys
from scorecard_cli.core.rules.base import Outcome

_PLACEHOLDER = re.compile(r"\{\{\s*entity\.([^{}]+?)\s*\}\}")
_SPEC_FIELDS = {"owner", "lifecycle", "type", "system", "domain", "subcomponentOf", "dependsOn",
                "providesApis", "consumesApis", "definition", "profile", "parent", "children"}
_METADATA_FIELDS = {"name", "namespace", "title", "description", "labels", "annotations", "tags",
                    "links"}
_SUGGESTED_VALUES = {
    ("spec", "lifecycle"): "production",
    ("spec", "type"): "service",
    ("metadata", "annotations", "backstage.io/techdocs-ref"): "dir:.",
    ("metadata", "tags"): [],
}
_META_FIELDS = {
    "backstage": {"$identifier": ("metadata", "name"), "$title": ("metadata", "title"),
                  "$team": ("spec", "owner"), "$blueprint": ("kind",)},
    "port": {"$identifier": ("identifier",), "$title": ("title",), "$team": ("team",),
             "$blueprint": ("blueprint",)},
}
for _fields in _META_FIELDS.values():
    _fields.update({name: (name[1:],) for name in TOP_LEVEL_META})


MAX_FIX_CHARS = 65_536


class FixTooBig(Exception):
    """A fix would hold more than MAX_FIX_CHARS characters."""


def render(value: Any, entity: Entity, room: list[int] | None = None) -> Any:
    """Replace ``{{ entity.<path> }}`` placeholders in every string of ``value``; raise
    FixTooBig once the strings made take more than ``room[0]`` characters (default
    MAX_FIX_CHARS), before a larger one is built."""
    room = [MAX_FIX_CHARS] if room is None else room
    if isinstance(value, str):
        _spend(room, value)  # the template's own text (placeholders included: a bound)
        if "{{" not in value:
            return value
        return _PLACEHOLDER.sub(lambda m: _spend(room, _placeholder(entity, m.group(1))),
                                value)
    if isinstance(value, dict):
        rendered = {}
        for key, item in value.items():
            _spend(room, str(key))
            rendered[key] = render(item, entity, room)
        return rendered
    if isinstance(value, list):
        return [render(v, entity, room) for v in value]
    return value


def _spend(room: list[int], text: str) -> str:
    room[0] -= len(text)
    if room[0] < 0:
        raise FixTooBig
    return text


def fix_size(value: Any, limit: int = MAX_FIX_CHARS) -> int:
    """The characters of text in a fix (keys and strings), counted up to just past
    ``limit``."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        current = stack.pop()
        if isinstance(current, str):
            total += len(current)
        elif isinstance(current, dict):
            total += sum(len(str(key)) for key in current)
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)):
            stack.extend(current)
    return total


def _may_be_big(fix: dict) -> bool:
    """False when the fix is certainly within MAX_FIX_CHARS: its repr (one call in C)
    holds every key and string of it and more. Nearly every fix is a few hundred
    characters; only the rest is counted by ``fix_size``."""
    try:
        return len(repr(fix)) > MAX_FIX_CHARS
    except ValueError:  # an integer too long to write out: count
        return True


def _placeholder(entity: Entity, path: str) -> str:
    """``{{ entity.<path> }}``: a path into the entity document, so a single name is its
    top-level key when it has one (``entity.identifier``), else a property lookup."""
    try:
        parsed = parse_path(path)
    except ValueError:
        return ""
    if parsed[0] == "bare" and parsed[1] in entity.data:
        found = entity.data[parsed[1]]
    else:
        found = lookup(entity, parsed)
    return "" if found is MISSING or found is None else str(found)


def owner_handle(entity: Entity) -> str | None:
    """``group:default/team-a`` -> ``team-a``: the owner as a CODEOWNERS handle."""
    owner = entity.meta.get("$team")
    if isinstance(owner, list):
        owner = owner[0] if owner else None
    if not isinstance(owner, str) or not owner.strip():
        return None
    return owner.split(":", 1)[-1].split("/")[-1]


def starter_content(path: str, entity: Entity) -> str:
    """Starter text for a file: README from title and description, CODEOWNERS from owner."""
    name = path.rstrip("/").rsplit("/", 1)[-1].lower()
    if name.startswith("readme"):
        description = lookup(entity, parse_path("description"))
        body = description.strip() if isinstance(description, str) else ""
        return f"# {entity.meta.get('$title')}\n\n{body or 'What this component does.'}\n"
    if name == "codeowners":
        handle = owner_handle(entity)
        return f"* @{handle}\n" if handle else ""
    return ""


def field_keys(entity: Entity, parsed: tuple) -> tuple:
    """The key path a fix should write for a parsed path: where the value was looked for."""
    if parsed[0] == "$meta":
        return _META_FIELDS[entity.dialect][parsed[1]]
    if parsed[0] == "path":
        return parsed[1:]
    if parsed[0] == "relation":
        return relation_keys(entity, parsed[1])
    name = parsed[1]
    found = resolve_bare(entity, name)
    if found is not None:
        return found
    if entity.dialect == "port":
        return ("properties", name)
    if name in _SPEC_FIELDS:
        return ("spec", name)
    if name in _METADATA_FIELDS:
        return ("metadata", name)
    return ("metadata", "annotations", name)


@lru_cache(maxsize=1024)
def dotted(keys: tuple) -> str:
    """Key path as text: ``metadata.annotations["backstage.io/techdocs-ref"]``."""
    out = ""
    for key in keys:
        if isinstance(key, int):
            out += f"[{key}]"
        elif any(c in str(key) for c in "./[]\"'") or not str(key):
            out += f'["{key}"]'
        else:
            out += f".{key}" if out else str(key)
    return out


def update_field(entity: Entity, parsed: tuple, value: Any = None) -> dict:
    """A ``catalog.updateEntity@v1`` fix for one field."""
    keys = field_keys(entity, parsed)
    if value is None:
        value = _SUGGESTED_VALUES.get(keys)
        if keys == ("metadata", "title"):
            value = str(entity.meta.get("$identifier", "")).replace("-", " ").title()
    return {"actionId": "catalog.updateEntity@v1",
            "suggestedInputs": {"file": entity.display, "field": dotted(keys), "value": value}}


def suggest(rule: Rule, entity: Entity, outcome: Outcome, root: str | None) -> dict:
    """The fix for a failed rule: its own fixAction rendered, else the built-in one;
    ``manual@v1`` instructions when that fix would pass MAX_FIX_CHARS."""
    try:
        if rule.fix_action is not None:
            inputs = render(rule.fix_action.get("suggestedInputs") or {}, entity)
            if rule.type.startswith("scm.") and "path" in inputs:
                inputs.setdefault("root", root)
            return {"actionId": rule.fix_action["actionId"], "suggestedInputs": inputs}
        fix = _BUILTIN[rule.type](rule.params, entity, outcome, root)
        if _may_be_big(fix) and fix_size(fix) > MAX_FIX_CHARS:
            raise FixTooBig
        return fix
    except FixTooBig:
        action = rule.fix_action["actionId"] if rule.fix_action else "the built-in fix"
        return {"actionId": "manual@v1", "suggestedInputs": {
            "root": root, "instructions": f"the suggested fix ({action}) is larger than "
            f"{MAX_FIX_CHARS:,} characters (the limit), so it is not shown; fix the rule "
            f"{rule.id!r} by hand"}}


def _create_file(path: str, entity: Entity, root: str | None, **extra: Any) -> dict:
    return {"actionId": "scm.createOrUpdateFile@v1",
            "suggestedInputs": {"path": path, "root": root,
                                "content": starter_content(path, entity), **extra}}


def _link(criteria: dict, entity: Entity) -> dict:
    title = criteria.get("titleContains", "").title() or "Link"
    url = criteria.get("urlStartsWith") or "https://"
    if "urlContains" in criteria and criteria["urlContains"] not in url:
        url = f"{url}{criteria['urlContains']}"
    link = {"title": title, "url": url}
    if "type" in criteria:
        link["type"] = criteria["type"]
    return {"actionId": "catalog.addLink@v1",
            "suggestedInputs": {"file": entity.display, "link": link}}


def _query_fix(entity: Entity, condition: Any) -> dict:
    if condition is None:
        return {"actionId": "catalog.updateEntity@v1",
                "suggestedInputs": {"file": entity.display, "field": None, "value": None}}
    value = None
    if condition.operator == "=" and not isinstance(condition.raw_value, dict):
        value = condition.raw_value
    elif condition.operator == "containsAny":
        listed = condition.raw_value if isinstance(condition.raw_value, list) else [
            condition.raw_value]
        value = listed[:1]
    elif condition.operator == "in":
        listed = condition.raw_value if isinstance(condition.raw_value, list) else [
            condition.raw_value]
        value = listed[0] if listed else None
    return update_field(entity, condition.path, value)


_BUILTIN: dict[str, Any] = {
    "entity.field.exists": lambda p, e, o, r: update_field(e, p[1]),
    "entity.query": lambda p, e, o, r: _query_fix(e, o.hint),
    "entity.link.exists": lambda p, e, o, r: _link(p, e),
    "scm.file.exists": lambda p, e, o, r: _create_file(p, e, r),
    "scm.anyOf": lambda p, e, o, r: _create_file(p[0], e, r),
    "scm.file.contains": lambda p, e, o, r: _create_file(p[0], e, r, mustMatch=p[1].pattern),
    "scm.recentCommit": lambda p, e, o, r: {
        "actionId": "manual@v1",
        "suggestedInputs": {"root": r, "instructions": f"commit a change under {r or '/'} "
                            f"(the rule wants one in the last {p:g} days)"}},
}
