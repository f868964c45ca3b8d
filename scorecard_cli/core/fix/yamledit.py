"""Edit a YAML catalog file in place, keeping every byte outside the edited lines.

ruamel.yaml composes the file (its round-trip parser keeps the exact position of every
node); the edit is then spliced into the original text: a value replaced where it
stands, a key added on new lines after the last entry of its mapping at that mapping's
indentation, an item added after the last item of its list. Comments, key order,
quoting, blank lines and indentation elsewhere are never re-emitted, so they cannot
change. The new text is parsed again and must equal the old data with the edit made.
ruamel.yaml is imported only here (``scorecard fix``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from scorecard_cli.core.fix.ops import Edit, EditRefused, apply_to_data, missing_items

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./@+-]*(?::[A-Za-z0-9_./@+-]+)*$|^https?://\S*$"
                    r"|^[A-Za-z0-9][A-Za-z0-9_./@+ -]*[A-Za-z0-9_./@+-]$")
_RESERVED = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|"
                       r"on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+.0-9][-+.0-9a-fA-FxXoOeE_:]*|"
                       r"\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)$")


def scalar(value: Any, style: str | None = None) -> str:
    """A scalar as YAML text: plain where that reads back as the same string, else quoted
    (in the quote style given, when there is one)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if style != '"' and _PLAIN.match(text) and not _RESERVED.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    """A value on one line: scalars, ``[a, b]`` and ``{k: v}``."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def entry_lines(key: Any, value: Any, indent: int, step: int, offset: int) -> list[str]:
    """``key: value`` as block lines at ``indent`` (nested mappings ``step`` deeper, list
    items ``offset`` deeper than their key)."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines = [f"{pad}{scalar(key)}:"]
        for k, v in value.items():
            lines += entry_lines(k, v, indent + step, step, offset)
        return lines
    if isinstance(value, list) and value:
        lines = [f"{pad}{scalar(key)}:"]
        for item in value:
            lines += item_lines(item, indent + offset, step, offset)
        return lines
    return [f"{pad}{scalar(key)}: {flow(value)}"]


def item_lines(item: Any, indent: int, step: int, offset: int) -> list[str]:
    """``- item`` as block lines, the dash at ``indent``."""
    pad = " " * indent
    if isinstance(item, dict) and item:
        lines: list[str] = []
        for k, v in item.items():
            sub = entry_lines(k, v, indent + 2, step, offset)
            if not lines:
                sub[0] = pad + "- " + sub[0][indent + 2:]
            lines += sub
        return lines
    return [f"{pad}- {flow(item)}"]


def _compose(text: str) -> list:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return list(YAML(typ="rt").compose_all(text))
    except (YAMLError, RecursionError) as exc:
        raise EditRefused(f"cannot parse the file for editing: {exc}") from None


def _child(node: Any, key: Any) -> Any:
    kind = type(node).__name__
    if kind == "MappingNode" and not isinstance(key, int):
        for key_node, value_node in node.value:
            if type(key_node).__name__ == "ScalarNode" and key_node.value == str(key):
                return key_node, value_node
    if kind == "SequenceNode" and isinstance(key, int) and 0 <= key < len(node.value):
        return None, node.value[key]
    return None


def _last_leaf(node: Any) -> Any:
    while type(node).__name__ in ("MappingNode", "SequenceNode") and node.value \
            and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node


def _after_line(text: str, node: Any) -> int:
    """Where new lines go after a node: the start of the line after it ends."""
    pos = _last_leaf(node).end_mark.index
    back = pos
    while back > 0 and text[back - 1] in " \t":
        back -= 1
    if back == 0 or text[back - 1] == "\n":
        return back
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1


def _layout(document: Any) -> tuple[int, int]:
    """(indentation step of nested mappings, offset of list dashes from their key), as
    the document uses them; 2 and 2 when it shows neither."""
    step = offset = None
    todo = [document]
    while todo and (step is None or offset is None):
        node = todo.pop()
        if type(node).__name__ != "MappingNode" or node.flow_style:
            continue
        for key_node, value_node in node.value:
            kind = type(value_node).__name__
            if kind == "MappingNode" and not value_node.flow_style and value_node.value:
                first = value_node.value[0][0].start_mark.column - key_node.start_mark.column
                step = step if step is not None or first <= 0 else first
                todo.append(value_node)
            elif kind == "SequenceNode" and not value_node.flow_style and value_node.value:
                offset = offset if offset is not None else max(
                    0, value_node.start_mark.column - key_node.start_mark.column)
                todo += [v for v in value_node.value if type(v).__name__ == "MappingNode"]
    return step or 2, 2 if offset is None else offset


def _insert_lines(text: str, at: int, lines: list[str]) -> str:
    block = "".join(line + "\n" for line in lines)
    if at == len(text) and text and not text.endswith("\n"):
        return text + "\n" + block.rstrip("\n")
    return text[:at] + block + text[at:]


def _add_to_mapping(text: str, mapping: Any, key: Any, value: Any, layout: tuple) -> str:
    if mapping.flow_style or not mapping.value:
        close = text.rindex("}", 0, mapping.end_mark.index)
        sep = ", " if mapping.value else ""
        return text[:close] + f"{sep}{scalar(key)}: {flow(value)}" + text[close:]
    indent = mapping.value[0][0].start_mark.column
    lines = entry_lines(key, value, indent, *layout)
    return _insert_lines(text, _after_line(text, mapping.value[-1][1]), lines)


def _fill_null(text: str, key_node: Any, node: Any, lines: list[str]) -> str:
    """Replace an empty or null value (``spec:``, ``annotations: ~``) by block lines
    under its key."""
    start, end = node.start_mark.index, node.end_mark.index
    if end > start:  # ``~`` or ``null``: remove it and the blanks before it
        cut = start
        while cut > key_node.end_mark.index and text[cut - 1] in " \t":
            cut -= 1
        text = text[:cut] + text[end:]
    newline = text.find("\n", key_node.end_mark.index)
    return _insert_lines(text, len(text) if newline < 0 else newline + 1, lines)


def _is_null(node: Any) -> bool:
    return type(node).__name__ == "ScalarNode" and node.tag.endswith(":null")


def _extend(text: str, key_node: Any, node: Any, items: list, layout: tuple) -> str:
    if _is_null(node):
        column = key_node.start_mark.column + layout[1]
        return _fill_null(text, key_node, node, [line for item in items
                                                 for line in item_lines(item, column, *layout)])
    if type(node).__name__ != "SequenceNode":
        raise EditRefused("it is not a list")
    if node.flow_style or not node.value:
        close = text.rindex("]", 0, node.end_mark.index)
        sep = ", " if node.value else ""
        return text[:close] + sep + ", ".join(flow(i) for i in items) + text[close:]
    indent = node.start_mark.column
    lines = [line for item in items for line in item_lines(item, indent, *layout)]
    return _insert_lines(text, _after_line(text, node.value[-1]), lines)


def _replace(text: str, key_node: Any, node: Any, value: Any) -> str:
    start, end = node.start_mark.index, node.end_mark.index
    if start == end and key_node is not None:  # ``owner:`` with nothing: after the colon
        start = end = text.index(":", key_node.end_mark.index) + 1
    style = getattr(node, "style", None)
    tail = "\n" if style in ("|", ">") and text[end - 1:end] == "\n" else ""
    rendered = flow(value) if not isinstance(value, str) else scalar(value, style)
    if start == end:  # an empty value: ``owner:``
        rendered = " " + rendered
    return text[:start] + rendered + tail + text[end:]


def _splice(text: str, documents: list, edit: Edit) -> str:
    if edit.index >= len(documents):
        raise EditRefused("the document is no longer in the file")
    document = documents[edit.index]
    layout = _layout(document)
    node, key_node = document, None
    for depth, key in enumerate(edit.keys):
        found = _child(node, key)
        rest = edit.keys[depth:]
        if found is None:
            if _is_null(node) and key_node is not None:
                lines = entry_lines(rest[0], _nested(rest[1:], edit),
                                    key_node.start_mark.column + layout[0], *layout)
                return _fill_null(text, key_node, node, lines)
            if type(node).__name__ != "MappingNode" or isinstance(key, int):
                raise EditRefused(f"{key!r} cannot be set: its parent is not a mapping")
            return _add_to_mapping(text, node, rest[0], _nested(rest[1:], edit), layout)
        key_node, node = found[0] or key_node, found[1]
    if edit.extend:
        return _extend(text, key_node, node, edit.value, layout)
    if type(node).__name__ != "ScalarNode":
        raise EditRefused("it holds a list or mapping, which is not replaced")
    if _is_null(node) and key_node is not None and isinstance(edit.value, (dict, list)) \
            and edit.value:
        return _extend(text, key_node, node, edit.value, layout) if isinstance(
            edit.value, list) else _fill_null(text, key_node, node, [
                line for k, v in edit.value.items() for line in entry_lines(
                    k, v, key_node.start_mark.column + layout[0], *layout)])
    return _replace(text, key_node, node, edit.value)


def _nested(keys: tuple, edit: Edit) -> Any:
    value = edit.value
    for key in reversed(keys):
        value = {key: value}
    return value


def edit_yaml(text: str, edit: Edit, parse: Any) -> str:
    """The text with the edit made; ``parse(text)`` gives a text's documents as data, to
    check that the result reads back as the old data with exactly this edit."""
    documents = _compose(text)
    before = parse(text)
    if edit.extend:
        node = before[edit.index] if edit.index < len(before) else None
        for key in edit.keys:
            node = node.get(key) if isinstance(node, dict) else (
                node[key] if isinstance(node, list) and isinstance(key, int)
                and 0 <= key < len(node) else None)
        edit = Edit(edit.index, edit.keys, missing_items(node, edit.value), True)
        if not edit.value:
            return text
    new = _splice(text, documents, edit)
    if parse(new) != apply_to_data(before, edit):
        raise EditRefused("the edit would not read back as intended; make it by hand")
    return new
