"""Where each key of plain block-style YAML is, found in one pass over the lines, without
composing the file (``documents.locate``'s fast path).

Composing every catalog file again with PyYAML to point annotations at a field costs
more than the whole evaluation at 10,000 files. Most catalog files are block mappings
and sequences with plain keys, where an entry is found by indentation alone: in a block
collection whose entries sit at column ``c``, every line that starts at ``c`` (blank
lines and comments aside) is an entry, because a multi-line scalar must continue
further right. ``index`` maps every key path of such a document to its key's and its
value's position, exactly where composing would put them (a test compares both on every
key path of real files); a document with anything else (flow collections or quoted
scalars spanning lines, anchors, tags, aliases, quoted or complex keys, tabs, CR,
directives, document end markers, a "-" alone) has no index, so the caller composes.
"""

from __future__ import annotations

import re
from functools import lru_cache

Position = tuple[int, int]  # 1-based line and column
_UNSAFE_KEY = re.compile(r"^[&*!?{}\[\],|>%@`\"'<#]")
# A plain key (not starting with an indicator, "<<" or "- ") and what follows its colon.
_ENTRY = re.compile(r"^(?![&*!?{}\[\],|>%@`\"'<#]|<<|- )([^:#]*[^:#\s]):(?: (.*)|)$")
_QUOTED = re.compile(r"""^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ ]*(?:#.*)?$""")
MAX_TEXT = 1 << 18  # longer texts are composed (once), not indexed
SMALL_TEXT = 1 << 14  # texts searched afresh for each entity (a list file is indexed once)
FLOW = "flow"  # an entry whose value is a flow collection: its inside is not indexed


class Unsafe(Exception):
    """The document holds something only composing places correctly."""


def _check_skipped(body: str) -> None:
    """Unsafe when a line that is skipped opens a quoted scalar or flow collection that
    runs on to the next lines (they might then not belong where indentation says)."""
    rest = body[2:].lstrip(" ") if body.startswith("- ") else body
    found = _ENTRY.match(rest)
    value = (found.group(2) or "").lstrip(" ") if found else rest
    if value and value[0] in "\"'[{":
        _inline(value)


def _documents(lines: list[str]) -> list[tuple[int, int]] | None:
    """(first line, end line) of each document; None for anything but bare ``---``."""
    bounds, start, explicit = [], 0, False
    for number, line in enumerate(lines):
        if line.startswith(("---", "...")) and (len(line) == 3 or line[3] in " \t"):
            if line.rstrip() != "---":
                return None
            if explicit or any(_content(text) for text in lines[start:number]):
                bounds.append((start, number))
            start, explicit = number + 1, True
        elif line.startswith("%"):
            return None
    bounds.append((start, len(lines)))
    return bounds


def _content(line: str) -> bool:
    stripped = line.lstrip(" ")
    return bool(stripped) and stripped[0] != "#"


def _inline(text: str) -> str | None:
    """What an inline value is: None for a scalar, FLOW for a flow collection; Unsafe for
    what only composing follows."""
    first = text[0]
    if first in "&*!?%@`" or (first == "-" and (len(text) == 1 or text[1] == " ")):
        raise Unsafe  # anchors, aliases, tags, reserved indicators; a nested sequence
    if first in "\"'" and not _QUOTED.match(text):
        raise Unsafe  # a quoted scalar running on to the next lines
    if first in "[{":
        if text.count("[") != text.count("]") or text.count("{") != text.count("}"):
            raise Unsafe  # a flow collection running on to the next lines
        return FLOW
    return None


class _Document:
    """The index of one document: key path -> (key position, value position, kind)."""

    def __init__(self, lines: list[str], start: int, end: int,
                 wanted: frozenset[tuple] | None = None):
        self.wanted = wanted  # the collections whose entries matter (None: all)
        self.skip: tuple[int, bool] | None = None  # (column, is a sequence) being skipped
        self.entries: dict[tuple, tuple[Position, Position | None, str | None]] = {}
        self.start: Position | None = None
        self.stack: list[list] = []  # [column, path, is_sequence, next item index]
        self.pending: tuple | None = None  # (path, key column) of an entry without value
        self.after_inline = False  # the last entry's value was written on its line
        stack, entries, match = self.stack, self.entries, _ENTRY.match
        for number in range(start, end):
            line = lines[number]
            body = line.lstrip(" ")
            if not body or body[0] == "#":
                continue
            column = len(line) - len(body)
            if self.skip is not None:
                at, sequence = self.skip
                if column > at or (column == at and (not sequence or body[0] == "-" and (
                        len(body) == 1 or body[1] == " "))):
                    if "'" in body or '"' in body or "[" in body or "{" in body:
                        _check_skipped(body)
                    continue
                self.skip = None
            top = stack[-1] if stack else None
            if (top is not None and self.pending is None and top[0] == column
                    and not top[2] and body[0] not in "-<"):
                found = match(body)  # the common case: the next entry of the same mapping
                if found is None:
                    raise Unsafe
                rest = found.group(2)
                rest = rest.lstrip(" ") if rest else ""
                key = (number + 1, column + 1)
                path = (*top[1], found.group(1))
                if rest and rest[0] != "#":
                    entries[path] = (key, (number + 1, len(line) - len(rest) + 1),
                                     _inline(rest))
                    self.after_inline = True
                else:
                    entries[path] = (key, None, None)
                    self.pending = (path, column)
                    self.after_inline = False
                continue
            self._line(number, line, column, body)
        if self.pending is not None:
            raise Unsafe  # an empty value at the end: a null only composing places

    def _line(self, number: int, line: str, column: int, body: str) -> None:
        dash = body[0] == "-" and (len(body) == 1 or body[1] == " ")
        if self.pending is not None:
            path, key_column = self.pending
            self.pending = None
            if column > key_column or (column == key_column and dash):
                key, _, kind = self.entries[path]
                self.entries[path] = (key, (number + 1, column + 1), kind)
                self.stack.append([column, path, dash, 0])
                if self.wanted is not None and path not in self.wanted:
                    self.skip = (column, dash)  # no key path looks inside it
                    _check_skipped(body)
                    return
            else:
                raise Unsafe  # an empty value (null)
        elif not self.stack:
            self.start = (number + 1, column + 1)
            self.stack.append([column, (), dash, 0])
        popped = False
        while self.stack and (self.stack[-1][0] > column or (
                self.stack[-1][0] == column and self.stack[-1][2] and not dash)):
            self.stack.pop()
            popped = True
        if not self.stack:
            raise Unsafe  # a second top-level node: not a document composing reads so
        top = self.stack[-1]
        if column > top[0]:
            if popped or not self.after_inline:
                raise Unsafe
            return  # a multi-line scalar going on
        if top[2]:
            self._item(number, line, column, top)
        else:
            self._entry(number, line, column, top[1], body)

    def _item(self, number: int, line: str, column: int, top: list) -> None:
        if not line[column:].startswith("- "):
            raise Unsafe  # "-" alone, or not an item where items are
        path = (*top[1], top[3])
        top[3] += 1
        rest = line[column + 1:].lstrip(" ")
        at = len(line) - len(rest)
        if rest[0] == "#" or _UNSAFE_KEY.match(rest) and rest[0] not in "[{\"'":
            raise Unsafe
        if ":" in rest and _ENTRY.match(rest):  # a mapping starting after "- "
            self.entries[path] = ((number + 1, at + 1), (number + 1, at + 1), None)
            self.stack.append([at, path, False, 0])
            if self.wanted is not None and path not in self.wanted:
                self.skip = (at, False)
                _check_skipped(rest)
                return
            self._entry(number, line, at, path, rest)
            return
        self.entries[path] = ((number + 1, at + 1), (number + 1, at + 1), _inline(rest))
        self.after_inline = True

    def _entry(self, number: int, line: str, column: int, parent: tuple, body: str) -> None:
        found = _ENTRY.match(body)
        if found is None:
            raise Unsafe
        name, rest = found.group(1), (found.group(2) or "").lstrip(" ")
        path = (*parent, name)
        key = (number + 1, column + 1)
        if rest and rest[0] != "#":
            self.entries[path] = (key, (number + 1, len(line) - len(rest) + 1), _inline(rest))
            self.after_inline = True
        else:
            self.entries[path] = (key, None, None)
            self.pending = (path, column)
            self.after_inline = False

    def locate(self, keys: tuple, at_key: bool) -> Position | None:
        """Where composing points for ``keys``; None when this index cannot tell."""
        place, path = self.start, ()
        for key in keys:
            entry = self.entries.get((*path, key))
            if entry is None and isinstance(key, int):
                key = str(key)  # composing compares a mapping's keys with str(key)
                entry = self.entries.get((*path, key))
            if entry is None:
                if path and self.entries[path][2] == FLOW:
                    return None  # inside a flow collection: not indexed
                break
            path = (*path, key)
            place = entry[0] if at_key else entry[1]
        return place


@lru_cache(maxsize=16)
def index(text: str) -> tuple[_Document | None, ...] | None:
    """The index of each document of ``text`` (None for a document it cannot index);
    None when the stream itself is out of reach."""
    if "\t" in text or "\r" in text or len(text) > MAX_TEXT:
        return None
    lines = text.split("\n")
    bounds = _documents(lines)
    if bounds is None:
        return None
    out: list[_Document | None] = []
    for start, end in bounds:
        try:
            document = _Document(lines, start, end)
            out.append(document if document.start is not None else None)
        except Unsafe:
            out.append(None)
    return tuple(out)


# ``_search`` answers for one document of plain block YAML, with string searches and no
# loop over every line. Its text must hold no document markers or directives, no
# explicit ("? ") or quoted keys, no space before a key's colon, and every quoted scalar
# and flow collection must close on its line (a count per line that holds a quote or a
# bracket; a false alarm only sends the text to the slower paths).
_NEXT_CONTENT = re.compile(r"\n( *)[^ \n#]")
_ENDS: dict[int, re.Pattern] = {}


def _plain_document(text: str) -> bool:
    """True when ``_search`` may answer for this text."""
    if ("\t" in text or "\r" in text or "? " in text or '": ' in text or "': " in text
            or '":\n' in text or "':\n" in text or text.endswith(('":', "':", " :"))
            or " : " in text or " :\n" in text or "\n---" in text or "\n..." in text
            or "\n%" in text or text.startswith(("---", "...", "%", "?"))):
        return False
    for line in text.split("\n"):
        if '"' in line and (line.count('"') - line.count('\\"')) % 2:
            return False
        if "'" in line and line.count("'") % 2:
            return False
        if ("[" in line or "{" in line or "]" in line or "}" in line) and (
                line.count("[") != line.count("]") or line.count("{") != line.count("}")):
            return False
    return True


def _position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _find_key(text: str, key: str, column: int, start: int, end: int) -> int:
    """The offset of the line that starts with ``key:`` at ``column`` in [start, end),
    or -1."""
    prefix = " " * column + key + ":"
    needle = "\n" + prefix
    if start == 0 and text.startswith(prefix):
        candidate = 0
    else:
        found = text.find(needle, max(start - 1, 0), end)
        candidate = -1 if found < 0 else found + 1
    while candidate >= 0:
        after = candidate + len(prefix)
        if after >= len(text) or text[after] in " \n":
            return candidate
        found = text.find(needle, after, end)
        candidate = -1 if found < 0 else found + 1
    return -1


def _search(text: str, keys: tuple, at_key: bool) -> Position | None:
    """Where composing points for ``keys`` in a ``_plain_document``; None for what it
    does not answer (sequences, values that are aliases, anchors, tags or empty)."""
    first = _NEXT_CONTENT.search("\n" + text)
    if first is None or first.group(1) or text[first.end() - 2] == "-":
        return None  # no content, or not a mapping whose keys are at column 0
    place = first.end() - 2  # the document's mapping starts at its first key
    start, end, column = 0, len(text), 0
    for depth, key in enumerate(keys):
        if not isinstance(key, str):
            return None
        line = _find_key(text, key, column, start, end)
        if line < 0:
            break
        key_at = line + column
        colon = key_at + len(key) + 1
        line_end = text.find("\n", colon)
        line_end = len(text) if line_end < 0 else line_end
        rest = text[colon:line_end].lstrip(" ")
        if rest and rest[0] != "#":
            if rest[0] in "&*!?%@`" or (rest[0] in "[{" and depth < len(keys) - 1):
                return None  # composing knows where these point, or looks inside
            place, start, end = (key_at if at_key else line_end - len(
                text[colon:line_end].lstrip(" "))), line_end, line_end
            continue  # a scalar value: no key of the path can be inside
        nested = _NEXT_CONTENT.search(text, line_end, end)
        if nested is None:
            return None  # an empty value (null)
        at = nested.end() - 1
        inner = len(nested.group(1))
        dash = text[at] == "-" and text[at + 1:at + 2] in ("", " ", "\n")
        if inner < column or (inner == column and not dash) or text[at] in "&*!?%@`":
            return None  # an empty value (null), or one only composing places
        place = key_at if at_key else at
        if dash:
            start = end = line_end  # a sequence: nothing below it is searched
            continue
        block_end = _ENDS.get(column)
        if block_end is None:
            block_end = _ENDS[column] = re.compile(rf"\n {{0,{column}}}[^ \n#]")
        after = block_end.search(text, at, end)
        start, end, column = nested.start() + 1, after.start() if after else end, inner
    return _position(text, place)


def scan_all(text: str, index_: int, key_paths: list[tuple], at_key: bool = False
             ) -> list[Position | None]:
    """``scan`` for several key paths of one document. A small text (one entity's file)
    is searched, or indexed only in the collections the paths look inside; a bigger one
    is indexed once for all its entities; JSON and very big texts are left to
    composing (also once)."""
    if len(text) > MAX_TEXT or text.lstrip()[:1] in ("[", "{"):
        return [None] * len(key_paths)
    if len(text) <= SMALL_TEXT:
        if index_ == 0 and _plain_document(text):
            found = [_search(text, keys, at_key) for keys in key_paths]
            if all(position is not None for position in found):
                return found
        partial = _partial(text, index_, key_paths)
        if partial is not None:
            return [partial.locate(keys, at_key) for keys in key_paths]
    return [scan(text, index_, keys, at_key) for keys in key_paths]


def _partial(text: str, index_: int, key_paths: list[tuple]) -> _Document | None:
    """The index of only the collections ``key_paths`` look inside, or None."""
    if "\t" in text or "\r" in text:
        return None
    lines = text.split("\n")
    bounds = _documents(lines)
    if bounds is None or index_ >= len(bounds):
        return None
    wanted = frozenset(keys[:i] for keys in key_paths for i in range(len(keys)))
    try:
        document = _Document(lines, *bounds[index_], wanted=wanted)
    except Unsafe:
        return None
    return document if document.start is not None else None


def scan(text: str, index_: int, keys: tuple, at_key: bool = False) -> Position | None:
    """``documents.locate``'s answer for plain block YAML, or None when only composing
    the file can tell."""
    documents = index(text)
    if documents is None or index_ >= len(documents) or documents[index_] is None:
        return None
    return documents[index_].locate(keys, at_key)  # type: ignore[union-attr]
