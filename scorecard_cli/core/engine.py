"""Evaluate every scorecard against every entity it applies to; build the RunResult.

The result is plain data (dicts and lists, the JSON document of SPEC §8), sorted by
entity reference then scorecard id, so every reporter is a pure function of it.
"""

from __future__ import annotations

import fnmatch
import time
from dataclasses import dataclass, field
from typing import Any

from scorecard_cli import __version__
from scorecard_cli.core.aggregate import aggregate
from scorecard_cli.core.documents import locate_all
from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.core.fixes import field_keys, suggest
from scorecard_cli.core.levels import achieved_level, rule_level_indexes, status
from scorecard_cli.core.model import Entity, Rule, Scorecard, Waiver
from scorecard_cli.core.profile import phase
from scorecard_cli.core.rules import RULE_TYPES
from scorecard_cli.core.rules.base import Budget, Context, EvalError, Outcome
from scorecard_cli.core.severity import SEVERITIES, gating_levels, rule_severity
from scorecard_cli.core.sources import Sources
from scorecard_cli.core.thresholds import Threshold

RESULT_VERSION = 1
FEW_ENTITIES = 64  # at most this many: list only the paths their rules look up
SKIPPED = "skip"  # the outcome of a pair that a scorecard's blueprint or filter excludes


@dataclass
class RunResult:
    """Everything a run produced: results, counts and diagnostics; plain data."""

    results: list[dict] = field(default_factory=list)
    scorecards: list[dict] = field(default_factory=list)  # the definitions evaluated
    diagnostics: list[Diagnostic] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    skipped: int = 0
    entities: int = 0
    group_by: str = "team"  # what the aggregates are grouped by
    generated_at: str | None = None  # the run's fixed clock (--now), ISO; else not written
    initiatives: list = field(default_factory=list)  # the configuration's Initiative list
    strict: bool = False  # --strict: every failing rule is an error
    commits: dict[str, str | None] | None = None  # repository -> commit its sources are at
    cache: dict | None = None  # {"hits", "misses"} of the result cache, when it was used

    @property
    def errors(self) -> list[Diagnostic]:
        """Input errors (not warnings or notices)."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def below_threshold(self) -> int:
        """(entity, scorecard) pairs below their threshold."""
        return sum(1 for r in self.results if r["belowThreshold"])

    def findings(self) -> dict[str, int]:
        """Failing, non-waived rules by severity (``error``, ``warning``, ``note``)."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for record in self.results:
            for rule in record["rules"]:
                severity = rule.get("severity")  # absent in files of 0.1
                if severity is not None:
                    counts[severity] += 1
        return counts

    def verdict(self) -> str:
        """``error`` (input errors), ``fail`` (the gate fails) or ``pass``."""
        if self.errors:
            return "error"
        if self.below_threshold or (self.strict and self.findings()["error"]):
            return "fail"
        return "pass"

    def summary(self) -> dict:
        """The ``summary`` object of the JSON document."""
        return {
            "entities": self.entities,
            "evaluations": len(self.results),
            "skipped": self.skipped,
            "templates": len(self.templates),
            "belowThreshold": self.below_threshold,
            "errors": len(self.errors),
            "findings": self.findings(),
            "verdict": self.verdict(),
        }

    def document(self) -> dict:
        """The versioned JSON document (SPEC §8)."""
        document = {
            "version": RESULT_VERSION,
            "tool": {"name": "scorecard", "version": __version__},
            "commit": self.commits or None,
            "scorecards": self.scorecards,
            "results": self.results,
            "summary": self.summary(),
            "aggregates": aggregate(self.scorecards, self.results, self.group_by),
            "diagnostics": [d.as_record() for d in self.diagnostics],
            **({"cache": self.cache} if self.cache is not None else {}),
        }
        if self.generated_at is not None:
            document["generatedAt"] = self.generated_at
        return document


@dataclass
class _Prepared:
    scorecard: Scorecard
    steps: list[tuple[Rule, Any, int]]  # (rule, its type's evaluate, level index)
    rule_levels: frozenset[int]  # the indexes of the levels that hold rules
    floor_has_rules: bool
    needs_source: bool
    scm_paths: tuple[str, ...]  # every path the scorecard's file rules look up
    read_paths: tuple[str, ...]  # the paths whose contents they read
    gates: list[int]  # level index a threshold asks for -> highest rule level that gates


def _prepare(scorecard: Scorecard) -> _Prepared:
    indexes = rule_level_indexes(scorecard)
    steps = [(rule, RULE_TYPES[rule.type].evaluate, index)
             for rule, index in zip(scorecard.rules, indexes)]
    scm = [rule for rule in scorecard.rules if rule.type.startswith("scm.")]
    return _Prepared(scorecard, steps, frozenset(indexes), 0 in indexes,
                     bool(scm),
                     tuple(p for rule in scm for p in RULE_TYPES[rule.type].paths(rule.params)),
                     tuple(p for rule in scm if hasattr(RULE_TYPES[rule.type], "reads")
                           for p in RULE_TYPES[rule.type].reads(rule.params)),
                     gating_levels(scorecard))


def _waiver_for(waivers: list[Waiver], scorecard: str, rule: str, ref: str) -> Waiver | None:
    for waiver in waivers:
        if (waiver.scorecard == scorecard and waiver.rule == rule
                and fnmatch.fnmatchcase(ref.lower(), waiver.entity.lower())):
            return waiver
    return None


MAX_DETAILS = 5000  # characters of a rule's details or error (a 4,096-byte path fits)


def _run_rule(evaluate: Any, rule: Rule, entity: Entity, ctx: Context) -> Outcome:
    try:
        outcome = evaluate(entity, rule.params, ctx)
    except EvalError as exc:
        outcome = Outcome(False, str(exc), str(exc))
    except RecursionError:
        return Outcome(False, "the value is nested too deeply", "the value is nested too deeply")
    if len(outcome.details) > MAX_DETAILS or len(outcome.error or "") > MAX_DETAILS:
        # a long rule param (a path of megabytes) would be repeated for every entity
        outcome = outcome._replace(details=_cut(outcome.details),
                                   error=None if outcome.error is None else _cut(outcome.error))
    return outcome


def _cut(text: str) -> str:
    if len(text) <= MAX_DETAILS:
        return text
    return f"{text[:MAX_DETAILS]}... ({len(text):,} characters; cut at {MAX_DETAILS:,})"


def _rule_keys(rule: Rule, entity: Entity, outcome: Outcome) -> tuple | None:
    """The key path a failing entity rule points at: its field, or the links; None for
    the others (they point at the entity)."""
    if rule.type == "entity.field.exists":
        return entity.prefix + field_keys(entity, rule.params[1])
    if rule.type == "entity.query" and outcome.hint is not None:
        return entity.prefix + field_keys(entity, outcome.hint.path)
    if rule.type == "entity.link.exists":
        return entity.prefix + (("properties", "links") if entity.dialect == "port"
                                else ("metadata", "links"))
    return None


def _place(entity: Entity, pending: list[tuple[dict, tuple | None]]) -> None:
    """Set ``line`` and ``column`` of failing rule records, reading the file once."""
    located = iter(locate_all(entity.file, entity.index,
                              [keys for _, keys in pending if keys is not None]))
    for record, keys in pending:
        record["line"], record["column"] = (
            next(located) if keys is not None else (entity.line, entity.column))


def owner_and_team(entity: Entity) -> tuple[str | None, str | None]:
    """(owner as written, team name) of an entity: Backstage ``spec.owner`` and its name
    part (``group:default/payments`` -> ``payments``); Port ``team`` (the first of a list)
    for both."""
    value = entity.meta.get("$team")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str) or not value.strip():
        return None, None
    if entity.dialect != "backstage":
        return value, value
    return value, value.rsplit(":", 1)[-1].rsplit("/", 1)[-1] or None


def describe_scorecard(scorecard: Scorecard) -> dict:
    """A scorecard's definition as plain data: id, title, blueprint, levels, rules."""
    return {
        "id": scorecard.id,
        "title": scorecard.title,
        "blueprint": scorecard.blueprint,
        "file": scorecard.file,
        "levels": [{"title": lv.title, "color": lv.color} for lv in scorecard.levels],
        "rules": [{"id": r.id, "title": r.title, "description": r.description,
                   "level": r.level, "type": r.type} for r in scorecard.rules],
    }


class Engine:
    """Evaluates scorecards; one instance per run."""

    def __init__(self, scorecards: list[Scorecard], sources: Sources,
                 threshold: Threshold | None = None, waivers: list[Waiver] | None = None,
                 locate_fields: bool = False, now: float | None = None, strict: bool = False,
                 cache: Any = None):
        self.strict = strict
        self.prepared = sorted((_prepare(sc) for sc in scorecards), key=lambda p: p.scorecard.id)
        self.sources = sources
        self.threshold = threshold
        self.waivers = waivers or []
        self.locate_fields = locate_fields
        self.now = time.time() if now is None else now
        self.budget = Budget()
        self.cache = cache  # a ResultCache: stored results are reused while their facts hold
        if cache is not None:
            cache.now = self.now

    def applies(self, scorecard: Scorecard, entity: Entity) -> bool:
        """True when the scorecard's blueprint and filter select the entity."""
        if scorecard.blueprint and scorecard.blueprint.lower() != entity.blueprint.lower():
            return False
        try:
            return scorecard.filter is None or scorecard.filter.evaluate(entity, self.now).passed
        except RecursionError:  # a value nested too deeply to compare: not selected
            return False

    def run(self, entities: list[Entity]) -> RunResult:
        """Evaluate every entity against every scorecard that applies to it."""
        result = RunResult(scorecards=[describe_scorecard(p.scorecard) for p in self.prepared],
                           strict=self.strict)
        cache = self.cache
        if len(entities) <= FEW_ENTITIES:
            entities = [self._real(entity) for entity in entities]
            self.sources.restrict([(entity, prep.scm_paths) for entity in entities
                                   for prep in self.prepared
                                   if prep.needs_source and self.applies(prep.scorecard, entity)])
        with phase("result cache: lookups"):
            stored = self._stored(entities) if cache is not None else {}
        if self.sources.reads_objects and any(p.read_paths for p in self.prepared):
            self.sources.read_ahead([(entity, prep.read_paths) for entity in entities
                                     for i, prep in enumerate(self.prepared)
                                     if prep.read_paths
                                     and stored.get((id(entity), i), (None, None))[1] is None
                                     and self.applies(prep.scorecard, self._real(entity))])
        with phase("evaluation"):
            evaluated = self._evaluate_all(entities, stored, result)
        result.entities = len(evaluated)
        result.diagnostics.extend(self.sources.notices)
        if cache is not None:
            result.cache = dict(cache.stats)
        return result

    def _evaluate_all(self, entities: list[Entity], stored: dict, result: RunResult
                      ) -> set[str]:
        """Add every (entity, scorecard) result to ``result``; return the entities
        evaluated."""
        cache = self.cache
        evaluated: set[str] = set()
        for entity in sorted(entities, key=lambda e: e.ref):
            ctx: Context | None = None
            for i, prep in enumerate(self.prepared):
                key, record = stored.get((id(entity), i), (None, None))
                if record is None:
                    real = self._real(entity)
                    facts: list = []
                    if self.applies(prep.scorecard, real):
                        ctx = self._context(prep, real, ctx)
                        facts = ctx.facts if ctx.facts is not None else []
                        record = self.evaluate(prep, real, ctx)
                    else:
                        record = SKIPPED
                    if cache is not None:
                        cache.put(key, None if record == SKIPPED else record, facts)
                        cache.stats["misses"] += record != SKIPPED
                elif cache is not None and record != SKIPPED:
                    cache.stats["hits"] += 1
                    self._refresh(record, entity)
                if record == SKIPPED:
                    result.skipped += 1
                    continue
                result.results.append(record)
                evaluated.add(entity.ref)
        return evaluated

    def _refresh(self, record: dict, entity: Entity) -> None:
        """Set the fields of a stored record that come from neither the entity, the
        scorecard, the options nor a fact its rules read: the commit of its sources (a
        new commit elsewhere in the repository changes it, not the result)."""
        if "commit" in record:
            record["commit"] = self.sources.commit_of(entity)

    def _real(self, entity: Entity) -> Entity:
        """The entity with its data (a cached stub's file is parsed now)."""
        return self.cache.materialize(entity) if self.cache is not None else entity

    def _context(self, prep: _Prepared, entity: Entity, ctx: Context | None) -> Context:
        """The entity's context (made once per entity), recording afresh for this pair."""
        if ctx is None:
            ctx = Context(None, None, self.now, budget=self.budget)
        if prep.needs_source and ctx.source is None and ctx.source_error is None:
            ctx.source, ctx.source_error = self.sources.for_entity(entity)
        ctx.record([] if self.cache is not None else None)
        return ctx

    def _stored(self, entities: list[Entity]) -> dict[tuple[int, int], tuple[Any, Any]]:
        """For each (entity, scorecard index): its cache key and the stored outcome whose
        facts still hold ("skip" or the record), or None."""
        cache = self.cache
        keys: dict[tuple[int, int], Any] = {}
        snapshots: dict[int, Any] = {}
        for entity in entities:
            place: Any = None
            for i, prep in enumerate(self.prepared):
                if prep.needs_source and place is None:
                    source, error = self.sources.for_entity(entity)
                    snapshots[id(entity)] = source.snapshot if source is not None else None
                    place = (source.snapshot.root, source.folder) if source is not None \
                        else ("no source", error)
                keys[(id(entity), i)] = cache.result_key(
                    entity, prep.scorecard, place if prep.needs_source else None)
        cache.prefetch([key for key in keys.values() if key is not None])
        return {pair: (key, cache.lookup(key, snapshots.get(pair[0])))
                for pair, key in keys.items()}

    def evaluate(self, prep: _Prepared, entity: Entity, ctx: Context) -> dict:
        """One (entity, scorecard) result record."""
        scorecard = prep.scorecard
        records = []
        failing_levels: set[int] = set()
        passed_count = 0
        any_error = False
        root = ctx.source.folder if ctx.source is not None else None
        waivers = self.waivers
        threshold = self.threshold(entity, scorecard) if self.threshold else None
        wanted = scorecard.level_index(threshold) if threshold else None
        gate = None if wanted is None else prep.gates[wanted]
        strict = self.strict
        pending: list[tuple[dict, tuple | None]] = []
        for rule, evaluate, level_index in prep.steps:
            outcome = _run_rule(evaluate, rule, entity, ctx)
            passed = outcome.passed
            waiver = None
            if not passed and waivers:
                waiver = _waiver_for(waivers, scorecard.id, rule.id, entity.ref)
            record = {
                "id": rule.id,
                "title": rule.title,
                "level": rule.level,
                "type": rule.type,
                "passed": passed,
                "waived": waiver is not None,
                "details": outcome.details,
                "error": outcome.error,
                "fix": None if passed else suggest(rule, entity, outcome, root),
                "severity": None,
            }
            if waiver is not None:
                record["waiver"] = {"reason": waiver.reason, "approvedBy": waiver.approved_by,
                                    "expires": waiver.expires}
            if passed or waiver is not None:
                passed_count += 1
            else:
                failing_levels.add(level_index)
                record["severity"] = rule_severity(level_index, gate, strict)
                any_error = any_error or outcome.error is not None
                if self.locate_fields:
                    pending.append((record, _rule_keys(rule, entity, outcome)))
            records.append(record)
        if pending:
            _place(entity, pending)
        level = achieved_level(prep.rule_levels, failing_levels)
        tested = len(records)
        owner, team = owner_and_team(entity)
        return {
            "scorecard": scorecard.id,
            "scorecardTitle": scorecard.title,
            "entity": entity.ref,
            "title": entity.meta.get("$title"),
            "owner": owner,
            "team": team,
            "source": entity.display,
            "line": entity.line,
            "commit": self.sources.commit_of(entity),
            "level": None if level is None else scorecard.levels[level].title,
            "levelColor": None if level is None else scorecard.levels[level].color,
            "status": status(passed_count == tested, any_error, level, prep.floor_has_rules),
            "rulesTested": tested,
            "rulesPassed": passed_count,
            "percentPassed": round(100.0 * passed_count / tested, 1) if tested else 100.0,
            "threshold": None if wanted is None else scorecard.levels[wanted].title,
            "belowThreshold": wanted is not None and (level is None or level < wanted),
            "rules": records,
        }
