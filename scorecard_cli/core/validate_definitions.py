"""``validate``'s checks of definitions that the JSON Schemas cannot express.

Every problem the scorecard loader finds (not only the first: what a problem is about
is set aside and the check run again), rule ids used twice, the queries of
``failBelow`` entries, and what loading a well-formed configuration finds.
"""

from __future__ import annotations

import os
from typing import Any

from scorecard_cli.core.config import load_config
from scorecard_cli.core.errors import Diagnostic, Problem, ScorecardError
from scorecard_cli.core.query import compile_query
from scorecard_cli.core.scorecards import build_scorecard, load_definitions
from scorecard_cli.core.thresholds import build_threshold
from scorecard_cli.presets import builtin_scorecard_files

_MAX_PASSES = 100
_TRUE_CONDITION = {"property": "$identifier", "operator": "isNotEmpty"}


def semantic_problems(data: Any, blueprint: str | None = None) -> list[Problem]:
    """Every problem ``build_scorecard`` finds in one scorecard, header and rules.

    The loader stops at the first problem of a scorecard's header and of each rule;
    what a problem is about is set aside (an unknown key dropped, a bad id or rule
    level replaced by a stand-in) and the check run again, until nothing changes.
    """
    found: dict[tuple, Problem] = {}
    for _ in range(_MAX_PASSES):
        _, problems = build_scorecard(data, blueprint)
        for problem in problems:
            found.setdefault((problem.keys, problem.message), problem)
        if not isinstance(data, dict):
            break
        cleaned = data
        for problem in problems:
            cleaned = _set_aside(cleaned, problem) or cleaned
        if cleaned == data:
            break
        data = cleaned
    return list(found.values())


def _set_aside(data: dict, problem: Problem) -> dict | None:
    """The scorecard without what ``problem`` is about; None when that cannot be done."""
    keys = problem.keys
    id_key = "identifier" if "identifier" in data else "id"
    if problem.at_key:  # an unknown key, at the top, in a level or in a rule
        return _edit(data, keys)
    condition = _condition_keys(keys)
    if condition is not None:  # so that the other conditions of the query are checked
        return _edit(data, condition, _TRUE_CONDITION)
    if not keys or keys == (id_key,):
        return {**data, id_key: "scorecard"}  # a stand-in, so that the rules are checked
    if keys[0] == "rules":
        if len(keys) == 3 and keys[2] in ("level", "id", "identifier"):
            stand_in = _first_level(data) if keys[2] == "level" else f"rule #{keys[1] + 1}"
            return _edit(data, keys, stand_in)
        return None
    if keys[0] == "levels":
        return None  # rule levels cannot be checked against broken levels
    return {k: v for k, v in data.items() if k != keys[0]}


def _condition_keys(keys: tuple) -> tuple | None:
    """The key path of the innermost query condition that ``keys`` lead into, if any."""
    for k in range(len(keys) - 2, -1, -1):
        if keys[k] == "conditions" and isinstance(keys[k + 1], int):
            return keys[:k + 2]
    return None


def _first_level(data: dict) -> str:
    levels = data.get("levels")
    first = levels[0] if isinstance(levels, list) and levels else "Basic"
    title = first.get("title") if isinstance(first, dict) else first
    return title if isinstance(title, str) else "Basic"


_DROP: Any = object()


def _edit(data: Any, keys: tuple, value: Any = _DROP) -> Any:
    """A copy of ``data`` with ``value`` at ``keys`` (that key dropped by default)."""
    if not keys:
        return data if value is _DROP else value
    head, rest = keys[0], keys[1:]
    if isinstance(data, dict) and head in data:
        if not rest and value is _DROP:
            return {k: v for k, v in data.items() if k != head}
        return {**data, head: _edit(data[head], rest, value)}
    if isinstance(data, list) and isinstance(head, int) and 0 <= head < len(data):
        return [_edit(v, rest, value) if i == head else v for i, v in enumerate(data)]
    return data


def duplicate_rule_ids(data: Any) -> list[Problem]:
    """Rules that reuse an id, including rules with other problems (the loader skips those)."""
    rules = data.get("rules") if isinstance(data, dict) else None
    seen: set[str] = set()
    problems = []
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            continue
        rule_id = rule.get("identifier", rule.get("id"))
        if not isinstance(rule_id, str):
            continue
        if rule_id in seen:
            problems.append(Problem(f"duplicate rule id {rule_id!r}", ("rules", i)))
        seen.add(rule_id)
    return problems


def config_problems(data: Any) -> list[Problem]:
    """Problems the config schema cannot see: property paths and values in ``when`` queries."""
    thresholds = data.get("failBelow") if isinstance(data, dict) else None
    problems: list[Problem] = []
    for i, item in enumerate(thresholds if isinstance(thresholds, list) else []):
        if isinstance(item, dict) and item.get("when") is not None:
            problems += [p.within("failBelow", i, "when") for p in query_problems(item["when"])]
    return problems


def query_problems(query: Any) -> list[Problem]:
    """Every problem of a query definition, not only the first one ``compile_query`` meets."""
    found: list[Problem] = []
    for _ in range(_MAX_PASSES):
        try:
            compile_query(query)
            break
        except Problem as problem:
            found.append(problem)
            condition = _condition_keys(problem.keys)
            if problem.at_key:
                cleaned = _edit(query, problem.keys)
            elif condition is not None:
                cleaned = _edit(query, condition, _TRUE_CONDITION)
            else:
                break
            if cleaned == query:
                break
            query = cleaned
    return found


def loaded_config_problems(path: str, cwd: str) -> list[Diagnostic]:
    """What loading a well-formed configuration finds: expired waivers (warnings), and
    ``failBelow`` levels or scorecard ids that the configured scorecards do not have."""
    try:
        config = load_config(path, cwd)
    except ScorecardError as exc:
        return [exc.diagnostic]
    found = list(config.warnings)
    if config.fail_below is None:
        return found
    builtin = builtin_scorecard_files()
    files = config.scorecards + (builtin if config.include_builtin else []) \
        if config.scorecards else builtin
    display = {f: "<builtin>/" + os.path.basename(f) for f in builtin}
    scorecards = load_definitions(files, cwd, display).scorecards
    try:
        build_threshold(config.fail_below, scorecards)
    except Problem as problem:
        found.append(config.error(f"failBelow: {problem.message}",
                                  config.fail_below_keys + problem.keys,
                                  problem.at_key).diagnostic)
    return found
