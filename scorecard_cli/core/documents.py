"""Read YAML and JSON files into documents that remember where they start.

Safe loading only (yaml-rs; no tags are ever constructed), dates kept as strings,
duplicate keys rejected, bounded file size, alias expansion and nesting. ``locate``
maps a key path back to a line and column by composing the file with PyYAML, only
when asked (errors, SARIF and annotation lines).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.yamlparse import YamlError, parse_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
TEMPLATE_MARKERS = ("${{", "{{", "{%")

@dataclass(frozen=True)
class Document:
    """One parsed document of a file, with the position where it starts."""

    data: Any
    index: int
    line: int
    column: int


def read_text(path: str, display: str, error: type[ScorecardError],
              identity: list | None = None) -> str:
    """Read a file as UTF-8 text (BOM allowed), bounded in size.

    When ``identity`` is given, the file's (device, inode) is appended to it, so that
    callers can tell the same file reached by two paths.
    """
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if info.st_size > MAX_FILE_BYTES:
                raise error(f"file is too large ({info.st_size} bytes; the limit is "
                            f"{MAX_FILE_BYTES})", display)
            if identity is not None:
                identity.append((info.st_dev, info.st_ino))
            raw = fh.read()  # the size is known to be within the limit
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
        return [Document(data, i, line, col)
                for i, (data, line, col) in enumerate(parse_yaml(text))]
    except YamlError as exc:
        raise error(f"invalid YAML: {exc.message}", display, exc.line, exc.column) from None
    except json.JSONDecodeError as exc:
        raise error(f"invalid JSON: {exc.msg}", display, exc.lineno, exc.colno) from None
    except _DuplicateKey as exc:
        raise error(f"invalid JSON: duplicate key {exc.args[0]!r}", display) from None
    except RecursionError:
        raise error("nesting is too deep", display) from None


class _DuplicateKey(Exception):
    """A JSON object with the same key twice."""


def _json_object(pairs: list) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


@lru_cache(maxsize=32)
def _composed(path: str) -> list:
    import yaml

    try:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read(MAX_FILE_BYTES)
        nodes = list(yaml.compose_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return []
    return nodes


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
    if node.id == "mapping":
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return key_node, value_node
    elif node.id == "sequence" and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    return None
