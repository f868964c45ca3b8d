"""YAML documents through yaml-rs (fast, safe, YAML 1.2 scalars like Backstage's
js-yaml), with PyYAML only to place an error that yaml-rs reports without a position.

A stream is split at its document markers so that each document's start line is
known and a list document is never mistaken for a stream of documents.
"""

from __future__ import annotations

import re
from typing import Any

import yaml_rs

MAX_DOCUMENTS = 10_000
MAX_ALIAS_EVENTS = 200_000

_MARKER = re.compile(r"^(---|\.\.\.)(?=[ \t]|$)", re.MULTILINE)
_DIRECTIVE = re.compile(r"^%[^\n]*", re.MULTILINE)
_POSITION = re.compile(r"at line (\d+), column (\d+)")
# Text that can make a mapping key a collection: a flow collection closed before a
# colon, an explicit "? " key, or two flow openings in a row ("{{", as in templates).
_COMPLEX_HINTS = ("]:", "}:", "] :", "} :", "? ", "{{", "[[", "{ {", "[ [", "{[", "[{")
_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS)


class YamlError(Exception):
    """A YAML problem at a 1-based line and column."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _content_start(chunk: str, first_line: int) -> tuple[int, int] | None:
    """Line and column where a chunk's content starts, or None when it has none."""
    for offset, line in enumerate(chunk.split("\n")):
        text = line
        indent = 0
        if offset == 0 and line.startswith("---"):
            text = line[3:]
            indent = 3
        stripped = text.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return first_line + offset, indent + len(text) - len(stripped) + 1
    return None


def _chunks(text: str) -> list[tuple[str, int, bool]]:
    """(text, first line, starts with ---) for each piece between document markers."""
    if "%" in text:
        text = _DIRECTIVE.sub("", text)
    pieces = []
    start, line = 0, 1
    for match in _MARKER.finditer(text):
        piece = text[start:match.start()]
        pieces.append((piece, line, piece.startswith("---")))
        line += text.count("\n", start, match.start())
        start = match.start() if match.group(1) == "---" else match.end()
    piece = text[start:]
    pieces.append((piece, line, piece.startswith("---")))
    return pieces


def _may_have_markers(text: str) -> bool:
    return ("---" in text or "..." in text) and _MARKER.search(text) is not None


def _may_have_complex_keys(text: str) -> bool:
    if "{" not in text and "[" not in text and "?" not in text:
        return False
    return any(hint in text for hint in _COMPLEX_HINTS)


def parse_yaml(text: str) -> list[tuple[Any, int, int]]:
    """Every document of a YAML stream as (data, line, column); raise YamlError."""
    if not _may_have_markers(text):
        start = _content_start(text, 1)
        return [] if start is None else [(_load(text, 1), *start)]
    documents = []
    for chunk, first_line, explicit in _chunks(text):
        start = _content_start(chunk, first_line)
        if start is None and not explicit:
            continue
        if len(documents) >= MAX_DOCUMENTS:
            raise YamlError(f"too many documents (the limit is {MAX_DOCUMENTS})", first_line, 1)
        data = _load(chunk, first_line)
        documents.append((data, *(start or (first_line, 1))))
    return documents


def _load(chunk: str, first_line: int) -> Any:
    try:
        data = yaml_rs.loads(chunk, parse_datetime=False, alias_limits=_LIMITS,
                             duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except yaml_rs.YAMLDecodeError as exc:
        raise _placed(str(exc), chunk, first_line) from None
    except RecursionError:
        raise YamlError("nesting is too deep", first_line, 1) from None
    if _may_have_complex_keys(chunk) and _has_complex_key(data):
        raise YamlError("a mapping key is itself a mapping or list", first_line, 1)
    return data


def _placed(message: str, chunk: str, first_line: int) -> YamlError:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    reason = lines[-1] if lines else message
    position = _POSITION.search(message)
    if position:
        return YamlError(reason, first_line + int(position.group(1)) - 1, int(position.group(2)))
    if "alias" in message:
        return YamlError(f"YAML aliases expand too far ({reason})", first_line, 1)
    line, column = _pyyaml_position(chunk)
    return YamlError(reason.replace("duplicate mapping key:", "duplicate key"),
                     first_line + line - 1, column)


def _pyyaml_position(chunk: str) -> tuple[int, int]:
    """Where PyYAML places the first problem of a chunk (duplicate keys included)."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for node in yaml.compose_all(chunk, Loader=loader_class):
            place = _duplicate_key(node)
            if place:
                return place
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark:
            return mark.line + 1, mark.column + 1
    except (yaml.YAMLError, RecursionError):
        pass
    return 1, 1


def _duplicate_key(node: Any) -> tuple[int, int] | None:
    stack = [node]
    seen_nodes: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen_nodes or not isinstance(current.value, list):
            continue
        seen_nodes.add(id(current))
        keys: set = set()
        for item in current.value:
            pair = item if isinstance(item, tuple) else (None, item)
            key_node, value_node = pair
            if key_node is not None:
                key = (key_node.tag, key_node.value) if isinstance(key_node.value, str) else None
                if key is not None and key in keys:
                    return key_node.start_mark.line + 1, key_node.start_mark.column + 1
                keys.add(key)
                stack.append(key_node)
            stack.append(value_node)
    return None


def _has_complex_key(data: Any) -> bool:
    stack = [data]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key, value in current.items():
                if isinstance(key, (frozenset, tuple)):
                    return True
                stack.append(value)
        elif isinstance(current, list):
            stack.extend(current)
    return False
