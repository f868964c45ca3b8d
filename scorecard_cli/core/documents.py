"""Read YAML and JSON files into documents that remember where they start.

Safe loading only (PyYAML's C safe loader when present), timestamps kept as
strings, duplicate keys rejected, bounded file size. ``locate`` maps a key path
back to a line and column by composing the file again, only when asked.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from scorecard_cli.core.errors import ScorecardError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 10_000
MAX_EXPANDED_NODES = 200_000
TEMPLATE_MARKERS = ("${{", "{{", "{%")

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps timestamps as strings and rejects duplicate keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value) and not any(
            k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value
        ):
            _raise_duplicate(node)
        return mapping


# Drop the timestamp resolver: dates stay strings, as in JSON.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _raise_duplicate(node: Any) -> None:
    seen: set = set()
    for key_node, _ in node.value:
        key = (key_node.tag, key_node.value) if isinstance(key_node.value, str) else id(key_node)
        if key in seen:
            mark = key_node.start_mark
            raise _LoadError(f"duplicate key {key[1]!r}", mark.line + 1, mark.column + 1)
        seen.add(key)


class _LoadError(Exception):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True)
class Document:
    """One parsed document of a file, with the position where it starts."""

    data: Any
    index: int
    line: int
    column: int


def read_text(path: str, display: str, error: type[ScorecardError]) -> str:
    """Read a file as UTF-8 text (BOM allowed), bounded in size."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise error(
                f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})", display
            )
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", display) from None
    if b"\0" in raw:
        raise error("not a text file (it contains NUL bytes)", display)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", display, line, col) from None


def looks_like_template(text: str) -> bool:
    """True when the text holds scaffolder or cookiecutter template markers."""
    return any(marker in text for marker in TEMPLATE_MARKERS)


def is_json_path(path: str) -> bool:
    """True for files parsed as JSON rather than YAML."""
    return path.lower().endswith(".json")


def parse_documents(text: str, path: str, display: str, error: type[ScorecardError]) -> list:
    """Parse every document of a YAML or JSON file; raise ``error`` with a position."""
    try:
        if is_json_path(path):
            return [Document(json.loads(text, object_pairs_hook=_json_object), 0, 1, 1)]
        return _parse_yaml(text)
    except _LoadError as exc:
        raise error(exc.message, display, exc.line, exc.column) from None
    except json.JSONDecodeError as exc:
        raise error(f"invalid JSON: {exc.msg}", display, exc.lineno, exc.colno) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        raise error(f"invalid YAML: {problem}", display, line, col) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", display) from None
    except RecursionError:
        raise error("nesting is too deep", display) from None
    except (TypeError, ValueError) as exc:  # e.g. unhashable keys from {{ }} flow maps
        raise error(f"invalid YAML: {exc}", display) from None


def _json_object(pairs: list) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set = set()
        for key, _ in pairs:
            if key in seen:
                raise _LoadError(f"duplicate key {key!r}", 1, 1)
            seen.add(key)
    return result


def _parse_yaml(text: str) -> list:
    check_aliases = "&" in text and _ANCHOR.search(text) is not None
    loader = _Loader(text)
    docs = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if len(docs) >= MAX_DOCUMENTS:
                raise _LoadError(
                    f"too many documents (the limit is {MAX_DOCUMENTS})",
                    node.start_mark.line + 1,
                    1,
                )
            mark = node.start_mark
            if check_aliases:
                _check_expansion(node)
            docs.append(Document(loader.construct_document(node), len(docs), mark.line + 1,
                                 mark.column + 1))
    finally:
        loader.dispose()
    return docs


_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\]},]")


def _check_expansion(root: Any) -> None:
    """Reject alias bombs and recursive aliases before anything walks the data."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            mark = node.start_mark
            raise _LoadError("recursive YAML alias", mark.line + 1, mark.column + 1)
        active.add(key)
        total = 1
        if isinstance(node.value, list):
            for item in node.value:
                children = item if isinstance(item, tuple) else (item,)
                for child in children:
                    total += size(child)
                if total > MAX_EXPANDED_NODES:
                    mark = root.start_mark
                    raise _LoadError(
                        f"YAML aliases expand to more than {MAX_EXPANDED_NODES} nodes",
                        mark.line + 1,
                        mark.column + 1,
                    )
        active.discard(key)
        sizes[key] = total
        return total

    size(root)


@lru_cache(maxsize=32)
def _composed(path: str) -> list:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read(MAX_FILE_BYTES)
        return list(yaml.compose_all(text, Loader=_BaseLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return []


def locate(path: str, index: int, keys: tuple, at_key: bool = False) -> tuple[int, int]:
    """Line and column of the deepest node found along ``keys`` in document ``index``.

    Points at the value of the last key found (at the key itself with ``at_key``);
    the document start when nothing is found; (1, 1) when the file cannot be composed
    (the file is composed once and kept for later calls).
    """
    nodes = _composed(path)
    if index >= len(nodes):
        return 1, 1
    node = place = nodes[index]
    for key in keys:
        found = _child(node, key)
        if found is None:
            break
        key_node, node = found
        place = key_node if at_key else node
    return place.start_mark.line + 1, place.start_mark.column + 1


def _child(node: Any, key: Any) -> tuple | None:
    """The (node to point at, node to descend into) for ``key``, or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    return None
