"""The rule-type registry: an explicit map from type name to its module."""

from __future__ import annotations

from types import ModuleType

from scorecard_cli.core.rules import (
    any_of,
    field_exists,
    file_contains,
    file_exists,
    link_exists,
    query_rule,
    recent_commit,
)


def _registry(*modules: ModuleType) -> dict[str, ModuleType]:
    registry: dict[str, ModuleType] = {}
    for module in modules:
        if module.TYPE in registry:
            raise RuntimeError(f"rule type {module.TYPE!r} registered twice")
        registry[module.TYPE] = module
    return registry


RULE_TYPES: dict[str, ModuleType] = _registry(
    field_exists, link_exists, file_exists, any_of, query_rule, file_contains, recent_commit
)
