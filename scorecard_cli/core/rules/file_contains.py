"""``scm.file.contains``: the file exists and one of its lines matches a regex.

Params: ``path`` (as in ``scm.file.exists``) and ``pattern`` — a regular expression
(Python syntax) searched in each line. Matching is bounded in time (MATCH_SECONDS per
file, through the ``regex`` module's timeout, and RUN_MATCH_SECONDS for all the files of
the run), patterns in length and structure (``core/patterns.py``: no recursion, counted
repeats bounded) and lines in size, so that a pathological pattern such as ``(a+)+$``
cannot hang the run nor ``a{2147483647}`` exhaust memory.
"""

from __future__ import annotations

import time
from typing import Any

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.limits import MAX_READ_BYTES
from scorecard_cli.core.model import Entity
from scorecard_cli.core.patterns import PatternError, check_pattern
from scorecard_cli.core.rules.base import (
    RUN_MATCH_SECONDS,
    Context,
    Outcome,
    check_params,
    require_text,
)

TYPE = "scm.file.contains"
TITLE = "File contains a matching line"
PARAMS = {"path": (str, True), "pattern": (str, True)}
MAX_PATTERN = 500
MAX_LINE = 4096
MATCH_SECONDS = 1.0


def prepare(params: Any) -> tuple:
    """Check params; return (path, compiled pattern)."""
    params = check_params(params, PARAMS)
    path = require_text(params, "path")
    pattern = params["pattern"]
    if len(pattern) > MAX_PATTERN:
        raise Problem(f"pattern is too long ({len(pattern)} characters; the limit is "
                      f"{MAX_PATTERN})", ("params", "pattern"))
    try:
        check_pattern(pattern)
    except PatternError as exc:
        raise Problem(f"pattern {pattern!r} refused: {exc.message}", ("params", "pattern")
                      ) from None
    import regex  # only scorecards with this rule pay for the import

    try:
        return path, regex.compile(pattern)
    except regex.error as exc:
        raise Problem(f"invalid regular expression {pattern!r}: {exc}",
                      ("params", "pattern")) from None


def evaluate(entity: Entity, prepared: tuple, ctx: Context) -> Outcome:
    """Pass when the file exists and a line (up to MAX_LINE characters) matches."""
    path, pattern = prepared
    source = ctx.require_source()
    text = source.read_text(path)
    if text is None:
        return Outcome(False, f"{path} not found{source.where()}")
    budget = ctx.budget
    if budget.left() <= 0:
        ctx.this_run_only()
        return _used_up(pattern.pattern, path, "not searched in")
    started = time.monotonic()
    limit = min(MATCH_SECONDS, budget.left())
    deadline = started + limit
    cut_lines = 0
    try:
        for line in text.splitlines():
            if len(line) > MAX_LINE:
                cut_lines += 1
            if pattern.search(line[:MAX_LINE], timeout=max(0.001, deadline - time.monotonic())):
                return Outcome(True, f"{path} has a line matching {pattern.pattern!r}")
    except TimeoutError:
        if limit < MATCH_SECONDS:
            ctx.this_run_only()
            return _used_up(pattern.pattern, path, "stopped on")
        message = (f"pattern {pattern.pattern!r} took more than {MATCH_SECONDS:g} s on {path}; "
                   "simplify it (nested repetition such as (a+)+ backtracks exponentially)")
        return Outcome(False, message, message)
    finally:
        budget.spent += time.monotonic() - started
    notes = []
    if cut_lines:
        notes.append(f"{cut_lines} line{'s' if cut_lines != 1 else ''} longer than {MAX_LINE} "
                     f"characters searched in their first {MAX_LINE} only")
    if len(text) >= MAX_READ_BYTES // 4 and len(text.encode("utf-8", "replace")) >= MAX_READ_BYTES:
        notes.append(f"only the first {MAX_READ_BYTES} bytes of the file were read")
    extra = f" ({'; '.join(notes)})" if notes else ""
    return Outcome(False, f"{path} has no line matching {pattern.pattern!r}{extra}")


def _used_up(pattern: str, path: str, what: str) -> Outcome:
    message = (f"pattern {pattern!r} {what} {path}: this run's matching time "
               f"({RUN_MATCH_SECONDS:g} s for all scm.file.contains rules) is used up")
    return Outcome(False, message, message)


def paths(prepared: tuple) -> tuple[str, ...]:
    """The rule paths this rule looks up, to list only them when few entities are checked."""
    return (prepared[0],)


def reads(prepared: tuple) -> tuple[str, ...]:
    """The rule paths whose contents this rule reads (fetched in one batch at a ref)."""
    return (prepared[0],)
