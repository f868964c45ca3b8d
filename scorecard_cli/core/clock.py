"""The run's clock: one "now" for every time-relative rule of a run.

``--now ISO-DATETIME`` fixes it; else ``SOURCE_DATE_EPOCH`` (seconds since 1970, as
reproducible builds set it); else the wall clock, read once. Date presets, the waiver
expiry and ``scm.recentCommit`` all read this one value, so a run is reproducible.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping

from scorecard_cli.core.dates import as_datetime
from scorecard_cli.core.errors import UsageError

_EPOCH = re.compile(r"^\s*-?\d{1,12}\s*$")


def run_clock(now: str | None, environ: Mapping[str, str]) -> float:
    """The run's "now" as a POSIX timestamp; raise UsageError for a malformed value."""
    if now is not None:
        moment = as_datetime(now)
        if moment is None:
            raise UsageError(f"--now {now!r}: not an ISO-8601 date-time "
                             "(e.g. 2026-12-01T09:00:00Z)")
        return moment.timestamp()
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip():
        seconds = float(int(epoch)) if _EPOCH.match(epoch) else None
        try:
            if seconds is not None:
                dt.datetime.fromtimestamp(seconds, dt.timezone.utc)  # a representable day
                return seconds
        except (OverflowError, OSError, ValueError):
            pass
        raise UsageError(f"SOURCE_DATE_EPOCH {epoch!r}: not a whole number of seconds "
                         "since 1970-01-01 (UTC) up to the year 9999")
    return time.time()


def utc_date(timestamp: float) -> dt.date:
    """The UTC calendar day of a timestamp (never the local one: runs agree everywhere)."""
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).date()
