"""Dates and date ranges for the ordering operators and ``between`` (SPEC §5.1).

A range is ``{"from": ISO, "to": ISO}`` (inclusive; a date without a time covers its
whole day) or ``{"preset": P}`` with one of Port's nine presets, resolved against the
run's clock when a condition is evaluated. Everything is in UTC.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from scorecard_cli.core.errors import Problem

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$")
_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_DAY = timedelta(days=1)
_TICK = timedelta(microseconds=1)
_EARLIEST = datetime.min.replace(tzinfo=timezone.utc)
_LATEST = datetime.max.replace(tzinfo=timezone.utc)

# preset -> (unit, amount): a calendar day at an offset from today, or a span ending now
PRESETS: dict[str, tuple[str, int]] = {
    "today": ("day", 0),
    "tomorrow": ("day", 1),
    "yesterday": ("day", -1),
    "lastWeek": ("days", 7),
    "last2Weeks": ("days", 14),
    "lastMonth": ("months", 1),
    "last3Months": ("months", 3),
    "last6Months": ("months", 6),
    "last12Months": ("months", 12),
}


def as_datetime(value: Any) -> datetime | None:
    """An ISO-8601 date or date-time as an aware datetime (naive means UTC); else None."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and _DATE.match(value.strip()):
        text = value.strip().replace(" ", "T", 1).replace("t", "T", 1)
        if text[-1] in "Zz":
            text = text[:-1] + "+00:00"
        elif len(text) > 5 and text[-5] in "+-" and text[-3] != ":" and "T" in text:
            text = text[:-2] + ":" + text[-2:]
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _months_back(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 31st -> the 30th...)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of moments: fixed, or a preset resolved against the run's clock."""

    start: datetime | None = None
    end: datetime | None = None
    preset: str | None = None

    def bounds(self, now: float) -> tuple[datetime, datetime]:
        """(first, last) moment of the range for a run whose clock reads ``now``."""
        if self.preset is None:
            assert self.start is not None and self.end is not None
            return self.start, self.end
        moment = datetime.fromtimestamp(now, timezone.utc)
        unit, amount = PRESETS[self.preset]
        try:
            if unit == "day":
                midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
                first = midnight + amount * _DAY
                return first, first + _DAY - _TICK
            if unit == "days":
                return moment - amount * _DAY, moment
            return _months_back(moment, amount), moment
        except (OverflowError, ValueError):  # a clock at the very edge of the calendar
            return (_EARLIEST, moment) if amount <= 0 or unit != "day" else (moment, _LATEST)

    def describe(self) -> str:
        """The range as written, for rule details."""
        if self.preset is not None:
            return self.preset
        assert self.start is not None and self.end is not None
        return f"{self.start.isoformat()} .. {self.end.isoformat()}"


def _bound(value: Any, key: str, end: bool) -> datetime:
    moment = as_datetime(value)
    if moment is None:
        raise Problem(f"'{key}' must be an ISO-8601 date or date-time (got {value!r})",
                      ("value", key))
    if end and isinstance(value, str) and _DATE_ONLY.match(value):
        return moment + _DAY - _TICK  # a date "to" covers that whole day
    if end and isinstance(value, date) and not isinstance(value, datetime):
        return moment + _DAY - _TICK
    return moment


def date_range(op: str, value: Any) -> DateRange:
    """Check a ``between`` value, ``{from, to}`` or ``{preset}``; raise Problem."""
    if not isinstance(value, dict):
        raise Problem(f"operator {op!r} needs a value {{\"from\": ISO, \"to\": ISO}} or "
                      f"{{\"preset\": P}} (got {value!r})", ("value",))
    if "preset" in value:
        unknown = set(value) - {"preset"}
        preset = value["preset"]
        if unknown:
            key = min(unknown, key=str)
            raise Problem(f"unknown key {key!r} next to 'preset'", ("value", key), at_key=True)
        if preset not in PRESETS:
            raise Problem(f"unknown date preset {preset!r} (known: {', '.join(PRESETS)})",
                          ("value", "preset"))
        return DateRange(preset=preset)
    unknown = set(value) - {"from", "to"}
    if unknown:
        key = min(unknown, key=str)
        raise Problem(f"unknown key {key!r} in a date range (use 'from' and 'to', or "
                      "'preset')", ("value", key), at_key=True)
    for key in ("from", "to"):
        if key not in value:
            raise Problem(f"a date range needs '{key}'", ("value",))
    start, end = _bound(value["from"], "from", False), _bound(value["to"], "to", True)
    if start > end:
        raise Problem(f"the date range ends before it starts ({value['from']!r} > "
                      f"{value['to']!r})", ("value",))
    return DateRange(start, end)


def is_range_value(value: Any) -> bool:
    """True for a value written as a date range (``=`` accepts one, as Port's schema does)."""
    return isinstance(value, dict) and ("preset" in value or "from" in value or "to" in value)
