"""What Port itself would refuse in a Port-dialect scorecard: ``validate`` warns.

``check`` runs such a scorecard anyway (a rule on the first level is a native-dialect
extension; colors and empty queries do not change a grade), but a definition meant
for Port should pass Port's own API. Each warning names the Port rule it breaks.
"""

from __future__ import annotations

from typing import Any

from scorecard_cli.core.errors import Problem

# The level colors Port's scorecard API accepts (its blueprint enum-color palette).
PORT_COLORS = ("blue", "turquoise", "orange", "purple", "pink", "yellow", "green", "red",
               "gold", "silver", "paleBlue", "darkGray", "lightGray", "bronze")
_NEGATABLE = ("isEmpty", "isNotEmpty")


def _first_level(levels: Any) -> str | None:
    if levels is None:
        return "Basic"
    if not isinstance(levels, list) or not levels:
        return None
    first = levels[0]
    title = first.get("title") if isinstance(first, dict) else first
    return title if isinstance(title, str) else None


def _query_warnings(query: Any, keys: tuple) -> list[Problem]:
    if not isinstance(query, dict):
        return []
    conditions = query.get("conditions")
    if conditions == []:
        return [Problem("Port refuses a query with no conditions (its API wants at least "
                        "one); here 'and' over none passes and 'or' over none fails",
                        (*keys, "conditions"))]
    found: list[Problem] = []
    for i, item in enumerate(conditions if isinstance(conditions, list) else []):
        where = (*keys, "conditions", i)
        if isinstance(item, dict) and ("conditions" in item or "combinator" in item):
            found += _query_warnings(item, where)
        elif isinstance(item, dict) and "not" in item and item.get("operator") not in _NEGATABLE:
            found.append(Problem(f"Port accepts 'not' only on isEmpty and isNotEmpty "
                                 f"conditions (this one is {item.get('operator')!r})",
                                 (*where, "not"), at_key=True))
    return found


def port_warnings(data: Any) -> list[Problem]:
    """Warnings for one Port-dialect scorecard (``identifier``); none for native ones."""
    if not isinstance(data, dict) or "identifier" not in data:
        return []
    found: list[Problem] = []
    levels = data.get("levels")
    for i, level in enumerate(levels if isinstance(levels, list) else []):
        color = level.get("color") if isinstance(level, dict) else None
        if isinstance(color, str) and color not in PORT_COLORS:
            found.append(Problem(f"Port refuses the level color {color!r}: its palette is "
                                 f"{', '.join(PORT_COLORS)}", ("levels", i, "color")))
    first = _first_level(levels)
    rules = data.get("rules")
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            continue
        level = rule.get("level")
        if first is not None and isinstance(level, str) and level.casefold() == first.casefold():
            found.append(Problem(f"Port refuses a rule on the first level ({first!r} is the "
                                 "base level every entity starts at; put the rule on a "
                                 "higher level)", ("rules", i, "level")))
        found += _query_warnings(rule.get("query"), ("rules", i, "query"))
    found += _query_warnings(data.get("filter"), ("filter",))
    return found
