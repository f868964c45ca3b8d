"""The data model: scorecards, rules, entities. Plain, immutable where possible."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Level:
    """One level of a scorecard, lowest first in ``Scorecard.levels``."""

    title: str
    color: str | None = None


@dataclass(frozen=True)
class Rule:
    """A rule of a scorecard, its params already checked and prepared by its rule type."""

    id: str
    title: str
    level: str
    type: str
    params: Any
    description: str | None = None
    fix_action: dict | None = None


@dataclass(frozen=True)
class Scorecard:
    """A named set of rules with ordered levels."""

    id: str
    title: str
    levels: tuple[Level, ...]
    rules: tuple[Rule, ...]
    blueprint: str | None = None
    filter: Any = None  # a compiled query, or None
    file: str = "<builtin>"
    line: int = 1
    column: int = 1
    raw: Any = field(default=None, compare=False, repr=False)  # the definition as written

    def level_index(self, title: str) -> int | None:
        """Index of a level by title, case-insensitive; None when absent."""
        wanted = title.casefold()
        for i, level in enumerate(self.levels):
            if level.title.casefold() == wanted:
                return i
        return None


@dataclass
class Entity:
    """One catalog entity: Backstage (``dialect='backstage'``) or Port (``'port'``)."""

    ref: str
    dialect: str
    blueprint: str  # Backstage kind or Port blueprint, as written
    data: dict
    file: str  # absolute path of the catalog file
    display: str  # path shown to users
    index: int = 0  # document index in the file
    prefix: tuple = ()  # key path of the entity inside its document (list items)
    line: int = 1
    column: int = 1
    meta: dict = field(default_factory=dict)  # $identifier, $title, $team, $blueprint
    key: str | None = None  # the result cache's key of this entity's document, if any
    included: tuple = ()  # texts of the files its $text/$json/$yaml placeholders read


@dataclass(frozen=True)
class Waiver:
    """An approved exception: the rule counts as passing for matching entities."""

    scorecard: str
    rule: str
    entity: str  # a glob over entity references, e.g. "component:default/legacy-*"
    reason: str
    approved_by: str
    expires: str  # ISO date; the waiver applies through that day
