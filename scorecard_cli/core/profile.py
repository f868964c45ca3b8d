"""Phase timings of a run, for ``SCORECARD_PROFILE=1`` (printed on stderr by the CLI).

``phase(name)`` times a block; phases nest, and each phase is charged only its own time
(its children's time is theirs), so the phases of a run add up to its wall time. Off (the
default), ``phase`` hands back one shared do-nothing context: a ``with`` costs well under
a microsecond.
"""

from __future__ import annotations

import os
import time
from contextlib import AbstractContextManager, nullcontext
from typing import Any

ENV = "SCORECARD_PROFILE"
ENABLED = os.environ.get(ENV, "") not in ("", "0")
_OFF = nullcontext()
_totals: dict[str, float] = {}
_stack: list[list[Any]] = []  # [name, started, children's time]


class _Phase:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __enter__(self) -> None:
        _stack.append([self.name, time.perf_counter(), 0.0])

    def __exit__(self, *exc: object) -> None:
        name, started, children = _stack.pop()
        spent = time.perf_counter() - started
        _totals[name] = _totals.get(name, 0.0) + spent - children
        if _stack:
            _stack[-1][2] += spent


def phase(name: str) -> AbstractContextManager[Any]:
    """A context that charges the time spent in it to ``name`` (when profiling)."""
    return _Phase(name) if ENABLED else _OFF


def add(name: str, seconds: float) -> None:
    """Charge time measured elsewhere (e.g. the interpreter's start) to ``name``."""
    if ENABLED:
        _totals[name] = _totals.get(name, 0.0) + seconds


def totals() -> dict[str, float]:
    """Seconds per phase, in the order the phases first ran."""
    return dict(_totals)


def process_age() -> float | None:
    """Seconds since this process started (Linux: from /proc), else None."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        with open("/proc/uptime", "rb") as fh:
            uptime = float(fh.read().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
