"""``scm.file.exists``: a file or folder exists in the entity's source.

Params: ``path`` — relative to the source folder; a leading ``/`` anchors at the
repository root.
"""

from __future__ import annotations

from typing import Any

from scorecard_cli.core.model import Entity
from scorecard_cli.core.rules.base import Context, Outcome, check_params, require_text

TYPE = "scm.file.exists"
TITLE = "File exists in the repository"
PARAMS = {"path": (str, True)}


def prepare(params: Any) -> str:
    """Check params; return the path."""
    return require_text(check_params(params, PARAMS), "path")


def evaluate(entity: Entity, path: str, ctx: Context) -> Outcome:
    """Pass when the path exists in the snapshot."""
    source = ctx.require_source()
    if source.exists(path):
        return Outcome(True, f"{path} found")
    return Outcome(False, f"{path} not found{source.where()}")


def paths(path: str) -> tuple[str, ...]:
    """The rule paths this rule looks up, to list only them when few entities are checked."""
    return (path,)
