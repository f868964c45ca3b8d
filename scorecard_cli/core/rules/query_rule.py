"""``entity.query``: a query over the entity's properties is true (SPEC §5.1).

Written as a rule's ``query: {combinator, conditions}`` (Port's form) or as
``type: entity.query`` with those two keys in ``params``.
"""

from __future__ import annotations

from typing import Any

from scorecard_cli.core.model import Entity
from scorecard_cli.core.query import Query, compile_query
from scorecard_cli.core.rules.base import Context, Outcome

TYPE = "entity.query"
TITLE = "Entity matches a query"
PARAMS = {"combinator": (str, False), "conditions": (list, True)}


def prepare(params: Any) -> Query:
    """Check and compile the query."""
    return compile_query(params)


def evaluate(entity: Entity, query: Query, ctx: Context) -> Outcome:
    """Pass when the query is true; the failing condition goes to the fix as a hint."""
    verdict = query.evaluate(entity, ctx.now if query.reads_clock else None)  # read: recorded
    if verdict.passed:
        return Outcome(True, "the query holds")
    return Outcome(False, verdict.detail, verdict.error, hint=verdict.failed)
