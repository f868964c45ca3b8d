"""Catalog-wide figures from result records: per scorecard, per rule, per level, per group.

Everything here reads only the plain result records and scorecard descriptions of the
JSON document (SPEC §8), so the same figures come from a fresh run and from result files
merged by ``scorecard report --from``.
"""

from __future__ import annotations

from collections.abc import Iterable

NO_GROUP = None  # the group of a result with no value for the grouping key


def percent(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, one decimal; 100.0 when there is nothing to count."""
    return round(100.0 * part / whole, 1) if whole else 100.0


def group_of(record: dict, group_by: str) -> str | None:
    """The value a result is grouped by: its team (``team``, else ``owner``), or the
    value recorded under ``groups`` for any other property."""
    if group_by == "team":
        value = record.get("team") or record.get("owner")
    else:
        value = (record.get("groups") or {}).get(group_by)
    if value is None or value == "" or value == []:
        return NO_GROUP
    return value if isinstance(value, str) else str(value)


def floor(levels: list[dict]) -> tuple[bool, str | None]:
    """The lowest level some entity is at, from a ``levels`` distribution: ``(True,
    level)``, ``(True, None)`` when one reached no level, ``(False, None)`` when empty."""
    counted = [row["level"] for row in levels if row["count"]]
    if not counted:
        return False, None
    return True, None if None in counted else counted[0]


def _level_counts(records: list[dict], levels: list[str]) -> list[dict]:
    counts = dict.fromkeys(levels, 0)
    none = 0
    for record in records:
        level = record.get("level")
        if level in counts:
            counts[level] += 1
        else:
            none += 1
    rows = [{"level": level, "count": count} for level, count in counts.items()]
    return rows + [{"level": None, "count": none}] if none else rows


def _rule_rows(definition: dict, records: list[dict]) -> list[dict]:
    tested = dict.fromkeys((rule["id"] for rule in definition["rules"]), 0)
    passed = dict.fromkeys(tested, 0)
    for record in records:
        for rule in record.get("rules", ()):
            if rule["id"] in tested:
                tested[rule["id"]] += 1
                passed[rule["id"]] += bool(rule["passed"] or rule["waived"])
    return [{"id": rule["id"], "title": rule["title"], "level": rule["level"],
             "entitiesTested": tested[rule["id"]], "entitiesPassed": passed[rule["id"]],
             "percentPassed": percent(passed[rule["id"]], tested[rule["id"]])}
            for rule in definition["rules"]]


def scorecard_figures(definition: dict, records: list[dict], with_rules: bool = True) -> dict:
    """Figures of one scorecard over its result records."""
    rules_tested = sum(record["rulesTested"] for record in records)
    rules_passed = sum(record["rulesPassed"] for record in records)
    figures = {
        "scorecard": definition["id"],
        "title": definition["title"],
        "entities": len(records),
        "rulesTested": rules_tested,
        "rulesPassed": rules_passed,
        "percentPassed": percent(rules_passed, rules_tested),
        "levels": _level_counts(records, [level["title"] for level in definition["levels"]]),
        "belowThreshold": sum(1 for record in records if record.get("belowThreshold")),
    }
    if with_rules:
        figures["rules"] = _rule_rows(definition, records)
    return figures


def _by_scorecard(records: Iterable[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in records:
        grouped.setdefault(record["scorecard"], []).append(record)
    return grouped


def aggregate(scorecards: list[dict], results: list[dict], group_by: str = "team") -> dict:
    """The ``aggregates`` object of the JSON document.

    ``scorecards`` are the evaluated definitions, ``results`` the result records; groups
    are sorted by name with the results that have no value for ``group_by`` last.
    """
    grouped = _by_scorecard(results)
    known = [sc for sc in scorecards if sc["id"] in grouped]
    teams: dict[str | None, list[dict]] = {}
    for record in results:
        teams.setdefault(group_of(record, group_by), []).append(record)
    groups = []
    for name in sorted(teams, key=lambda n: (n is None, n or "")):
        mine = _by_scorecard(teams[name])
        groups.append({"group": name, "entities": len({r["entity"] for r in teams[name]}),
                       "scorecards": [scorecard_figures(sc, mine[sc["id"]], with_rules=False)
                                      for sc in known if sc["id"] in mine]})
    return {
        "groupBy": group_by,
        "scorecards": [scorecard_figures(sc, grouped[sc["id"]]) for sc in known],
        "groups": groups,
    }
