"""Edit a Port entity JSON file in place, keeping key order, indentation and every byte
outside the edited lines.

A small scanner finds where each value of the file starts and ends; the edit is spliced
in: a value replaced where it stands, a key added after the last key of its object (on a
new line at the same indentation when the object spans lines, inline otherwise), an item
added after the last item of its array. The result must parse as the old data with the
edit made.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring
from typing import Any

from scorecard_cli.core.documents import MAX_FILE_BYTES
from scorecard_cli.core.fix.ops import Edit, EditRefused, apply_to_data, missing_items
from scorecard_cli.core.yamlparse import MAX_DEPTH

_SPACE = re.compile(r"\s*")
_ATOM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class _Node:
    """A value's span; objects keep ``[(key, key start, value node)]``, arrays items."""

    __slots__ = ("end", "items", "kind", "start")

    def __init__(self, kind: str, start: int):
        self.kind, self.start, self.end, self.items = kind, start, start, []


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _scan(text: str, pos: int, depth: int = 0) -> _Node:
    if depth > MAX_DEPTH:
        raise EditRefused("the file is nested too deeply to edit")
    pos = _skip(text, pos)
    char = text[pos:pos + 1]
    if char == "{":
        node = _Node("object", pos)
        pos = _skip(text, pos + 1)
        while text[pos] != "}":
            key, after = scanstring(text, pos + 1)
            pos = _skip(text, after)
            value = _scan(text, pos + 1, depth + 1)
            node.items.append((key, value))
            pos = _skip(text, value.end)
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
        node.end = pos + 1
        return node
    if char == "[":
        node = _Node("array", pos)
        pos = _skip(text, pos + 1)
        while text[pos] != "]":
            value = _scan(text, pos, depth + 1)
            node.items.append(value)
            pos = _skip(text, value.end)
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
        node.end = pos + 1
        return node
    node = _Node("value", pos)
    if char == '"':
        node.end = scanstring(text, pos + 1)[1]
    else:
        match = _ATOM.match(text, pos)
        if not match:
            raise EditRefused(f"unexpected text at offset {pos}")
        node.end = match.end()
    return node


def _indent_of(text: str, pos: int) -> str:
    """The blanks that start the line holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    return _SPACE.match(text, start).group().strip("\n")  # type: ignore[union-attr]


def _render(value: Any, indent: str, step: str) -> str:
    """A value as JSON; a non-empty object or array of objects on lines under ``indent``."""
    if isinstance(value, dict) and value or isinstance(value, list) and any(
            isinstance(v, dict) for v in value):
        lines = json.dumps(value, indent=len(step), ensure_ascii=False).split("\n")
        return "\n".join([lines[0]] + [indent + line for line in lines[1:]])
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _multiline(text: str, node: _Node) -> bool:
    return "\n" in text[node.start:node.end]


def _step(text: str, node: _Node) -> str:
    """The indentation one level deeper than the node's line, as the file uses it."""
    outer = _indent_of(text, node.start)
    for item in node.items:
        inner = _indent_of(text, item[1].start if isinstance(item, tuple) else item.start)
        if len(inner) > len(outer):
            return inner[len(outer):]
    return "  "


def _append(text: str, node: _Node, key: str | None, value: Any, step: str) -> str:
    """Add ``"key": value`` (``key`` None: an array item) after the last entry of an
    object or array: on a new line at its indentation when it spans lines, else inline."""
    def entry(indent: str) -> str:
        prefix = "" if key is None else json.dumps(key, ensure_ascii=False) + ": "
        return prefix + _render(value, indent, step)

    close = node.end - 1
    if not node.items:
        return text[:close] + entry("") + text[close:]
    last = node.items[-1]
    last_node = last[1] if isinstance(last, tuple) else last
    if _multiline(text, node):
        indent = _indent_of(text, last_node.start)
        return text[:last_node.end] + ",\n" + indent + entry(indent) + text[last_node.end:]
    return text[:last_node.end] + ", " + entry("") + text[last_node.end:]


def _splice(text: str, root: _Node, edit: Edit) -> str:
    node = root
    if edit.index != 0:
        raise EditRefused("a JSON file holds one document")
    for depth, key in enumerate(edit.keys):
        step = _step(text, node)
        if node.kind == "array" and isinstance(key, int) and 0 <= key < len(node.items):
            node = node.items[key]
            continue
        found = [v for k, v in node.items if k == key] if node.kind == "object" else None
        if found is None:
            raise EditRefused(f"{key!r} cannot be set: its parent is not an object")
        if not found:
            value = edit.value
            for inner in reversed(edit.keys[depth + 1:]):
                value = {inner: value}
            return _append(text, node, str(key), value, step)
        node = found[-1]
    if edit.extend:
        if node.kind == "value" and text[node.start:node.end] == "null":
            return text[:node.start] + _render(edit.value, _indent_of(text, node.start),
                                               _step(text, node)) + text[node.end:]
        if node.kind != "array":
            raise EditRefused("it is not a list")
        for item in edit.value:
            text = _append(text, node, None, item, _step(text, node))
            node = _scan(text, node.start)
        return text
    if node.kind != "value":
        raise EditRefused("it holds a list or an object, which is not replaced")
    return text[:node.start] + _render(edit.value, "", "  ") + text[node.end:]


def edit_json(text: str, edit: Edit) -> str:
    """The text with the edit made, checked to read back as the old data plus the edit."""
    if len(text) > MAX_FILE_BYTES:
        raise EditRefused("the file is too large to edit")
    before = [json.loads(text)]
    if edit.extend:
        current: Any = before[0]
        for key in edit.keys:
            current = current.get(key) if isinstance(current, dict) else (
                current[key] if isinstance(current, list) and isinstance(key, int)
                and 0 <= key < len(current) else None)
        edit = Edit(edit.index, edit.keys, missing_items(current, edit.value), True)
        if not edit.value:
            return text
    try:
        new = _splice(text, _scan(text, 0), edit)
    except (IndexError, ValueError) as exc:
        raise EditRefused(f"cannot scan the file for editing: {exc}") from None
    if [json.loads(new)] != apply_to_data(before, edit):
        raise EditRefused("the edit would not read back as intended; make it by hand")
    return new
