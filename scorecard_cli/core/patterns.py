"""Checks on a regular expression from a scorecard, made before it is compiled.

The ``regex`` module bounds matching time (a timeout) but not compiling: ``a{2147483647}``
asks for 24 GB while compiling, and ``(?R)`` recurses until memory runs out while
matching. ``check_pattern`` reads the pattern's structure (groups, classes, escapes,
counted repeats) without compiling it and refuses:

- counted repeats whose sizes, multiplied through nested groups and added up over the
  pattern, pass ``MAX_REPEAT`` (``\\d{4}`` is 4, ``(ab{3}){10}`` is 40);
- recursion and subroutine calls: ``(?R)``, ``(?0)``, ``(?1)``, ``(?+1)``, ``(?&name)``,
  ``(?P>name)``, ``\\g<name>``.

The length of a pattern is bounded by its caller.
"""

from __future__ import annotations

import re

MAX_REPEAT = 10_000
_COUNTED = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_CALL = re.compile(r"\(\?(?:R\)|[+-]?\d+\)|&|P>)")
_BRACED_ESCAPES = "pPNxuUXL"  # \p{..}, \N{..}, \x{..}: the braces belong to the escape
# "(", and what may follow it before a group's content: "?:", "?P<name>", "?<=", "?i:"...
_GROUP_PREFIX = re.compile(r"\((?:\?(?:P?<(?![=!])[^>]*>|<[=!]|[:=!>|]|\([^)]*\)|[a-zA-Z0-9^-]*:))?")
_VERSION1 = re.compile(r"\(\?[a-zA-Z0-9^-]*V1")


class PatternError(ValueError):
    """A pattern refused before compiling; ``position`` is 0-based in the pattern."""

    def __init__(self, message: str, position: int):
        super().__init__(message)
        self.message, self.position = message, position


def check_pattern(pattern: str) -> None:
    """Raise PatternError when ``pattern`` recurses or repeats past MAX_REPEAT."""
    nested_sets = _VERSION1.search(pattern) is not None
    frames = [0]  # the size of each open group so far
    last = 0  # the size of the item a quantifier would apply to
    i = 0
    while i < len(pattern):
        char, at = pattern[i], i
        counted = _COUNTED.match(pattern, i) if char == "{" else None
        if char == "\\":
            if pattern.startswith("g<", i + 1):
                raise PatternError(_call_message(pattern, i), i)
            i += 2
            if pattern[at + 1:at + 2] in _BRACED_ESCAPES and pattern.startswith("{", i):
                i = pattern.find("}", i) + 1 or len(pattern)
            last = 1
        elif char == "[":
            last, i = 1, _class_end(pattern, i, nested_sets)
        elif char == "(" and _CALL.match(pattern, i):
            raise PatternError(_call_message(pattern, i), i)
        elif char == "(" and pattern.startswith("(?#", i):
            i = pattern.find(")", i) + 1 or len(pattern)
            continue
        elif char == "(":
            frames.append(0)
            last, i = 0, _GROUP_PREFIX.match(pattern, i).end()
            continue
        elif char == ")" and len(frames) > 1:
            last, i = max(frames.pop(), 1), i + 1
        elif counted and any(counted.groups()):
            times = max(int(group) for group in counted.groups() if group)
            last, i = last * times - last, counted.end()  # the item was counted once
        elif char in "*+?|":  # unbounded repeats cost matching time, which is bounded
            last, i = (0 if char == "|" else last), i + 1
            continue
        else:
            last, i = 1, i + 1
        frames[-1] += last
        if frames[-1] > MAX_REPEAT:
            raise PatternError(f"counted repeats multiply out to more than {MAX_REPEAT:,} "
                               "items (the limit)", at)
        if counted:
            last = 0  # a quantifier cannot be quantified again


def _class_end(pattern: str, start: int, nested: bool) -> int:
    """The index after the character class that opens at ``start``."""
    i = start + 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):
        i += 1  # a ']' first in a class is a literal
    depth = 1
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[" and pattern.startswith("[:", i):
            close = pattern.find(":]", i + 2)
            if close >= 0:
                i = close + 2
                continue
        if char == "[" and nested:
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(pattern)


def _call_message(pattern: str, at: int) -> str:
    end = pattern.find(")" if pattern[at] == "(" else ">", at) + 1 or len(pattern)
    return f"recursion and subroutine calls such as {pattern[at:end]} are not allowed"
