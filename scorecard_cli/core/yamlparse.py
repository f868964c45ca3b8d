"""YAML documents through yaml-rs (fast, safe, YAML 1.2 scalars like Backstage's
js-yaml), with PyYAML only to place an error that yaml-rs reports without a position.

A stream is split at its document markers so that each document's start line is
known and a list document is never mistaken for a stream of documents.
"""

from __future__ import annotations

import math
import re
import sys
from bisect import bisect_right
from functools import lru_cache
from typing import Any

import yaml_rs

from scorecard_cli.core.aliases import AliasBytesError, check_alias_bytes, may_expand

MAX_DOCUMENTS = 10_000
MAX_ALIAS_EVENTS = 200_000
MAX_DEPTH = 100
DEPTH_MESSAGE = f"nesting is too deep (the limit is {MAX_DEPTH} levels)"

_MARKER = re.compile(r"^(---|\.\.\.)(?=[ \t]|$)", re.MULTILINE)
_DIRECTIVE = re.compile(r"^%[^\n]*", re.MULTILINE)
_POSITION = re.compile(r"at line (\d+), column (\d+)")
_INVALID_TAG = re.compile(r"Invalid tag: '(.+)'$")
_BEFORE_TAG = " \t\r\n[{,"  # what may come just before a tag
_AFTER_TAG = " \t\r\n]},"
# Text that can make a mapping key a collection: a flow collection closed before a
# colon, an explicit "? " key, or two flow openings in a row ("{{", as in templates).
_COMPLEX_HINTS = ("]:", "}:", "] :", "} :", "? ", "{{", "[[", "{ {", "[ [", "{[", "[{")
_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS)
# A block collection at column c is at most at level 2c + 2 (a sequence may share the
# column of the key it is the value of), so a level past MAX_DEPTH needs a line whose
# indentation and leading indicators ("- ", "? ", ": ") take _PREFIX columns or more:
# only then are a chunk's levels counted.
_PREFIX = MAX_DEPTH // 2 - 1
_DEEP_LINE = re.compile(rf"\n[ ?:-]{{{_PREFIX}}}")
_DEEP_LINE_CR = re.compile(rf"\r[ ?:-]{{{_PREFIX}}}")
_DEEP_START = re.compile(rf"[ ?:-]{{{_PREFIX}}}")
_PREFIX_CHARS = " ?:-"
_LINE_BREAK = re.compile(r"\r\n?|\n")
_DIGIT_CHARS = "0123456789abcdefABCDEF_"
_DIGITS = frozenset(_DIGIT_CHARS)
_DIGIT_RUN = re.compile(r"[0-9a-fA-F_]*")
_INDICATORS = re.compile(r"(?:[-?:](?: +|$))+")  # "- ", "? ", ": " opening block levels
_INDICATOR = re.compile(r"[-?:]")
_int_max_str_digits = getattr(sys, "get_int_max_str_digits", lambda: 0)  # 0: no limit
_BLOCK_SCALAR = re.compile(r"[|>][1-9+-]*[ \t]*(?:#.*)?$")


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
    if may_expand(text):
        try:
            check_alias_bytes(text)
        except AliasBytesError as exc:
            raise YamlError(str(exc), exc.line, exc.column) from None
    if not _may_have_markers(text):
        start = _content_start(text, 1)
        return [] if start is None else [(_load(text, 1), *start)]
    chunks = _chunks(text)
    if sum(1 for chunk, _, _ in chunks if _may_have_aliases(chunk)) > 1:
        _check_file_aliases(text, chunks)
    documents = []
    for chunk, first_line, explicit in chunks:
        start = _content_start(chunk, first_line)
        if start is None and not explicit:
            continue
        if len(documents) >= MAX_DOCUMENTS:
            raise YamlError(f"too many documents (the limit is {MAX_DOCUMENTS})", first_line, 1)
        data = _load(chunk, first_line)
        documents.append((data, *(start or (first_line, 1))))
    return documents


def _may_have_aliases(chunk: str) -> bool:
    """False when the chunk cannot use an alias (it needs an anchor and a ``*``)."""
    return "*" in chunk and "&" in chunk


def _check_file_aliases(text: str, chunks: list[tuple[str, int, bool]]) -> None:
    """Bound alias expansion by file, not by document: several documents use aliases,
    so the whole stream is loaded once with the budget (yaml-rs counts per call)."""
    for chunk, first_line, _ in chunks:
        _check_depth(chunk, first_line)  # the stream must not overflow the parser either
    try:
        yaml_rs.loads(text, parse_datetime=False, alias_limits=_LIMITS,
                      duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc)
        if "alias" in message and _POSITION.search(message) is None:
            reason = message.strip().splitlines()[-1].strip()
            raise YamlError(f"YAML aliases expand too far ({reason}; counted over all the "
                            "documents of this file)", 1, 1) from None
        # any other error is reported, placed, by the document that has it
    except RecursionError:
        pass


def _load(chunk: str, first_line: int) -> Any:
    _check_depth(chunk, first_line)
    try:
        data = yaml_rs.loads(chunk, parse_datetime=False, alias_limits=_LIMITS,
                             duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except yaml_rs.YAMLDecodeError as exc:
        raise _placed(str(exc), chunk, first_line) from None
    except RecursionError:
        raise YamlError(DEPTH_MESSAGE, first_line, 1) from None
    bits = _int_bits()
    if bits and len(chunk) > bits // 4:  # shorter than the shortest literal of a longer int
        _check_integers(chunk, first_line, data, bits)
    if _may_have_aliases(chunk) and too_deep(data):
        start = _content_start(chunk, first_line) or (first_line, 1)
        raise YamlError(f"{DEPTH_MESSAGE[:-1]}, aliases expanded)", *start)
    if _may_have_complex_keys(chunk) and _has_complex_key(data):
        raise YamlError("a mapping key is itself a mapping or list", first_line, 1)
    return data


def _int_bits() -> int:
    """The most bits of an int Python surely writes (sys.get_int_max_str_digits()); 0 when
    it writes any."""
    return _bits_for(_int_max_str_digits())


@lru_cache(maxsize=4)
def _bits_for(digits: int) -> int:
    return int(digits * math.log2(10)) if digits else 0


def _check_integers(chunk: str, first_line: int, data: Any, bits: int) -> None:
    """Refuse an integer too long for Python to write: yaml-rs makes one of any size, and
    every message or report quoting it would fail.

    Cheap: the literal of such an integer is a run of at least ``bits // 4 + 1`` hex
    digits or underscores, which is looked for by sampling the text; the data are walked
    only when one is found.
    """
    run = _long_digit_run(chunk, (bits + 4) // 4)
    if run is None:
        return
    stack = [data]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            stack.extend(current)
            stack.extend(current.values())
        elif isinstance(current, (list, tuple, set, frozenset)):  # !!set, complex keys
            stack.extend(current)
        elif (isinstance(current, int) and current.bit_length() > bits
              and abs(current) >= 10 ** (limit := _int_max_str_digits())):
            line = chunk.count("\n", 0, run)
            column = run - (chunk.rfind("\n", 0, run) + 1) + 1
            raise YamlError(f"integer of more than {limit} digits (the limit is {limit})",
                            first_line + line, column)


def _long_digit_run(chunk: str, shortest: int) -> int | None:
    """Offset of the first run of ``shortest`` or more hex digits and underscores.

    Such a run holds two consecutive multiples of ``shortest // 2``: only the characters
    there are looked at, then the run between them.
    """
    stride = shortest // 2
    for start in range(0, len(chunk) - stride, stride):
        if chunk[start] not in _DIGITS or chunk[start + stride] not in _DIGITS:
            continue
        end = _DIGIT_RUN.match(chunk, start).end()
        if end <= start + stride:
            continue  # not one run from this sample to the next
        before = chunk[max(0, start - stride):start]  # the run began after the last sample
        begin = start - (len(before) - len(before.rstrip(_DIGIT_CHARS)))
        if end - begin >= shortest:
            return begin
    return None


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """True when lists and mappings nest more than ``limit`` levels (iterative)."""
    stack = [(data, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children: Any = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (dict, list)))
    return False


def _check_depth(chunk: str, first_line: int) -> None:
    """Refuse block collections nested past MAX_DEPTH before yaml-rs parses them (it
    recurses once per level and overflows its stack at about 10,000 levels).

    Cheap for every file: the levels are counted only when some line's indentation and
    leading indicators are long enough to open that many levels (see ``_PREFIX``).
    Flow collections are left to yaml-rs, which stops them itself.
    """
    if (_DEEP_LINE.search(chunk) is None
            and (chunk[:1] not in _PREFIX_CHARS or _DEEP_START.match(chunk) is None)
            and ("\r" not in chunk or _DEEP_LINE_CR.search(chunk) is None)):
        return
    place = _too_deep_at(chunk)
    if place is not None:
        raise YamlError(DEPTH_MESSAGE, first_line + place[0], place[1])


def _too_deep_at(chunk: str) -> tuple[int, int] | None:
    """(0-based line, 1-based column) of the first block level past MAX_DEPTH, or None.

    Follows the block structure by indentation, as a YAML parser does: each line opens
    a mapping (a key) or sequence ("- ") at its indentation, inside the nearest open
    collection to its left, then one more level per compact "- " / "? " / ": " and for a
    key after them. Block scalar bodies are skipped; flow collections are not counted.
    """
    open_levels: list[tuple[int, int, bool]] = []  # (column, depth, is a sequence)
    scalar_column = -1  # lines indented past it are the body of a block scalar
    for number, line in enumerate(_LINE_BREAK.split(chunk)):
        if number == 0 and _MARKER.match(line):
            line = "   " + line[3:]  # the document marker of an explicit document
        indent = len(line) - len(line.lstrip(" "))
        if indent == len(line) or line[indent] == "#":
            continue
        if scalar_column >= 0:
            if indent > scalar_column:
                continue
            scalar_column = -1
        opened = _line_levels(line, indent)
        if not opened:
            continue
        column, sequence = opened[0]
        del open_levels[bisect_right(open_levels, column, key=_column):]  # columns ascend
        if open_levels and open_levels[-1][0] == column and open_levels[-1][2] and not sequence:
            open_levels.pop()  # a key after the sequence that was its sibling key's value
        if open_levels and open_levels[-1][0] == column and open_levels[-1][2] == sequence:
            depth = open_levels.pop()[1]  # the next entry of the same collection
        else:
            depth = open_levels[-1][1] + 1 if open_levels else 1
        if depth + len(opened) - 1 > MAX_DEPTH:
            return number, opened[MAX_DEPTH - depth + 1][0] + 1
        open_levels.extend((at, depth + offset, is_sequence)
                           for offset, (at, is_sequence) in enumerate(opened))
        value = line[opened[-1][0]:]
        value = value.split(": ", 1)[1] if not opened[-1][1] and ": " in value else value[1:]
        if _BLOCK_SCALAR.match(value.strip()):
            scalar_column = opened[-1][0]
    return None


def _column(level: tuple[int, int, bool]) -> int:
    return level[0]


def _line_levels(line: str, indent: int) -> list[tuple[int, bool]]:
    """(column, is a sequence) of each block collection a line opens, left to right."""
    end = indent
    opened = []
    if line[indent] in "-?:":
        run = _INDICATORS.match(line, indent)
        if run:
            end = run.end()
            opened = [(at.start(), at.group() == "-")
                      for at in _INDICATOR.finditer(line, indent, end)]
    rest = line[end:]
    if rest and rest[0] != "#" and (": " in rest or rest.rstrip().endswith(":")):
        opened.append((end, False))
    return opened


def _placed(message: str, chunk: str, first_line: int) -> YamlError:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    reason = lines[-1] if lines else message
    position = _POSITION.search(message)
    if position:
        return YamlError(reason, first_line + int(position.group(1)) - 1, int(position.group(2)))
    if "alias" in message:
        return YamlError(f"YAML aliases expand too far ({reason})", first_line, 1)
    tag = _INVALID_TAG.match(reason)
    line, column = (_tag_position(chunk, tag.group(1)) if tag else None) or _pyyaml_position(chunk)
    return YamlError(reason.replace("duplicate mapping key:", "duplicate key"),
                     first_line + line - 1, column)


def _tag_position(chunk: str, tag: str) -> tuple[int, int] | None:
    """Line and column of the first use of ``tag`` as a node's tag, or None."""
    start = chunk.find(tag)
    while start >= 0:
        end = start + len(tag)
        if ((start == 0 or chunk[start - 1] in _BEFORE_TAG)
                and (end == len(chunk) or chunk[end] in _AFTER_TAG)):
            line_start = chunk.rfind("\n", 0, start) + 1
            return chunk.count("\n", 0, start) + 1, start - line_start + 1
        start = chunk.find(tag, end)
    return None


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
