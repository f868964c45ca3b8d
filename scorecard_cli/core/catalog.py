"""Load catalog files (SPEC §4): Backstage and Port entities, templates, Locations.

``load_catalog`` never raises for a bad input: each problem becomes a Diagnostic
for that file or document, and every good document is still returned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from scorecard_cli.core import contain
from scorecard_cli.core.documents import looks_like_template, parse_documents
from scorecard_cli.core.errors import DescriptorError, Diagnostic
from scorecard_cli.core.filesource import DISK, DiskFiles
from scorecard_cli.core.globs import has_magic
from scorecard_cli.core.model import Entity
from scorecard_cli.core.placeholders import Includer, may_hold_placeholders
from scorecard_cli.core.places import display_path, within
from scorecard_cli.core.port_api import ENTITIES, answer_items, answer_problem, is_answer
from scorecard_cli.core.profile import phase
from scorecard_cli.core.repos import find_repo_root
from scorecard_cli.core.skeletons import markers_explain

CATALOG_SUFFIXES = (".yaml", ".yml", ".json")
_TEMPLATE_KEYS = (("kind",), ("metadata", "name"), ("metadata", "namespace"), ("identifier",),
                  ("blueprint",))


@dataclass
class Catalog:
    """Everything read from the catalog files of one run."""

    entities: list[Entity] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)  # display paths, once per file


class CatalogLoader:
    """Reads catalog files into a Catalog, batch after batch, reading each file once."""

    def __init__(self, cwd: str, files: DiskFiles = DISK, cache: Any = None):
        self.cwd = cwd
        self.files = files  # where files are read: the disk, or a commit's tree
        self.cache = cache  # a ResultCache: stored files are replayed, not parsed
        self.collisions = 0  # documents whose reference an earlier document has
        self.placeholders = 0  # placeholders met: what loading gave depends on other files
        self.reals: dict[str, str] = {}  # folder -> its real path (see contain.check_inside)
        self.catalog = Catalog()
        self.seen_files: set[tuple[int, int]] = set()  # (device, inode) of files read
        self.refs: dict[str, Entity] = {}
        self.roots: dict[str, str | None] = {}
        self.queue: list[str] = []
        self.position = 0

    def error(self, display: str, line: int, column: int, message: str) -> None:
        self.catalog.diagnostics.append(Diagnostic(display, line, column, message))

    def add(self, path: str) -> None:
        self.queue.append(path)

    def load(self, paths: list[str]) -> None:
        """Read these files, and the files their Locations point at."""
        self.queue.extend(paths)
        if self.cache is not None:
            self.cache.prefetch_files(paths)
        while self.position < len(self.queue):  # Locations append to the queue
            self.load_file(self.queue[self.position])
            self.position += 1

    def load_file(self, path: str) -> None:
        display = display_path(path, self.cwd)
        if not path.lower().endswith(CATALOG_SUFFIXES):
            self.error(display, 1, 1, "unsupported file type: a catalog file ends in .yaml, "
                       ".yml or .json")
            return
        identity: list = []
        try:
            with phase("reading catalog files"):
                self.files.contained(path, self.cwd, DescriptorError, display, self.roots,
                                     self.reals)
                text = self.files.read_text(path, display, DescriptorError, identity)
        except DescriptorError as exc:
            self.catalog.diagnostics.append(exc.diagnostic)
            return
        if identity[0] in self.seen_files:
            return  # the same file, reached again (directly and through a Location)
        self.seen_files.add(identity[0])
        if self.cache is not None:
            self.cache.load_text(self, path, display, text)
        else:
            self.load_text(path, display, text)

    def load_text(self, path: str, display: str, text: str) -> None:
        """Parse a catalog file's text into entities, diagnostics and template notices."""
        with phase("parsing catalog files"):
            self._load_text(path, display, text)

    def _load_text(self, path: str, display: str, text: str) -> None:
        template_markers = looks_like_template(text)
        try:
            documents = parse_documents(text, path, display, DescriptorError)
        except DescriptorError as exc:
            problem = exc.diagnostic
            if template_markers and markers_explain(text, problem.message, problem.line):
                self._skip_template(display, 1)
            else:
                self.catalog.diagnostics.append(exc.diagnostic)
            return
        found = False
        includer = None
        if may_hold_placeholders(text):
            includer = Includer(path, contain.boundary(path, self.cwd, self.roots),
                                self.files)
        templated = 0  # the line of the first templated document
        for doc in documents:
            for data, prefix in document_items(doc.data):
                if data is None:
                    continue
                found = True
                if template_markers and is_template(data):
                    templated = templated or doc.line
                    continue
                self.load_document(path, display, doc, data, prefix, includer)
        if templated:
            self._skip_template(display, templated)
        elif not found:
            self.error(display, 1, 1, "no entity in this file (it is empty)")

    def _skip_template(self, display: str, line: int) -> None:
        self.catalog.templates.append(display)
        self.catalog.diagnostics.append(Diagnostic(
            display, line, 1, "skipped: a template skeleton (it holds ${{ }}, {{ }} or {% %} "
            "markers), not an entity", "notice"))

    def load_document(self, path: str, display: str, doc: Any, data: Any, prefix: tuple,
                      includer: Includer | None = None) -> None:
        """Make one document an entity (its placeholders replaced first) and register it."""
        line, column = (doc.line, doc.column) if not prefix else self.files.locate(
            path, doc.index, prefix)
        included: tuple = ()
        if includer is not None and not is_port_shaped(data):  # Backstage's feature only
            data = self.substitute(includer, path, display, doc.index, prefix, data)
            included = tuple(includer.included)
            if data is None:
                return
        try:
            entity = _make_entity(data, path, display, doc.index, prefix, line, column)
        except _ShapeError as exc:
            where = (self.files.locate(path, doc.index, prefix + exc.keys) if exc.keys
                     else (line, column))
            self.error(display, *where, exc.message)
            return
        entity.included = included
        self.register(entity)

    def substitute(self, includer: Includer, path: str, display: str, index: int,
                   prefix: tuple, data: Any) -> Any:
        """``data`` with its $text/$json/$yaml placeholders replaced, each issue reported;
        None when a placeholder could not be resolved (an input error)."""
        before = includer.attempts
        data, issues = includer.substitute(data)
        self.placeholders += includer.attempts - before
        for issue in issues:
            line, column = self.files.locate(path, index, prefix + issue.keys)
            self.catalog.diagnostics.append(
                Diagnostic(display, line, column, issue.message, issue.severity))
        return None if any(issue.severity == "error" for issue in issues) else data

    def register(self, entity: Entity) -> None:
        """Add an entity unless its reference is taken; follow it if it is a Location."""
        first = self.refs.get(entity.ref)
        if first is not None:
            self.collisions += 1
            if self.cache is not None:  # a stub has no data to compare: parse its file
                first = self.cache.materialize(first)
            if first.data != entity.data:
                shown = entity.ref if entity.ref.isprintable() else repr(entity.ref)
                self.error(entity.display, entity.line, entity.column,
                           f"duplicate entity {shown}: first defined at "
                           f"{first.display}:{first.line}:{first.column}")
            return
        self.refs[entity.ref] = entity
        self.catalog.entities.append(entity)
        if entity.dialect == "backstage" and entity.blueprint.lower() == "location":
            self.follow_location(entity)

    def parse_text(self, path: str, display: str, text: str) -> list[Entity]:
        """The entities of a catalog file's text, parsed on their own (for the cache)."""
        loader = CatalogLoader(self.cwd, self.files)
        loader.load_text(path, display, text)
        return loader.catalog.entities

    def follow_location(self, entity: Entity) -> None:
        spec = entity.data.get("spec") or {}
        targets = []
        if isinstance(spec.get("target"), str):
            targets.append((spec["target"], ("spec", "target")))
        if isinstance(spec.get("targets"), list):
            targets += [(t, ("spec", "targets", i)) for i, t in enumerate(spec["targets"])
                        if isinstance(t, str)]
        base = os.path.dirname(entity.file)
        boundary = find_repo_root(base, self.roots) or self.cwd
        for target, keys in targets:
            if "://" in target or target.startswith("url:"):
                continue  # remote locations are not read
            def where(keys: tuple = keys) -> tuple[int, int]:  # located only on an error
                return self.files.locate(entity.file, entity.index, entity.prefix + keys)

            full = os.path.normpath(os.path.join(base, target.removeprefix("file:")))
            if not within(full, os.path.normpath(boundary)):
                self.error(entity.display, *where(), f"Location target {target!r} leaves the "
                           "repository")
                continue
            magic = has_magic(full)
            matches = self.files.glob(full) if magic else (
                [full] if self.files.is_file(full) else [])
            if not matches and not magic:
                self.error(entity.display, *where(), f"Location target {target!r} not found")
            for match in matches:
                if not self.files.is_file(match):
                    continue
                if not self.files.inside(match, boundary):  # by real path, on disk
                    self.error(entity.display, *where(), f"Location target {target!r} is a "
                               "symlink (or under one) that points outside the repository; "
                               "not read")
                    continue
                self.add(match)


def document_items(data: Any) -> list[tuple[Any, tuple]]:
    """(entity data, key path) for each entity of a document: one entity, a list, or a
    saved Port API answer ``{ok, entities: [...]}`` / ``{ok, entity: {...}}``."""
    if is_answer(data, ENTITIES) and answer_problem(data, ENTITIES) is None:
        return answer_items(data, ENTITIES)
    if isinstance(data, list):
        return [(item, (i,)) for i, item in enumerate(data)]
    return [(data, ())]


class _ShapeError(Exception):
    def __init__(self, message: str, keys: tuple = ()):
        super().__init__(message)
        self.message, self.keys = message, keys


def is_template(data: Any) -> bool:
    """True for a document whose kind, name, namespace, identifier or blueprint is templated."""
    if not isinstance(data, dict):
        return False
    for keys in _TEMPLATE_KEYS:
        value: Any = data
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and looks_like_template(value):
            return True
    return False


def is_port_shaped(data: Any) -> bool:
    """True for a Port entity: an ``identifier`` and neither ``apiVersion`` nor ``kind``."""
    return isinstance(data, dict) and "identifier" in data and "apiVersion" not in data \
        and "kind" not in data


def _make_entity(data: Any, path: str, display: str, index: int, prefix: tuple, line: int,
                 column: int) -> Entity:
    where = (path, display, index, prefix, line, column)
    if not isinstance(data, dict):
        raise _ShapeError(f"not an entity: expected a mapping, got {type(data).__name__}")
    if is_answer(data, ENTITIES):
        raise _ShapeError(answer_problem(data, ENTITIES) or "not an entity")
    if is_port_shaped(data):
        return _port_entity(data, where)
    if "apiVersion" in data or "kind" in data or "metadata" in data:
        return _backstage_entity(data, where)
    if ("data" in data and "blueprint" in data) or ("rules" in data and (
            "id" in data or "levels" in data)):
        raise _ShapeError("this is a scorecard definition, not an entity: pass it with -s")
    raise _ShapeError(f"not an entity{_foreign(data)}: expected a Backstage entity (apiVersion, "
                      "kind, metadata) or a Port entity (identifier)")


def _foreign(data: dict) -> str:
    """A hint naming another tool's descriptor format, or nothing."""
    info = data.get("info")
    if "openapi" in data and isinstance(info, dict) and any(
            str(k).startswith("x-cortex") for k in info):
        return " (a Cortex descriptor, which scorecard does not read)"
    if "version" in data and ("service" in data or "repository" in data):
        return " (an OpsLevel descriptor, which scorecard does not read)"
    if "rules" in data and ("axioms" in data or "extends" in data or "version" in data):
        return " (a repolinter configuration, which scorecard does not read)"
    return ""


def _need_string(data: dict, key: str, keys: tuple, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        got = "missing" if key not in data else f"got {value!r}"
        raise _ShapeError(f"{what} must be a non-empty string ({got})",
                          keys if key in data else keys[:-1])
    return value


def _entity(dialect: str, ref: str, blueprint: str, data: dict, where: tuple,
            identifier: str, title: Any, team: Any) -> Entity:
    path, display, index, prefix, line, column = where
    return Entity(
        ref=ref, dialect=dialect, blueprint=blueprint, data=data, file=path, display=display,
        index=index, prefix=prefix, line=line, column=column,
        meta={
            "$identifier": identifier,
            "$title": title if isinstance(title, str) and title.strip() else identifier,
            "$team": team,
            "$blueprint": blueprint or None,
        },
    )


def _backstage_entity(data: dict, where: tuple) -> Entity:
    _need_string(data, "apiVersion", ("apiVersion",), "apiVersion")
    kind = _need_string(data, "kind", ("kind",), "kind")
    metadata = data.get("metadata")
    if not isinstance(metadata, dict):
        raise _ShapeError(f"metadata must be a mapping (got {metadata!r})",
                          ("metadata",) if "metadata" in data else ())
    name = _need_string(metadata, "name", ("metadata", "name"), "metadata.name")
    namespace = metadata.get("namespace", "default")
    if not isinstance(namespace, str) or not namespace.strip():
        raise _ShapeError(f"metadata.namespace must be a non-empty string (got {namespace!r})",
                          ("metadata", "namespace"))
    if "spec" in data and not isinstance(data["spec"], dict):
        raise _ShapeError(f"spec must be a mapping (got {data['spec']!r})", ("spec",))
    spec = data.get("spec") or {}
    return _entity("backstage", f"{kind.lower()}:{namespace}/{name}", kind, data, where,
                   name, metadata.get("title"), spec.get("owner"))


def _port_entity(data: dict, where: tuple) -> Entity:
    identifier = _need_string(data, "identifier", ("identifier",), "identifier")
    if "schema" in data and "properties" not in data:
        raise _ShapeError("this is a Port blueprint, not an entity")
    for key in ("properties", "relations"):
        if key in data and data[key] is not None and not isinstance(data[key], dict):
            raise _ShapeError(f"{key} must be a mapping (got {data[key]!r})", (key,))
    blueprint = data.get("blueprint")
    blueprint = blueprint if isinstance(blueprint, str) and blueprint.strip() else ""
    return _entity("port", f"{blueprint or 'entity'}:{identifier}", blueprint, data, where,
                   identifier, data.get("title"), data.get("team"))


def load_catalog(paths: list[str], cwd: str, files: DiskFiles = DISK) -> Catalog:
    """Load catalog files (absolute paths), following Location targets; never raises."""
    loader = CatalogLoader(cwd, files)
    loader.load(paths)
    return loader.catalog
