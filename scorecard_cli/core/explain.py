"""``scorecard explain``: one rule in words, and for one entity what was found and where.

The explanation is plain data: the rule (description, what it checks, in words) and,
for an entity, the rule's outcome with its evidence — each value the rule read, with
the file, line and column it came from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import time
from typing import Any

from scorecard_cli.core.check import CheckOptions, Prepared
from scorecard_cli.core.documents import locate
from scorecard_cli.core.errors import UsageError
from scorecard_cli.core.fixes import dotted, field_keys
from scorecard_cli.core.model import Entity, Rule, Scorecard
from scorecard_cli.core.paths import MISSING, describe, follow, lookup
from scorecard_cli.core.rules.base import Context, EvalError
from scorecard_cli.core.rules.file_contains import MATCH_SECONDS, MAX_LINE
from scorecard_cli.core.rules.link_exists import describe_criteria, links_of

OPERATOR_WORDS = {
    "=": "equals", "!=": "does not equal", "<": "is less than", ">": "is greater than",
    "<=": "is at most", ">=": "is at least", "contains": "contains",
    "doesNotContains": "does not contain", "containsAny": "contains any of",
    "beginsWith": "begins with", "doesNotBeginsWith": "does not begin with",
    "endsWith": "ends with", "doesNotEndsWith": "does not end with",
    "isEmpty": "is empty", "isNotEmpty": "is not empty", "in": "is one of",
    "notIn": "is none of", "between": "is between", "notBetween": "is not between",
}
_EMPTY = "(missing, null, blank text and an empty list or mapping count as not set)"


def _pick(items: list, key: Any, wanted: str, what: str, where: str = "") -> Any:
    found = [item for item in items if key(item) == wanted]
    if found:
        return found[0]
    names = sorted(key(item) for item in items)
    close = difflib.get_close_matches(wanted, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(names) or 'none'})"
    raise UsageError(f"no {what} {wanted!r}{where}{hint}")


def find_entity(entities: list[Entity], wanted: str) -> Entity:
    """An entity by its reference (case-insensitive), or by a name that only one has."""
    exact = [e for e in entities if e.ref.casefold() == wanted.casefold()]
    if exact:
        return exact[0]
    named = [e for e in entities if str(e.meta.get("$identifier", "")).casefold()
             == wanted.casefold()]
    if len(named) == 1:
        return named[0]
    if named:
        raise UsageError(f"entity {wanted!r} is ambiguous: "
                         f"{', '.join(sorted(e.ref for e in named))}")
    close = difflib.get_close_matches(wanted, [e.ref for e in entities], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UsageError(f"no entity {wanted!r} among the {len(entities)} loaded{hint}")


def _value(value: Any) -> str:
    return describe(value) if not isinstance(value, list) or len(value) > 8 else (
        "[" + ", ".join(describe(v) for v in value) + "]")


def condition_words(condition: Any) -> str:
    """A query or condition in words, nested queries in parentheses."""
    if hasattr(condition, "conditions"):
        parts = [condition_words(c) for c in condition.conditions]
        if not parts:
            return "always true" if condition.combinator == "and" else "never true"
        joined = f" {condition.combinator} ".join(parts)
        return f"({joined})" if len(parts) > 1 else joined
    name = getattr(condition, "property", None) or getattr(condition, "relation", None)
    words = OPERATOR_WORDS.get(condition.operator, condition.operator)
    raw = getattr(condition, "raw_value", MISSING)
    if getattr(condition, "negate", False):
        words = f"not ({words})"
    return f"{name} {words}" if raw is MISSING else f"{name} {words} {_value(raw)}"


def rule_words(rule: Rule) -> str:
    """What the rule checks, in a sentence."""
    params = rule.params
    if rule.type == "entity.field.exists":
        return f"passes when the field {params[0]} is set {_EMPTY}"
    if rule.type == "entity.link.exists":
        return f"passes when the entity has a link with {describe_criteria(params)}"
    if rule.type == "scm.file.exists":
        return f"passes when {params} exists (a file or a folder) in the entity's source folder"
    if rule.type == "scm.anyOf":
        return f"passes when any of {', '.join(params)} exists in the entity's source folder"
    if rule.type == "scm.file.contains":
        return (f"passes when {params[0]} exists in the entity's source folder and one of its "
                f"lines matches the regular expression /{params[1].pattern}/")
    if rule.type == "scm.recentCommit":
        return (f"passes when the newest commit touching the entity's source folder is at "
                f"most {params:g} days old")
    if rule.type == "entity.query":
        return f"passes when {condition_words(params)}"
    return f"a {rule.type} rule"


def _place(entity: Entity, keys: tuple) -> str | None:
    """``file:line:col`` of the value at ``keys`` in the entity's file, None when absent."""
    if follow(entity.data, keys) is MISSING:
        return None
    line, column = locate(entity.file, entity.index, entity.prefix + keys)
    return f"{entity.display}:{line}:{column}"


def _field_evidence(entity: Entity, shown: str, parsed: tuple) -> dict:
    keys = field_keys(entity, parsed)
    value = lookup(entity, parsed)
    if parsed == ("$meta", "$title") and follow(entity.data, keys) is MISSING:
        keys = field_keys(entity, ("$meta", "$identifier"))  # the title falls back to the name
    return {"what": shown, "field": dotted(keys), "value": None if value is MISSING else value,
            "found": value is not MISSING, "where": _place(entity, keys)}


def _leaves(query: Any) -> list:
    if hasattr(query, "conditions"):
        return [leaf for c in query.conditions for leaf in _leaves(c)]
    return [query]


def _query_evidence(entity: Entity, query: Any, now: float) -> list[dict]:
    found = []
    for condition in _leaves(query):
        path = getattr(condition, "path", None)
        if path is None:  # a condition kind this version cannot trace
            continue
        item = _field_evidence(entity, condition_words(condition), path)
        item["holds"] = condition.evaluate(entity, now).passed
        found.append(item)
    return found


def _scm_evidence(rule: Rule, entity: Entity, run: Prepared) -> list[dict]:
    source, why = run.sources.for_entity(entity)
    if source is None:
        return [{"what": "source folder", "value": None, "found": False, "where": why}]
    snapshot = source.snapshot
    at = f"commit {snapshot.commit[:12]}" if snapshot.commit else "the working tree"
    if rule.type == "scm.recentCommit":
        when = source.last_commit_time()
        shown = None if when is None else dt.datetime.fromtimestamp(
            when, dt.timezone.utc).isoformat()
        return [{"what": "newest commit touching the folder", "value": shown,
                 "found": when is not None, "where": f"{source.folder or '/'} at {at}"}]
    paths = ([rule.params] if rule.type == "scm.file.exists" else
             list(rule.params) if rule.type == "scm.anyOf" else [rule.params[0]])
    found = []
    for path in paths:
        try:
            target = source.resolve(path)
            exists = source.exists_resolved(target)
        except EvalError as exc:
            found.append({"what": path, "value": str(exc), "found": False, "where": None})
            continue
        item = {"what": path, "value": target or "/", "found": exists,
                "where": f"{target or '/'} at {at}"}
        if exists and rule.type == "scm.file.contains":
            item["where"] = _matching_line(source, path, target, rule.params[1]) or item["where"]
        found.append(item)
    return found


def _matching_line(source: Any, path: str, target: str, pattern: Any) -> str | None:
    """``path:line`` of the first matching line, searched within MATCH_SECONDS in all."""
    deadline = time.monotonic() + MATCH_SECONDS
    try:
        text = source.read_text(path) or ""
        for number, line in enumerate(text.splitlines(), 1):
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if pattern.search(line[:MAX_LINE], timeout=left):
                return f"{target}:{number}"
    except (EvalError, TimeoutError):
        return None
    return None


def evidence(rule: Rule, entity: Entity, run: Prepared) -> list[dict]:
    """The values the rule reads for the entity, each with where it came from."""
    if rule.type == "entity.field.exists":
        return [_field_evidence(entity, rule.params[0], rule.params[1])]
    if rule.type == "entity.query":
        return _query_evidence(entity, rule.params, run.now)
    if rule.type == "entity.link.exists":
        base = ("properties", "links") if entity.dialect == "port" else ("metadata", "links")
        links = links_of(entity)
        if not links:
            return [{"what": "links", "field": dotted(base), "value": None, "found": False,
                     "where": _place(entity, base)}]
        return [{"what": f"link {i + 1}", "field": dotted((*base, i)), "value": link,
                 "found": True, "where": _place(entity, (*base, i))}
                for i, link in enumerate(links)]
    return _scm_evidence(rule, entity, run)


def _rule_record(run: Prepared, options: CheckOptions, scorecard: Scorecard, rule: Rule,
                 entity: Entity) -> dict | None:
    engine = run.engine(options)
    prepared = next(p for p in engine.prepared if p.scorecard is scorecard)
    if not engine.applies(scorecard, entity):
        return None
    ctx = Context(None, None, engine.now, budget=engine.budget)
    if prepared.needs_source:
        ctx.source, ctx.source_error = run.sources.for_entity(entity)
    record = engine.evaluate(prepared, entity, ctx)
    return next(r for r in record["rules"] if r["id"] == rule.id)


def explain(run: Prepared, options: CheckOptions, scorecard_id: str, rule_id: str,
            entity_ref: str | None) -> dict:
    """The explanation of one rule, and of its outcome for one entity when one is named."""
    scorecard = _pick(run.scorecards, lambda sc: sc.id, scorecard_id, "scorecard")
    rule = _pick(list(scorecard.rules), lambda r: r.id, rule_id, "rule",
                 f" in scorecard {scorecard.id!r}")
    out: dict = {
        "scorecard": {"id": scorecard.id, "title": scorecard.title, "file": scorecard.file,
                      "line": scorecard.line},
        "rule": {"id": rule.id, "title": rule.title, "level": rule.level, "type": rule.type,
                 "description": rule.description, "checks": rule_words(rule),
                 "fixAction": rule.fix_action},
        "entity": None,
    }
    if entity_ref is None:
        return out
    entity = find_entity(run.catalog.entities, entity_ref)
    record = _rule_record(run, options, scorecard, rule, entity)
    out["entity"] = {
        "ref": entity.ref, "where": f"{entity.display}:{entity.line}:{entity.column}",
        "applies": record is not None,
        "passed": None if record is None else record["passed"],
        "waived": None if record is None else record["waived"],
        "details": None if record is None else record["details"],
        "error": None if record is None else record["error"],
        "fix": None if record is None else record["fix"],
        "evidence": evidence(rule, entity, run) if record is not None else [],
    }
    return out
