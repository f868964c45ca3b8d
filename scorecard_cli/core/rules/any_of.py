"""``scm.anyOf``: any of several paths exists in the entity's source.

Params: ``paths`` — a non-empty list of paths, each as in ``scm.file.exists``.
A path that is invalid or leaves the repository makes the rule an evaluation error.
"""

from __future__ import annotations

from typing import Any

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.model import Entity
from scorecard_cli.core.rules.base import Context, Outcome, check_params

TYPE = "scm.anyOf"
TITLE = "One of several files exists"
PARAMS = {"paths": (list, True)}


def prepare(params: Any) -> tuple:
    """Check params; return the paths."""
    paths = check_params(params, PARAMS)["paths"]
    if not paths:
        raise Problem("param 'paths' must not be empty", ("params", "paths"))
    for i, path in enumerate(paths):
        if not isinstance(path, str) or not path.strip():
            raise Problem(f"each path must be a non-empty string, got {path!r}",
                          ("params", "paths", i))
    return tuple(paths)


def evaluate(entity: Entity, paths: tuple, ctx: Context) -> Outcome:
    """Pass when any path exists; every path is checked for safety first."""
    source = ctx.require_source()
    resolved = [source.resolve(path) for path in paths]
    for path, target in zip(paths, resolved):
        if source.exists_resolved(target):
            return Outcome(True, f"{path} found")
    return Outcome(False, f"none of {', '.join(paths)} found{source.where()}")


def paths(paths: tuple) -> tuple[str, ...]:
    """The rule paths this rule looks up, to list only them when few entities are checked."""
    return paths
