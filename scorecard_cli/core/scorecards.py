"""Load scorecard definitions (SPEC §2): native YAML and Port's JSON export.

A file holds one scorecard, a list, several YAML documents, or Port's
``[{"blueprint": ..., "data": [...]}]`` wrapper. Each problem is a Diagnostic with
file, line and column; a scorecard with problems is dropped, the others load.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any

from scorecard_cli.core.documents import parse_documents
from scorecard_cli.core.errors import DefinitionError, Diagnostic, Problem
from scorecard_cli.core.fields import text_field, unknown_key
from scorecard_cli.core.filesource import DISK, DiskFiles
from scorecard_cli.core.level_defs import parse_levels
from scorecard_cli.core.model import Level, Rule, Scorecard
from scorecard_cli.core.places import display_path
from scorecard_cli.core.port_api import SCORECARDS, answer_items, answer_problem, is_answer
from scorecard_cli.core.query import compile_query
from scorecard_cli.core.rules import RULE_TYPES

PORT_METADATA = ("id", "createdAt", "createdBy", "updatedAt", "updatedBy")
NATIVE_KEYS = ("id", "title", "description", "icon", "blueprint", "levels", "filter", "rules")
PORT_KEYS = ("identifier", "title", "description", "icon", "blueprint", "levels", "filter",
             "rules", *PORT_METADATA)
RULE_KEYS = ("id", "identifier", "title", "description", "level", "type", "params", "query",
             "fixAction", *PORT_METADATA[1:])
DEFINITION_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Definitions:
    """Scorecards loaded from files, and the problems found on the way."""

    scorecards: list[Scorecard] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _rule(raw: Any, keys: tuple, levels: tuple[Level, ...], port: bool) -> Rule:
    if not isinstance(raw, dict):
        raise Problem(f"a rule must be a mapping (got {raw!r})", keys)
    unknown_key(raw, RULE_KEYS, keys, "a rule")
    id_key = "identifier" if "identifier" in raw or (port and "id" not in raw) else "id"
    rule_id = text_field(raw, id_key, keys)
    assert rule_id is not None
    level_text = text_field(raw, "level", keys)
    assert level_text is not None
    level = next((lv.title for lv in levels if lv.title.casefold() == level_text.casefold()),
                 None)
    if level is None:
        names = ", ".join(repr(lv.title) if "\n" in lv.title else lv.title for lv in levels)
        raise Problem(f"rule level {level_text!r} is not a level of this scorecard ({names})",
                      (*keys, "level"))
    if "query" in raw:
        if raw.get("type", "entity.query") != "entity.query" or "params" in raw:
            raise Problem("a rule has either 'type' and 'params' or a 'query', not both", keys)
        rule_type, params, param_keys = "entity.query", raw["query"], (*keys, "query")
    else:
        rule_type = text_field(raw, "type", keys)
        params, param_keys = raw.get("params"), keys
        if rule_type not in RULE_TYPES:
            close = difflib.get_close_matches(str(rule_type), list(RULE_TYPES), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise Problem(f"unknown rule type {rule_type!r}{hint}", (*keys, "type"))
        if rule_type == "entity.query":
            param_keys = (*keys, "params")
    assert rule_type is not None
    try:
        prepared = RULE_TYPES[rule_type].prepare(params)
    except Problem as problem:
        raise problem.within(*param_keys) from None
    fix_action = raw.get("fixAction")
    if fix_action is not None:
        _check_fix_action(fix_action, (*keys, "fixAction"))
    title = text_field(raw, "title", keys, required=False)
    description = text_field(raw, "description", keys, required=False)
    return Rule(
        id=rule_id,
        title=title if isinstance(title, str) and title.strip() else rule_id,
        level=level,
        type=rule_type,
        params=prepared,
        description=description if isinstance(description, str) else None,
        fix_action=fix_action,
    )


def _check_fix_action(fix: Any, keys: tuple) -> None:
    if not isinstance(fix, dict):
        raise Problem(f"'fixAction' must be a mapping (got {fix!r})", keys)
    unknown_key(fix, ("actionId", "suggestedInputs"), keys, "a fixAction")
    text_field(fix, "actionId", keys)
    inputs = fix.get("suggestedInputs")
    if inputs is not None and not isinstance(inputs, dict):
        raise Problem(f"'suggestedInputs' must be a mapping (got {inputs!r})",
                      (*keys, "suggestedInputs"))


def build_scorecard(data: Any, blueprint: str | None = None) -> tuple[Scorecard | None,
                                                                        list[Problem]]:
    """Check one scorecard definition; return it, or None and every problem found."""
    try:
        return _build_scorecard(data, blueprint)
    except RecursionError:
        return None, [Problem("nesting is too deep")]


def _build_scorecard(data: Any, blueprint: str | None) -> tuple[Scorecard | None,
                                                                list[Problem]]:
    if not isinstance(data, dict):
        return None, [Problem(f"a scorecard must be a mapping (got {data!r})")]
    if is_answer(data, SCORECARDS):
        return None, [Problem(answer_problem(data, SCORECARDS) or "not a scorecard")]
    port = "identifier" in data
    problems: list[Problem] = []
    try:
        unknown_key(data, PORT_KEYS if port else NATIVE_KEYS, (), "a scorecard")
        scorecard_id = text_field(data, "identifier" if port else "id", ())
        text_field(data, "title", (), required=False)
        text_field(data, "description", (), required=False)
        levels = parse_levels(data)
        own_blueprint = data.get("blueprint", blueprint)
        if own_blueprint is not None and not isinstance(own_blueprint, str):
            raise Problem(f"'blueprint' must be a string (got {own_blueprint!r})", ("blueprint",))
        query = None
        if data.get("filter") is not None:
            try:
                query = compile_query(data["filter"])
            except Problem as problem:
                raise problem.within("filter") from None
    except Problem as problem:
        return None, [problem]
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        return None, [Problem(f"'rules' must be a list (got {raw_rules!r})", ("rules",))]
    rules: list[Rule] = []
    ids: set[str] = set()
    for i, raw in enumerate(raw_rules):
        try:
            rule = _rule(raw, ("rules", i), levels, port)
        except Problem as problem:
            problems.append(problem)
            continue
        if rule.id in ids:
            problems.append(Problem(f"duplicate rule id {rule.id!r}", ("rules", i)))
        ids.add(rule.id)
        rules.append(rule)
    if problems:
        return None, problems
    title = data.get("title")
    assert scorecard_id is not None
    return Scorecard(
        id=scorecard_id,
        title=title if isinstance(title, str) and title.strip() else scorecard_id,
        levels=levels,
        rules=tuple(rules),
        blueprint=own_blueprint,
        filter=query,
    ), []


def candidates(data: Any) -> list[tuple[Any, tuple, str | None]]:
    """(scorecard data, key path in the document, wrapper blueprint) for each scorecard
    of a document: one scorecard, a list, Port's ``{blueprint, data: [...]}`` wrapper, or
    a saved Port API answer ``{ok, scorecards: [...]}`` / ``{ok, scorecard: {...}}``."""
    items = data if isinstance(data, list) else [data]
    found: list[tuple[Any, tuple, str | None]] = []
    for i, item in enumerate(items):
        prefix = (i,) if isinstance(data, list) else ()
        if is_answer(item, SCORECARDS) and answer_problem(item, SCORECARDS) is None:
            found += [(sc, (*prefix, *keys), None) for sc, keys in answer_items(item, SCORECARDS)]
        elif isinstance(item, dict) and "data" in item and "rules" not in item \
                and isinstance(item["data"], list):
            blueprint = item.get("blueprint")
            found += [(sc, (*prefix, "data", j), blueprint if isinstance(blueprint, str) else None)
                      for j, sc in enumerate(item["data"])]
        else:
            found.append((item, prefix, None))
    return found


def expand_paths(paths: list[str], source: DiskFiles = DISK) -> tuple[list[str], list[str]]:
    """Files as given; folders searched recursively for .yaml, .yml and .json, sorted.

    Returns the files and the folders that hold none.
    """
    files = []
    empty = []
    for path in paths:
        if source.is_dir(path):
            found = [f for f in source.walk(path) if f.lower().endswith(DEFINITION_SUFFIXES)]
            files += found
            if not found:
                empty.append(path)
        else:
            files.append(path)
    return files, empty


def load_definitions(paths: list[str], cwd: str, display: dict[str, str] | None = None,
                     source: DiskFiles = DISK) -> Definitions:
    """Load every scorecard of the given files (folders are expanded); never raises.

    ``source`` is where the files are read: the disk, or a commit's tree.
    """
    result = Definitions()
    seen: dict[str, Scorecard] = {}
    files, empty = expand_paths(paths, source)
    roots: dict[str, str | None] = {}
    for folder in empty:
        result.diagnostics.append(Diagnostic(display_path(folder, cwd), 1, 1,
                                             "no scorecard file (.yaml, .yml, .json) in this "
                                             "folder"))
    for path in files:
        shown = (display or {}).get(path) or display_path(path, cwd)
        try:
            if path not in (display or {}):  # a built-in file is ours
                source.contained(path, cwd, DefinitionError, shown, roots)
            text = source.read_text(path, shown, DefinitionError)
            documents = parse_documents(text, path, shown, DefinitionError)
        except DefinitionError as exc:
            result.diagnostics.append(exc.diagnostic)
            continue
        if all(doc.data is None for doc in documents):
            result.diagnostics.append(Diagnostic(shown, 1, 1, "no scorecard in this file "
                                                 "(it is empty)"))
        for doc in documents:
            if doc.data is None:
                continue
            for data, prefix, blueprint in candidates(doc.data):
                scorecard, problems = build_scorecard(data, blueprint)
                for problem in problems:
                    line, col = source.locate(path, doc.index, prefix + problem.keys,
                                              problem.at_key)
                    result.diagnostics.append(Diagnostic(shown, line, col, problem.message))
                if scorecard is None:
                    continue
                line, col = (source.locate(path, doc.index, prefix) if prefix
                             else (doc.line, doc.column))
                scorecard = _placed(scorecard, shown, line, col, (data, blueprint))
                if scorecard.id in seen:
                    first = seen[scorecard.id]
                    result.diagnostics.append(Diagnostic(
                        shown, line, col, f"duplicate scorecard id {scorecard.id!r}: first "
                        f"defined at {first.file}:{first.line}:{first.column}"))
                    continue
                seen[scorecard.id] = scorecard
                result.scorecards.append(scorecard)
    return result


def _placed(scorecard: Scorecard, file: str, line: int, column: int, raw: Any) -> Scorecard:
    return replace(scorecard, file=file, line=line, column=column, raw=raw)
