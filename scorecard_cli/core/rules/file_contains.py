"""``scm.file.contains``: the file exists and one of its lines matches a regex.

Params: ``path`` (as in ``scm.file.exists``) and ``pattern`` — a Python regular
expression searched in each line. Patterns are limited in length and lines in
size, so that a pathological pattern cannot hang the run.
"""

from __future__ import annotations

import re
from typing import Any

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.model import Entity
from scorecard_cli.core.rules.base import Context, Outcome, check_params, require_text

TYPE = "scm.file.contains"
TITLE = "File contains a matching line"
PARAMS = {"path": (str, True), "pattern": (str, True)}
MAX_PATTERN = 500
MAX_LINE = 4096


def prepare(params: Any) -> tuple:
    """Check params; return (path, compiled pattern)."""
    params = check_params(params, PARAMS)
    path = require_text(params, "path")
    pattern = params["pattern"]
    if len(pattern) > MAX_PATTERN:
        raise Problem(f"pattern is too long ({len(pattern)} characters; the limit is "
                      f"{MAX_PATTERN})", ("params", "pattern"))
    try:
        return path, re.compile(pattern)
    except re.error as exc:
        raise Problem(f"invalid regular expression {pattern!r}: {exc}",
                      ("params", "pattern")) from None


def evaluate(entity: Entity, prepared: tuple, ctx: Context) -> Outcome:
    """Pass when the file exists and a line (up to MAX_LINE characters) matches."""
    path, regex = prepared
    source = ctx.require_source()
    text = source.read_text(path)
    if text is None:
        return Outcome(False, f"{path} not found{source.where()}")
    for line in text.splitlines():
        if regex.search(line[:MAX_LINE]):
            return Outcome(True, f"{path} has a line matching {regex.pattern!r}")
    return Outcome(False, f"{path} has no line matching {regex.pattern!r}")


def paths(prepared: tuple) -> tuple[str, ...]:
    """The rule paths this rule looks up, to list only them when few entities are checked."""
    return (prepared[0],)
