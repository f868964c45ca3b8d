"""The facts a rule reads from outside its entity, written down as it reads them.

The result cache (``resultcache``) may reuse a stored result only when every fact its
rules read still holds. Rules never name their facts: they read the repository through
``ctx.require_source()`` and the clock through ``ctx.now`` / ``ctx.clock()``, and while
the engine records, those hand out a ``RecordingSource`` and note the clock. A new rule
type or operator that reads through the context is therefore covered without any
change here; one that adds a new way to read the repository adds it to
``RecordingSource`` (which has no catch-all, so a forgotten method fails loudly in
tests instead of going unrecorded).

A fact is a JSON-ready list ``[kind, argument, answer]``:

- ``["exists", path, answer]`` — ``Snapshot.exists`` of a repository-relative path;
- ``["content", path, id]`` — what ``Snapshot.read_bytes`` gave: ``None`` (absent), or
  the git blob id of the bytes (``Snapshot.content_id`` knows it without reading when
  git does: a blob at a ref, a tracked file unmodified in the working tree);
- ``["commit", folder, [head, time]]`` — the last-commit time of a folder, at a head
  (the time is re-read only when the head moved);
- ``["clock", null, [low, high]]`` — the result holds for a run clock in [low, high).

An answer that was an evaluation error is ``["!", message]``: the same error must
happen again for the fact to hold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from scorecard_cli.core.limits import MAX_READ_BYTES
from scorecard_cli.core.rules.base import EvalError

# A clock closer than this to the edge of a result's window is treated as outside it:
# the window is computed with arithmetic that may differ from the rule's by a few ulps.
CLOCK_GUARD = 0.001


def blob_id(data: bytes) -> str:
    """Git's blob id of these bytes, or a digest marked as a prefix for a file cut at
    MAX_READ_BYTES (whose full blob id says nothing about the bytes a rule saw)."""
    if len(data) >= MAX_READ_BYTES:
        return "cut:" + hashlib.sha256(data).hexdigest()
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()


def _answer(read: Callable[[str], Any], argument: str) -> Any:
    try:
        return read(argument)
    except EvalError as exc:
        return ["!", str(exc)]


class RecordingSource:
    """A ``Source`` that appends each fact it reads to ``facts``; otherwise the same."""

    def __init__(self, source: Any, facts: list):
        self._source = source
        self._facts = facts
        self.snapshot = source.snapshot
        self.folder = source.folder

    def resolve(self, path: str) -> str:
        """Repository-relative path (a pure function of the folder and the path)."""
        return self._source.resolve(path)

    def where(self) -> str:
        """`` in <folder>`` for messages."""
        return self._source.where()

    def exists(self, path: str) -> bool:
        """True when the rule path exists in the snapshot (recorded)."""
        return self.exists_resolved(self.resolve(path))

    def exists_resolved(self, target: str) -> bool:
        """True when a resolved path exists in the snapshot (recorded)."""
        try:
            found = self.snapshot.exists(target)
        except EvalError as exc:
            self._facts.append(["exists", target, ["!", str(exc)]])
            raise
        self._facts.append(["exists", target, found])
        return found

    def read_text(self, path: str) -> str | None:
        """Text of the file at a rule path, or None (recorded by the bytes' blob id)."""
        target = self.resolve(path)
        try:
            data = self.snapshot.read_bytes(target)
        except EvalError as exc:
            self._facts.append(["content", target, ["!", str(exc)]])
            raise
        self._facts.append(["content", target, None if data is None else blob_id(data)])
        return None if data is None else data.decode("utf-8", "replace")

    def last_commit_time(self) -> float | None:
        """Time of the newest commit touching the folder (recorded with the head)."""
        when = self.snapshot.last_commit_time(self.folder)
        self._facts.append(["commit", self.folder, [self.snapshot.head_id(), when]])
        return when


def clock_fact(now: float, window: tuple[float, float] | None) -> list:
    """The fact for a clock read: the window a result holds in, else the exact clock."""
    if window is not None:
        low, high = window
        if low + CLOCK_GUARD <= now < high - CLOCK_GUARD:
            return ["clock", None, [low, high]]
    return ["clock", None, [now, now]]


def _clock_holds(answer: list, now: float) -> bool:
    low, high = answer
    if low == high:
        return now == low
    return low + CLOCK_GUARD <= now < high - CLOCK_GUARD


def holds(facts: list, snapshot: Any, now: float) -> bool:
    """True when every fact still holds in this snapshot at this clock."""
    for kind, argument, answer in facts:
        if kind == "clock":
            if not _clock_holds(answer, now):
                return False
            continue
        if snapshot is None:
            return False
        if kind == "exists":
            if _answer(snapshot.exists, argument) != answer:
                return False
        elif kind == "content":
            if _answer(snapshot.content_id, argument) != answer:
                return False
        elif kind == "commit":
            head, when = answer
            if snapshot.head_id() != head and _answer(snapshot.last_commit_time,
                                                      argument) != when:
                return False
        else:  # written by another version: never trusted
            return False
    return True
