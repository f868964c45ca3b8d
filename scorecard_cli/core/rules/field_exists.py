"""``entity.field.exists``: the property is not empty (SPEC §4 emptiness).

Params: ``field`` — a property path (``spec.owner``, ``$team``,
``metadata.annotations["backstage.io/techdocs-ref"]``, or a bare name).
"""

from __future__ import annotations

from typing import Any

from scorecard_cli.core.errors import Problem
from scorecard_cli.core.model import Entity
from scorecard_cli.core.paths import MISSING, describe, is_empty, lookup, parse_path
from scorecard_cli.core.rules.base import Context, Outcome, check_params, require_text

TYPE = "entity.field.exists"
TITLE = "Entity field is set"
PARAMS = {"field": (str, True)}


def prepare(params: Any) -> tuple:
    """Check params; return (field text, parsed path)."""
    params = check_params(params, PARAMS)
    field = require_text(params, "field")
    try:
        return field, parse_path(field)
    except ValueError as exc:
        raise Problem(str(exc), ("params", "field")) from None


def evaluate(entity: Entity, prepared: tuple, ctx: Context) -> Outcome:
    """Pass when the field holds a non-empty value."""
    field, path = prepared
    value = lookup(entity, path)
    if is_empty(value):
        state = "missing" if value is MISSING else f"empty ({describe(value)})"
        return Outcome(False, f"{field} is {state}")
    return Outcome(True, f"{field} is {describe(value)}")
