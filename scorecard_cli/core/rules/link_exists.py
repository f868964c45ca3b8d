"""``entity.link.exists``: a link in ``metadata.links`` (Port: ``properties.links``) matches.

Params (all optional, all case-insensitive): ``titleContains``, ``urlContains``,
``urlStartsWith``, ``type``. With none, any link passes.
"""

from __future__ import annotations

from typing import Any

from scorecard_cli.core.model import Entity
from scorecard_cli.core.paths import follow
from scorecard_cli.core.rules.base import Context, Outcome, check_params

TYPE = "entity.link.exists"
TITLE = "Entity has a link"
PARAMS = {
    "titleContains": (str, False),
    "urlContains": (str, False),
    "urlStartsWith": (str, False),
    "type": (str, False),
}


def prepare(params: Any) -> dict:
    """Check params; return the criteria lower-cased."""
    params = check_params(params, PARAMS)
    return {key: value.casefold() for key, value in params.items()}


def links_of(entity: Entity) -> list:
    """The entity's links as a list of mappings (other items are ignored)."""
    path = ("properties", "links") if entity.dialect == "port" else ("metadata", "links")
    links = follow(entity.data, path)
    return [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []


def _text(link: dict, key: str) -> str:
    value = link.get(key)
    return value.casefold() if isinstance(value, str) else ""


def matches(link: dict, criteria: dict) -> bool:
    """True when the link meets every criterion."""
    for key, wanted in criteria.items():
        if key == "titleContains" and wanted not in _text(link, "title"):
            return False
        if key == "urlContains" and wanted not in _text(link, "url"):
            return False
        if key == "urlStartsWith" and not _text(link, "url").startswith(wanted):
            return False
        if key == "type" and _text(link, "type") != wanted:
            return False
    return True


def describe_criteria(criteria: dict) -> str:
    """Human text for the criteria, e.g. ``title containing 'runbook'``."""
    words = {
        "titleContains": "title containing",
        "urlContains": "URL containing",
        "urlStartsWith": "URL starting with",
        "type": "type",
    }
    return " and ".join(f"{words[k]} {v!r}" for k, v in criteria.items()) or "any link"


def evaluate(entity: Entity, criteria: dict, ctx: Context) -> Outcome:
    """Pass when at least one link matches every criterion."""
    links = links_of(entity)
    for link in links:
        if matches(link, criteria):
            return Outcome(True, f"link {link.get('title') or link.get('url')!r} matches")
    if not links:
        return Outcome(False, "the entity has no links")
    return Outcome(False, f"no link with {describe_criteria(criteria)} among {len(links)}")
