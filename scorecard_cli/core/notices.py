"""Notices of one kind folded into one line with a count, so that 300 "source-location
ignored" notices do not push the results off the screen.

A notice's kind is its message with the parts that vary from one input to the next
(quoted values, numbers) blanked out, so notices added anywhere are grouped without a
registry. Errors and warnings are never folded: each one needs its own look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecard_cli.core.errors import Diagnostic

_VARYING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\d+")


@dataclass(frozen=True)
class Folded:
    """The first diagnostic of a kind and how many of that kind there were in all."""

    first: Diagnostic
    count: int = 1

    def format(self, hint: str = "") -> str:
        """``file:line:col: notice: message`` plus ``(and N more like it<hint>)`` when
        folded."""
        text = self.first.format()
        if self.count > 1:
            text += f" (and {self.count - 1} more like it{hint})"
        return text


def notice_kind(diagnostic: Diagnostic) -> str:
    """What notices of the same kind share: the message without its varying parts."""
    return _VARYING.sub("_", diagnostic.message)


def fold_notices(diagnostics: list[Diagnostic]) -> list[Folded]:
    """Diagnostics in their order, each kind of notice once (at its first place) with its
    count; errors and warnings one by one."""
    folded: list[Folded] = []
    position: dict[str, int] = {}
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity != "notice":
            folded.append(Folded(diagnostic))
            continue
        kind = notice_kind(diagnostic)
        if kind in position:
            counts[kind] += 1
            continue
        position[kind] = len(folded)
        counts[kind] = 1
        folded.append(Folded(diagnostic))
    for kind, index in position.items():
        if counts[kind] > 1:
            folded[index] = Folded(folded[index].first, counts[kind])
    return folded
