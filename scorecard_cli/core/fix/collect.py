"""From a run's failing rules to changes: files to create and catalog edits, each checked
against the repository boundary; and the fixes that are only shown.

What is applied: ``scm.createOrUpdateFile@v1`` for a file that is missing (or, with
``force``, replaced) when its suggested content is not empty (and has a line matching the
rule's pattern, for ``scm.file.contains``); ``catalog.updateEntity@v1`` with a known value
(a list value adds its items to the list there); ``catalog.addLink@v1``. Everything else
(``manual@v1``, another tool's action, a field without a suggested value) is shown.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from scorecard_cli.core.check import Prepared
from scorecard_cli.core.documents import is_json_path, parse_documents
from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import DescriptorError, ScorecardError
from scorecard_cli.core.fix.ops import Edit, EditRefused
from scorecard_cli.core.fix.safety import Refused, check_target
from scorecard_cli.core.model import Entity
from scorecard_cli.core.paths import is_empty, parse_path
from scorecard_cli.core.places import display_path
from scorecard_cli.core.rules.base import EvalError
from scorecard_cli.core.sources import resolve_path


@dataclass
class FileChange:
    """One file to write: ``old`` is None for a file to create."""

    path: str
    display: str
    boundary: str
    old: str | None
    new: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class NotApplied:
    """A fix that is shown, not applied, and why; ``refused`` marks a safety refusal."""

    reason: str
    what: str
    fix: dict | None
    refused: bool = False


@dataclass
class FixPlan:
    """The changes of a ``scorecard fix`` run and what it leaves to the user."""

    changes: list[FileChange] = field(default_factory=list)
    not_applied: list[NotApplied] = field(default_factory=list)


@dataclass
class FixOptions:
    """Which fixes: rule ids and entity references or globs (empty: all); ``force``
    replaces files that exist."""

    rules: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    force: bool = False


def _wanted(entity: Entity, patterns: list[str]) -> bool:
    if not patterns:
        return True
    ref, name = entity.ref.casefold(), str(entity.meta.get("$identifier", "")).casefold()
    return any(fnmatch.fnmatchcase(ref, p.casefold()) or name == p.casefold()
               for p in patterns)


def _keys(entity: Entity, field_text: str) -> tuple:
    """The key path from the document root of a fix's ``field`` (as ``fixes.dotted``
    writes it: never a meta-property)."""
    parsed = parse_path(field_text)
    if parsed[0] == "$meta":
        raise ValueError(field_text)
    return entity.prefix + parsed[1:]


def _matches(pattern: str, content: str) -> bool:
    import regex

    try:
        return any(regex.search(pattern, line[:4096], timeout=1.0)
                   for line in content.splitlines())
    except (regex.error, TimeoutError):
        return False


class _Collector:
    def __init__(self, run: Prepared, options: FixOptions, cwd: str):
        self.run, self.options, self.cwd = run, options, cwd
        self.plan = FixPlan()
        self.creates: dict[str, FileChange] = {}
        self.edits: dict[str, tuple[Entity, list[tuple[Edit, str]]]] = {}

    def skip(self, reason: str, what: str, fix: dict | None, refused: bool = False) -> None:
        self.plan.not_applied.append(NotApplied(reason, what, fix, refused))

    def add(self, entity: Entity, record: dict, rule: dict) -> None:
        fix = rule["fix"]
        what = f"{entity.ref} {record['scorecard']}/{rule['id']}"
        action = fix.get("actionId")
        inputs = fix.get("suggestedInputs") or {}
        if action == "scm.createOrUpdateFile@v1" and isinstance(inputs.get("path"), str):
            self.create(entity, what, fix, inputs)
        elif action == "catalog.updateEntity@v1" and isinstance(inputs.get("field"), str):
            value = inputs.get("value")
            if value is None or is_empty(value):
                self.skip("no value can be suggested: set it by hand", what, fix)
                return
            try:
                keys = _keys(entity, inputs["field"])
            except ValueError:
                self.skip("the field cannot be written", what, fix)
                return
            self.edit(entity, what, fix, Edit(entity.index, keys, value, isinstance(value, list)))
        elif action == "catalog.addLink@v1" and isinstance(inputs.get("link"), dict):
            base = ("properties", "links") if entity.dialect == "port" else ("metadata", "links")
            self.edit(entity, what, fix, Edit(entity.index, entity.prefix + base,
                                              [inputs["link"]], True))
        else:
            self.skip("an action scorecard cannot perform here", what, fix)

    def create(self, entity: Entity, what: str, fix: dict, inputs: dict) -> None:
        placed = self.run.sources.place(entity)
        content = inputs.get("content")
        if placed is None:
            self.skip("not in a git repository: fix writes only inside one", what, fix, True)
            return
        if not isinstance(content, str) or not content.strip():
            self.skip("no content can be suggested: create it by hand", what, fix)
            return
        pattern = inputs.get("mustMatch")
        if isinstance(pattern, str) and not _matches(pattern, content):
            self.skip(f"it needs a line matching /{pattern}/: write it by hand", what, fix)
            return
        root = placed[0]
        try:
            rel = resolve_path(str(inputs.get("root") or ""), inputs["path"])
        except EvalError as exc:
            self.skip(f"refused: {exc}", what, fix, True)
            return
        path = os.path.join(root, *rel.split("/")) if rel else root
        if path in self.creates:
            self.creates[path].reasons.append(what)
            return
        display = display_path(path, self.cwd)
        try:
            existing = check_target(path, root, creating=True, force=self.options.force)
        except Refused as exc:
            self.skip(f"refused: {display}: {exc}", what, fix, True)
            return
        change = FileChange(path, display, root, existing, content, [what])
        self.creates[path] = change

    def edit(self, entity: Entity, what: str, fix: dict, edit: Edit) -> None:
        entry = self.edits.setdefault(entity.file, (entity, []))
        if any(e.index == edit.index and e.keys == edit.keys and e.value == edit.value
               for e, _ in entry[1]):
            return
        entry[1].append((edit, what))

    def finish(self) -> FixPlan:
        for path, (entity, edits) in self.edits.items():
            self.edit_file(path, entity, edits)
        changes = [c for c in [*self.creates.values(), *self.plan.changes]
                   if c.old != c.new]
        self.plan.changes = sorted(changes, key=lambda c: c.display)
        return self.plan

    def edit_file(self, path: str, entity: Entity, edits: list[tuple[Edit, str]]) -> None:
        root = self.run.sources.repo_root(os.path.dirname(path))
        try:
            if root is None:
                raise Refused("not in a git repository: fix writes only inside one")
            text = check_target(path, root, creating=False, force=True)
        except Refused as exc:
            for edit, what in edits:
                self.skip(f"refused: {entity.display}: {exc}", what, None, True)
            return
        assert text is not None
        new = text
        applied = []
        for edit, what in edits:
            try:
                new = _edit(new, path, entity.display, edit)
                applied.append(what)
            except EditRefused as exc:
                self.skip(f"{edit.describe()} in {entity.display}: {exc}", what, None)
        if applied:
            self.plan.changes.append(FileChange(path, entity.display, root, text, new, applied))


def _edit(text: str, path: str, display: str, edit: Edit) -> str:
    if is_json_path(path):
        from scorecard_cli.core.fix.jsonedit import edit_json

        return edit_json(text, edit)
    from scorecard_cli.core.fix.yamledit import edit_yaml

    def parse(source: str) -> list:
        try:
            return [d.data for d in parse_documents(source, path, display, DescriptorError)]
        except ScorecardError as exc:
            raise EditRefused(f"the edited file would not parse: {exc.message}") from None

    return edit_yaml(text, edit, parse)


def collect(run: Prepared, result: RunResult, options: FixOptions, cwd: str) -> FixPlan:
    """The changes that fix the failing rules of a run (not waived, not evaluation
    errors), filtered by rule id and entity; nothing is written."""
    entities = {entity.ref: entity for entity in run.catalog.entities}
    collector = _Collector(run, options, cwd)
    for record in result.results:
        entity = entities.get(record["entity"])
        if entity is None or not _wanted(entity, options.entities):
            continue
        for rule in record["rules"]:
            if rule["passed"] or rule["waived"] or rule["error"] or not rule["fix"]:
                continue
            if options.rules and rule["id"] not in options.rules:
                continue
            collector.add(entity, record, rule)
    return collector.finish()
