"""``scorecard validate``: every problem of scorecard, catalog and configuration files.

Each file is classified (scorecard definitions, catalog file or ``.scorecard.yaml``)
by its name and content, and every document is checked against the matching JSON
Schema; every schema error is reported, not only the first, at the line and column
of the offending YAML node. Scorecards also get the semantic checks of the loader
(rule levels, duplicate ids, regular expressions, property paths...), without
repeating a problem the schema already reported at the same place. Template
skeletons are skipped as ``check`` skips them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from scorecard_cli.core.backstage import DeclaredKind
from scorecard_cli.core.config import CONFIG_KEYS, CONFIG_NAMES, find_config, load_config
from scorecard_cli.core.contain import check_inside
from scorecard_cli.core.declared_kinds import declared_kinds
from scorecard_cli.core.discovery import CATALOG_NAMES
from scorecard_cli.core.documents import (
    Document,
    locate,
    looks_like_template,
    parse_documents,
    read_text,
)
from scorecard_cli.core.errors import Diagnostic, Problem, ScorecardError
from scorecard_cli.core.globs import listed_files, walked_files
from scorecard_cli.core.places import display_path
from scorecard_cli.core.port_checks import port_warnings
from scorecard_cli.core.repos import find_repo_root
from scorecard_cli.core.schemas import schema_problems
from scorecard_cli.core.scorecards import candidates
from scorecard_cli.core.skeletons import markers_explain
from scorecard_cli.core.validate_catalog import CatalogChecker
from scorecard_cli.core.validate_definitions import (
    config_problems,
    duplicate_rule_ids,
    loaded_config_problems,
    semantic_problems,
)

SUFFIXES = (".yaml", ".yml", ".json")
_ENTITY_KEYS = frozenset(("apiVersion", "kind", "metadata", "identifier"))
_SKIPPED_FOLDERS = frozenset(("node_modules",))
# a top-level rules: or levels: key, in a file that does not parse
_SCORECARD_TEXT = re.compile(r'^(?:- )?"?(?:rules|levels)"?\s*:', re.MULTILINE)


@dataclass
class Validation:
    """What ``validate`` looked at and found: files checked, templates skipped, problems."""

    files: list[str] = field(default_factory=list)  # display paths, in the order checked
    templates: list[str] = field(default_factory=list)  # display paths skipped as templates
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # paths given that do not exist

    @property
    def ok(self) -> bool:
        """True when no file has an error."""
        return not any(d.severity == "error" for d in self.diagnostics)


def validate_files(paths: list[str], cwd: str) -> list[Diagnostic]:
    """Every problem in the given files and folders (the current folder when none).

    Paths are relative to ``cwd``. Folders are searched recursively for catalog files,
    configuration files and YAML/JSON files that look like scorecards or entities.
    Diagnostics come file by file, each file's sorted by line and column.
    """
    return validate_paths(paths, cwd).diagnostics


def validate_paths(paths: list[str], cwd: str) -> Validation:
    """Like ``validate_files``, also telling which files were checked and skipped."""
    run = _Run(cwd)
    for path, how in _expand(paths or ["."], cwd):
        if how == "missing":
            run.result.missing.append(display_path(path, cwd))
            run.result.diagnostics.append(
                Diagnostic(display_path(path, cwd), 1, 1, "no such file or folder"))
        else:
            run.check_file(path, explicit=how == "given")
    run.follow()
    run.finish()
    return run.result


def _expand(paths: list[str], cwd: str) -> list[tuple[str, str]]:
    """(absolute path, 'given', 'found' in a folder or 'missing'), each file once, in order."""
    found: dict[str, tuple[str, str]] = {}  # real path -> (path, how)

    def add(path: str, how: str) -> None:
        real = os.path.realpath(path)
        if real not in found or how == "given":  # a file named outright is always checked
            found[real] = (found.get(real, (path, how))[0], how)

    for index, given in enumerate(paths):
        path = os.path.abspath(os.path.join(cwd, given))
        if os.path.isfile(path):
            add(path, "given")
        elif os.path.isdir(path):
            for found_path in _folder_files(path):
                add(found_path, "found")
        else:
            found[f"\0missing {index}"] = (path, "missing")
    return list(found.values())


def _folder_files(folder: str) -> list[str]:
    """The files of a folder that validate looks at, sorted: in a git work tree those of
    its listing (git-ignored files skipped, symlinked folders never entered), elsewhere
    a walk that never follows a symlinked folder."""
    root = find_repo_root(folder, {})
    rel = ""
    try:
        if root is None:
            raise LookupError
        files = listed_files(root)
        rel = "" if root == folder else os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        base = root
    except Exception:  # noqa: BLE001 - no repository, or git cannot list it: walk
        files, base = walked_files(folder), folder
    found = []
    for path in files:
        if not path.startswith(rel):
            continue
        parts = path[len(rel):].split("/")
        name = parts[-1]
        if any(p.startswith(".") or p in _SKIPPED_FOLDERS for p in parts[:-1]):
            continue
        if name.lower().endswith(SUFFIXES) and (
                not name.startswith(".") or name.lower() in CONFIG_NAMES):
            found.append(os.path.join(base, path.replace("/", os.sep)))
    # the order of a walk: a folder's files, then its subfolders, each sorted
    return sorted(found, key=lambda p: (*p.split(os.sep)[:-1], "\0" + os.path.basename(p)))


def _kind_by_name(path: str) -> str | None:
    name = os.path.basename(path).lower()
    if name in CONFIG_NAMES:
        return "config"
    if name in CATALOG_NAMES:
        return "catalog"
    return None


def _kind_by_content(data: Any) -> str | None:
    """'scorecard', 'catalog' or 'config' from the shape of one document; None if unsure."""
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict):
            continue
        if "ok" in item and ("scorecards" in item or "scorecard" in item):
            return "scorecard"  # a saved Port API answer
        if "rules" in item or "levels" in item or (
                isinstance(item.get("data"), list) and "identifier" not in item):
            return "scorecard"
        if _ENTITY_KEYS & item.keys():
            return "catalog"
        if "id" in item:  # a native scorecard: entities have no top-level id
            return "scorecard"
        if item and set(CONFIG_KEYS) >= item.keys():
            return "config"
    return None


def _scorecard_name(path: str) -> bool:
    """True for ``*scorecard*`` files (not JSON Schemas) and files in ``*scorecard*`` folders."""
    name = os.path.basename(path).lower()
    folder = os.path.basename(os.path.dirname(path)).lower()
    return ("scorecard" in name and not name.endswith(".schema.json")) or "scorecard" in folder


def _looks_like_scorecard(data: Any) -> bool:
    """A strong sign of scorecards: an id with rules or levels, or Port's wrapper of them."""
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict):
            continue
        if ("id" in item or "identifier" in item) and (
                isinstance(item.get("rules"), list) or isinstance(item.get("levels"), list)):
            return True
        inner = item.get("data", item.get("scorecards") if "ok" in item else None)
        if isinstance(inner, list) and inner and all(_looks_like_scorecard(x) for x in inner):
            return True
    return False


def classify(path: str, documents: list[Document], found: bool = False) -> str | None:
    """What a file holds: 'scorecard', 'catalog' or 'config', by name then content.

    A file ``found`` while walking a folder is only taken on strong signs (its name,
    or scorecards with ids and rules), as ``check`` only takes catalog-info files.
    """
    kind = _kind_by_name(path)
    if kind is not None:
        return kind
    if found:
        strong = any(_looks_like_scorecard(d.data) for d in documents) or (
            _scorecard_name(path) and any(_kind_by_content(d.data) == "scorecard"
                                          for d in documents))
        return "scorecard" if strong else None
    for doc in documents:
        kind = kind or _kind_by_content(doc.data)
    if kind is None and "scorecard" in os.path.basename(path).lower():
        kind = "scorecard"
    return kind


class _Run:
    """One validation run: the result, and scorecard ids seen so far (across files)."""

    def __init__(self, cwd: str):
        self.cwd = cwd
        self.result = Validation()
        self.ids: dict[str, tuple[str, int, int]] = {}
        self.found: list[Diagnostic] = []  # the current file's diagnostics
        self.checked: set[str] = set()  # real paths of the files checked
        self.config_problem: tuple[str, Diagnostic] | None = None
        self.entities = CatalogChecker(cwd, self.declared_kinds())

    def declared_kinds(self) -> dict[str, DeclaredKind]:
        """The kinds the nearest configuration declares (none when it does not load)."""
        path = find_config(self.cwd)
        if path is None:
            return {}
        try:
            config = load_config(path, self.cwd)
        except ScorecardError as exc:  # also found when that file is checked itself
            self.config_problem = (os.path.realpath(path), exc.diagnostic)
            return {}
        try:
            return declared_kinds(config)
        except ScorecardError as exc:  # a kind's schema: found only here
            self.result.diagnostics.append(exc.diagnostic)
            return {}

    def finish(self) -> None:
        """Report why the configuration did not load, unless its file was checked."""
        if self.config_problem and self.config_problem[0] not in self.checked:
            self.result.diagnostics.append(self.config_problem[1])

    def follow(self) -> None:
        """Validate, as catalog files, the files that Location entities reach."""
        while queue := self.entities.reached():
            for path in queue:
                if os.path.realpath(path) not in self.checked:
                    self.check_file(path, explicit=True, catalog=True)

    def check_file(self, path: str, explicit: bool, catalog: bool = False) -> None:
        """Classify one file (``catalog``: known to be one) and report its problems,
        sorted by line and column."""
        display = display_path(path, self.cwd)
        self.checked.add(os.path.realpath(path))
        self.found = []
        by_name = "catalog" if catalog else _kind_by_name(path)
        text = None
        try:
            check_inside(path, self.cwd, ScorecardError, display)
            text = read_text(path, display, ScorecardError)
            documents = parse_documents(text, path, display, ScorecardError)
        except ScorecardError as exc:
            if not explicit and by_name is None and not (
                    _scorecard_name(path) or _SCORECARD_TEXT.search(text or "")):
                return  # unreadable, and probably not ours: met while walking a folder
            if by_name != "config" and text is not None and looks_like_template(text) and (
                    markers_explain(text, exc.diagnostic.message, exc.diagnostic.line)):
                self.result.templates.append(display)
            else:
                self.result.files.append(display)
                self.result.diagnostics.append(exc.diagnostic)
            return
        kind = by_name or classify(path, documents, found=not explicit)
        if kind is None:
            if not explicit:
                return  # a YAML or JSON file of some other tool, met while walking a folder
            kind = "catalog"  # as ``check`` would read it
        self.result.files.append(display)
        if kind == "scorecard":
            self.scorecards(path, display, documents)
        elif kind == "config":
            self.config(path, display, documents)
        else:
            self.catalog(path, display, text, documents)
        self.found.sort(key=lambda d: (d.line, d.column))
        self.result.diagnostics.extend(self.found)

    def add(self, display: str, line: int, column: int, message: str) -> None:
        """Record one problem of the current file."""
        self.found.append(Diagnostic(display, line, column, message))

    def schema(self, name: str, path: str, display: str, doc: Document,
               skip: frozenset = frozenset()) -> set[tuple[int, int]]:
        """Report every schema problem of one document; return the places reported."""
        places: set[tuple[int, int]] = set()
        try:
            problems = schema_problems(name, doc.data)
        except RecursionError:
            self.add(display, doc.line, doc.column, "nesting is too deep")
            return {(doc.line, doc.column)}
        for problem in problems:
            if problem.keys and problem.keys[0] in skip:
                continue
            line, column = locate(path, doc.index, problem.keys, problem.at_key)
            places.add((line, column))
            self.add(display, line, column, problem.message)
        return places

    def semantic(self, path: str, display: str, doc: Document, problems: list[Problem],
                 prefix: tuple, places: set[tuple[int, int]]) -> None:
        """Report problems the schema cannot see, unless one is already reported there."""
        for problem in problems:
            line, column = locate(path, doc.index, prefix + problem.keys, problem.at_key)
            if (line, column) not in places:
                places.add((line, column))
                self.add(display, line, column, problem.message)

    def scorecards(self, path: str, display: str, documents: list[Document]) -> None:
        """Schema, loader checks and duplicate ids for every scorecard of every document."""
        docs = [doc for doc in documents if doc.data is not None]
        if not docs:
            self.add(display, 1, 1, "no scorecard in this file (it is empty)")
        for doc in docs:
            places = self.schema("scorecard", path, display, doc)
            for data, prefix, blueprint in candidates(doc.data):
                problems = [*semantic_problems(data, blueprint), *duplicate_rule_ids(data)]
                self.semantic(path, display, doc, problems, prefix, places)
                for warning in port_warnings(data):
                    self.found.append(Diagnostic(display, *locate(
                        path, doc.index, prefix + warning.keys, warning.at_key),
                        warning.message, "warning"))
                line, column = locate(path, doc.index, prefix) if prefix else (doc.line,
                                                                               doc.column)
                self.note_id(data, display, line, column)

    def note_id(self, data: Any, display: str, line: int, column: int) -> None:
        """Report a scorecard id already defined in this run."""
        if not isinstance(data, dict):
            return
        value = data.get("identifier" if "identifier" in data else "id")
        if not isinstance(value, str) or not value.strip():
            return
        first = self.ids.get(value)
        if first is None:
            self.ids[value] = (display, line, column)
            return
        self.add(display, line, column, f"duplicate scorecard id {value!r}: first defined at "
                 f"{first[0]}:{first[1]}:{first[2]}")

    def catalog(self, path: str, display: str, text: str, documents: list[Document]) -> None:
        """Every entity as Backstage's catalog (or Port) checks it; see validate_catalog."""
        found, templated = self.entities.check(path, display, text, documents)
        self.found += found
        if templated:
            self.result.templates.append(display)

    def config(self, path: str, display: str, documents: list[Document]) -> None:
        """The config schema, its queries, then what the loader finds in a well-formed file."""
        docs = [doc for doc in documents if doc.data is not None]
        for extra in docs[1:]:
            self.add(display, extra.line, extra.column,
                     "a configuration file holds one document (this is another one)")
        if not docs:
            return
        places = self.schema("config", path, display, docs[0])
        self.semantic(path, display, docs[0], config_problems(docs[0].data), (), places)
        if not places:  # the loader's checks only make sense once the shape is right
            self.found += loaded_config_problems(path, self.cwd)
