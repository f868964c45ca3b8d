"""Read YAML and JSON files into documents that remember where they start.

Safe loading only (yaml-rs; no tags are ever constructed), dates kept as strings,
duplicate keys rejected, bounded file size, alias expansion and nesting. ``locate``
maps a key path back to a line and column by composing the file with PyYAML, only
when asked (errors, SARIF and annotation lines).
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from typing import Any

from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.locate_scan import scan_all
from scorecard_cli.core.yamlparse import MAX_DEPTH, YamlError, parse_yaml, too_deep

MAX_FILE_BYTES = 5 * 1024 * 1024
TEMPLATE_MARKERS = ("${{", "{{", "{%")
# Non-blocking, so that a named pipe put in a file's place after it was checked does not
# block the open (it is then refused).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
               (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"))
# JSON tokens, to place the problems json.loads reports without a position.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)")


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
        _check_regular(os.stat(path).st_mode, display, error)  # a FIFO is never opened
        fd = os.open(path, _OPEN_FLAGS)  # nor waited for if swapped in
        try:
            info = os.fstat(fd)
            _check_regular(info.st_mode, display, error)
            if info.st_size > MAX_FILE_BYTES:
                raise error(f"file is too large ({info.st_size} bytes; the limit is "
                            f"{MAX_FILE_BYTES})", display)
            if identity is not None:
                identity.append((info.st_dev, info.st_ino))
            # Read the known size (plus one byte, to see growth) straight from the file
            # descriptor: a file object costs three more system calls per file.
            raw = os.read(fd, info.st_size + 1)
            if len(raw) < info.st_size:  # a short read (or it shrank): read on to the end
                raw += _read_up_to(fd, info.st_size + 1 - len(raw))
            if len(raw) > info.st_size:  # it grew after it was measured
                raw += _read_up_to(fd, MAX_FILE_BYTES + 1 - len(raw))
        finally:
            os.close(fd)
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", display) from None
    if len(raw) > MAX_FILE_BYTES:  # it grew after it was measured
        raise error(f"file is too large (over {MAX_FILE_BYTES} bytes; the limit is "
                    f"{MAX_FILE_BYTES})", display)
    return decode_text(raw, display, error)


def _read_up_to(fd: int, size: int) -> bytes:
    """Up to ``size`` bytes from a file descriptor (fewer only at the end of the file)."""
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def decode_text(raw: bytes, display: str, error: type[ScorecardError]) -> str:
    """Bytes of a file as UTF-8 text (BOM allowed); ``error`` for NUL bytes or bad UTF-8."""
    if b"\0" in raw:
        raise error("not a text file (it contains NUL bytes)", display)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", display, line, col) from None


def _check_regular(mode: int, display: str, error: type[ScorecardError]) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _FILE_KINDS if test(mode)), None)
        raise error(f"not a regular file ({kind})" if kind else "not a regular file", display)


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
            if not text.strip():
                return []  # an empty file: no document, as for YAML
            return [Document(_load_json(text), 0, 1, 1)]
        return [Document(data, i, line, col)
                for i, (data, line, col) in enumerate(parse_yaml(text))]
    except YamlError as exc:
        raise error(f"invalid YAML: {exc.message}", display, exc.line, exc.column) from None
    except json.JSONDecodeError as exc:
        raise error(f"invalid JSON: {exc.msg}", display, exc.lineno, exc.colno) from None
    except _JsonProblem as exc:
        raise error(f"invalid JSON: {exc.args[0]}", display, *_line_column(text, exc.args[1])
                    ) from None
    except (_TooDeep, RecursionError):
        raise error("nesting is too deep", display) from None


class _DuplicateKey(Exception):
    """A JSON object with the same key twice."""


class _JsonProblem(Exception):
    """A JSON problem (message, offset in the text) that json.loads does not place."""


class _TooDeep(Exception):
    """JSON nested deeper than MAX_DEPTH."""


def _load_json(text: str) -> Any:
    """json.loads, with the problems it lets through or does not place turned into errors:
    duplicate keys, integers past Python's digit limit, lone surrogates, deep nesting."""
    try:
        data = json.loads(text, object_pairs_hook=_json_object)
    except _DuplicateKey as exc:
        key = exc.args[0]
        raise _JsonProblem(f"duplicate key {key!r}", _duplicate_key_offset(text, key)) from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # an integer of more digits than int() converts
        raise _huge_integer(text, exc) from None
    if "\\ud" in text or "\\uD" in text:
        _check_surrogates(text)
    if text.count("[") + text.count("{") > MAX_DEPTH and too_deep(data):
        raise _TooDeep
    return data


def _json_object(pairs: list) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset, counted as json.loads counts them."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _duplicate_key_offset(text: str, key: str) -> int:
    """Where json.loads found ``key`` twice: the first object to close (objects close
    inner first) with a repeated key, at the second occurrence; 0 when not found."""
    objects: list[list | None] = []  # per open object [keys seen, repeat offset, key next]
    for token in _JSON_TOKEN.finditer(text):
        value = token.group()
        top = objects[-1] if objects else None
        if value == "{":
            objects.append([set(), None, True])
        elif value == "[":
            objects.append(None)
        elif value in ("}", "]"):
            if objects:
                objects.pop()
            if top is not None and top[1] is not None:
                return top[1]
        elif top is not None and value in (",", ":"):
            top[2] = value == ","
        elif top is not None and top[2] and value.startswith('"'):
            name = json.loads(value)
            if name in top[0] and top[1] is None and name == key:
                top[1] = token.start()
            top[0].add(name)
    return 0


def _huge_integer(text: str, exc: ValueError) -> _JsonProblem:
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    for token in _JSON_TOKEN.finditer(text):
        value = token.group()
        digits = len(value) - value.startswith("-")
        if limit and digits > limit and value.lstrip("-").isdigit():
            return _JsonProblem(f"integer of {digits} digits (the limit is {limit})",
                                token.start())
    return _JsonProblem(str(exc), 0)


def _check_surrogates(text: str) -> None:
    """Refuse a \\u escape of half a UTF-16 surrogate pair: json.loads makes it a lone
    surrogate, which is not a character and cannot be written out as UTF-8."""
    for token in _JSON_TOKEN.finditer(text):
        value = token.group()
        if not value.startswith('"') or "\\u" not in value:
            continue
        high = None  # the escape of a high surrogate waiting for its low half
        for escape in _JSON_ESCAPE.finditer(value):
            code = int(escape.group(1), 16) if escape.group(1) else -1
            if high is not None:
                if 0xDC00 <= code <= 0xDFFF and escape.start() == high.end():
                    high = None
                    continue
                break
            if 0xD800 <= code <= 0xDBFF:
                high = escape
            elif 0xDC00 <= code <= 0xDFFF:
                high = escape
                break
        if high is not None:
            raise _JsonProblem(f"lone surrogate {high.group()} (half of a UTF-16 pair is not "
                               "a character)", token.start() + high.start())


def _identity(path: str) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _cached(cache: dict, path: str, make: Any) -> Any:
    """``make(text)`` for the file, kept while its identity (device, inode, size,
    modification time) stays the same; None when it cannot be read. The file is read as
    ``read_text`` reads it (a named pipe is never opened): a list file of 100,000
    entities is read once, not once per entity, and a file rewritten since is never
    located with its old text."""
    identity = _identity(path)
    if identity is None:
        return None
    cached = cache.get(path)
    if cached is not None and cached[0] == identity:
        return cached[1]
    try:
        value = make(read_text(path, path, ScorecardError))
    except ScorecardError:
        return None
    if len(cache) >= _CACHED_FILES:
        del cache[next(iter(cache))]  # the oldest
    cache[path] = (identity, value)
    return value


def _composed(path: str) -> list:
    """The file's documents composed by PyYAML; [] when it cannot be read or composed."""
    return _cached(_COMPOSED, path, _compose) or []


_CACHED_FILES = 32
_COMPOSED: dict[str, tuple[tuple, list]] = {}
_TEXTS: dict[str, tuple[tuple, str]] = {}


def _compose(text: str) -> list:
    import yaml

    try:
        return list(yaml.compose_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except (yaml.YAMLError, RecursionError):
        return []


def locate(path: str, index: int, keys: tuple, at_key: bool = False) -> tuple[int, int]:
    """Line and column of the deepest node found along ``keys`` in document ``index``.

    Points at the value of the last key found (at the key itself with ``at_key``);
    the document start when nothing is found; (1, 1) when the file cannot be composed.
    """
    return locate_all(path, index, [keys], at_key)[0]


def locate_all(path: str, index: int, key_paths: list[tuple], at_key: bool = False
               ) -> list[tuple[int, int]]:
    """``locate`` for several key paths of one document. Plain block YAML is answered
    by searching its text (``locate_scan``), anything else by composing it with PyYAML
    (once while the file stays the same)."""
    text = _cached(_TEXTS, path, str)
    if text is None:
        return [(1, 1)] * len(key_paths)
    found = scan_all(text, index, key_paths, at_key)
    if all(position is not None for position in found):
        return found  # type: ignore[return-value]
    nodes = _composed(path)
    return [position or locate_nodes(nodes, index, keys, at_key)
            for keys, position in zip(key_paths, found)]


def locate_text(text: str, index: int, keys: tuple, at_key: bool = False) -> tuple[int, int]:
    """``locate`` in a text already read (a file read from a git tree, for instance)."""
    return (scan_all(text, index, [keys], at_key)[0]
            or locate_nodes(_compose(text), index, keys, at_key))


def locate_nodes(nodes: list, index: int, keys: tuple, at_key: bool = False) -> tuple[int, int]:
    """``locate`` in composed documents."""
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
