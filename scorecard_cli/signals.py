"""Ctrl-C and SIGTERM end a run with one line, ``scorecard: interrupted``.

Both signals raise ``Interrupted`` (a BaseException, so that no ``except Exception`` and
neither Click's own Ctrl-C handling swallow it) wherever the run is; the code on its way
out removes what it was writing (see ``core.atomic``) and stops the git it started.
"""

from __future__ import annotations

import signal
from types import FrameType


class Interrupted(BaseException):
    """The run was interrupted by a signal; ``code`` is the exit code to use."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.code = 128 + signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def install() -> None:
    """Make SIGINT and SIGTERM raise ``Interrupted`` in the main thread."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _raise)
