"""Relation conditions (SPEC §5.1): ``{"relation": name, ...}`` on both dialects.

A Port entity keeps its relations in ``relations.<name>`` (an identifier or a list of
them). A Backstage file has no such block: a relation is read from the ``spec``
reference that Backstage turns into that relation, so one scorecard grades both
dialects. A name that Backstage knows as a relation type (``ownedBy``, ``partOf``...)
or as the spec field behind one (``owner``, ``system``...) reads that field; any other
name reads ``spec.<name>``. A ``relations`` list (as Backstage's catalog API returns
entities) is read too, by relation ``type``, when the spec has nothing.
"""

from __future__ import annotations

from typing import Any

from scorecard_cli.core.model import Entity
from scorecard_cli.core.paths import MISSING, is_empty

# relation name -> the spec fields it reads, in order (Backstage's catalog model: the
# field a processor turns into the relation, and the relation type it emits)
BACKSTAGE_RELATIONS: dict[str, tuple[str, ...]] = {
    "owner": ("owner",),
    "ownedBy": ("owner",),
    "system": ("system",),
    "domain": ("domain",),
    "partOf": ("system", "domain", "subcomponentOf", "subdomainOf"),
    "subcomponentOf": ("subcomponentOf",),
    "subdomainOf": ("subdomainOf",),
    "dependsOn": ("dependsOn",),
    "dependencyOf": ("dependencyOf",),
    "providesApi": ("providesApis",),
    "providesApis": ("providesApis",),
    "consumesApi": ("consumesApis",),
    "consumesApis": ("consumesApis",),
    "memberOf": ("memberOf",),
    "hasMember": ("members",),
    "members": ("members",),
    "childOf": ("parent",),
    "parent": ("parent",),
    "parentOf": ("children",),
    "children": ("children",),
}


def spec_fields(name: str) -> tuple[str, ...]:
    """The ``spec`` fields a Backstage relation condition on ``name`` reads."""
    return BACKSTAGE_RELATIONS.get(name, (name,))


def relation_value(entity: Entity, name: str) -> Any:
    """The target(s) of relation ``name`` of ``entity``: a reference, a list, or MISSING."""
    if entity.dialect == "port":
        relations = entity.data.get("relations")
        return relations.get(name, MISSING) if isinstance(relations, dict) else MISSING
    spec = entity.data.get("spec")
    spec = spec if isinstance(spec, dict) else {}
    fields = spec_fields(name)
    if len(fields) == 1:
        value = spec.get(fields[0], MISSING)
    else:
        found: list = []
        for field in fields:
            item = spec.get(field)
            if not is_empty(item):
                found += item if isinstance(item, list) else [item]
        value = found if found else MISSING
    if is_empty(value):
        value = _listed(entity.data.get("relations"), name, value)
    return value


def _listed(relations: Any, name: str, default: Any) -> Any:
    """Targets of ``type: name`` in a Backstage ``relations`` list; else ``default``."""
    if not isinstance(relations, list):
        return default
    targets = [item.get("targetRef") for item in relations
               if isinstance(item, dict) and item.get("type") == name
               and isinstance(item.get("targetRef"), str)]
    return targets if targets else default


def relation_keys(entity: Entity, name: str) -> tuple:
    """Where a fix should write relation ``name``: ``relations.<name>`` or its spec field."""
    if entity.dialect == "port":
        return ("relations", name)
    return ("spec", spec_fields(name)[0])
