"""The next-level plan: for each (entity, scorecard), what to fix to climb, level by level.

Built from a RunResult and the revised level rule (SPEC §3): a level that holds rules is
reached when every rule at it and below passes; a level that holds no rules is reached
only together with a higher level that holds rules. So each step of a plan targets the
next level that holds rules, names the rule-less levels it brings along, and lists the
rules still failing at that level (waived rules count as passing).
"""

from __future__ import annotations

from scorecard_cli.core.engine import RunResult

DEFAULT_STEPS = 2  # the next level up, then the level after


def _failing(rule: dict) -> bool:
    return not rule["passed"] and not rule["waived"]


def plan_record(record: dict, scorecard: dict, steps: int | None = DEFAULT_STEPS) -> dict:
    """The plan of one result record: its level now and the steps above it.

    ``steps`` bounds how many steps are listed (None: every level above). Each step is
    ``{"level", "alsoReaches", "rules"}``; a step whose own rules all pass has no rules
    (it is reached as soon as the steps before it are done). Levels above the highest
    level that holds rules can never be reached and are listed in ``unreachable``.
    """
    titles = [level["title"] for level in scorecard["levels"]]
    with_rules = {rule["level"] for rule in scorecard["rules"]}
    current = titles.index(record["level"]) if record["level"] in titles else -1
    by_level: dict[str, list[dict]] = {}
    for rule in record["rules"]:
        if _failing(rule):
            by_level.setdefault(rule["level"], []).append({
                "id": rule["id"], "title": rule["title"], "type": rule["type"],
                "details": rule["details"], "error": rule["error"], "fix": rule["fix"]})
    planned: list[dict] = []
    pending: list[str] = []  # rule-less levels waiting for a level with rules above them
    for title in titles[current + 1:]:
        if title not in with_rules:
            pending.append(title)
            continue
        planned.append({"level": title, "alsoReaches": pending, "rules": by_level.get(title, [])})
        pending = []
    return {
        "entity": record["entity"],
        "scorecard": record["scorecard"],
        "source": record["source"],
        "level": record["level"],
        "steps": planned if steps is None else planned[:steps],
        "moreSteps": 0 if steps is None else max(0, len(planned) - steps),
        "unreachable": pending,
    }


def build_plan(result: RunResult, steps: int | None = DEFAULT_STEPS) -> list[dict]:
    """The plan of every result of a run, in the run's order (entity, then scorecard)."""
    scorecards = {sc["id"]: sc for sc in result.scorecards}
    return [plan_record(record, scorecards[record["scorecard"]], steps)
            for record in result.results]


def plan_document(result: RunResult, steps: int | None = DEFAULT_STEPS) -> dict:
    """The JSON document of ``scorecard plan --format json``."""
    return {"version": 1, "plans": build_plan(result, steps),
            "diagnostics": [d.as_record() for d in result.diagnostics]}
