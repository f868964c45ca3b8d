"""``validate`` on catalog files: each entity as Backstage's catalog (or Port) checks it.

Per document: template skeletons are skipped; ``$text``/``$json``/``$yaml``
placeholders are replaced first, as Backstage does before it validates; a Backstage
entity gets ``backstage.entity_problems`` (with the kinds the configuration declares),
a Port entity the entity JSON Schema. Then each entity is registered as ``check``
registers it, so that ``validate`` reports what ``check`` reports about files: the same
entity twice, and Location targets that are missing or leave the repository; the
files that Locations reach are returned to be validated in turn.

Only a document with a problem is located (its file composed by PyYAML): valid
documents cost a parse and a walk over their fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scorecard_cli.core.backstage import DeclaredKind, entity_problems
from scorecard_cli.core.catalog import (
    CatalogLoader,
    _make_entity,
    _ShapeError,
    document_items,
    is_port_shaped,
    is_template,
)
from scorecard_cli.core.contain import boundary
from scorecard_cli.core.documents import Document, locate
from scorecard_cli.core.errors import Diagnostic, Problem
from scorecard_cli.core.placeholders import Includer, may_hold_placeholders
from scorecard_cli.core.port_api import ENTITIES, is_answer
from scorecard_cli.core.schemas import schema_problems


def _port_problems(data: Any) -> list[Problem]:
    try:
        return [Problem(p.message, p.keys, p.at_key) for p in schema_problems("entity", data)]
    except RecursionError:
        return [Problem("nesting is too deep")]


class CatalogChecker:
    """The catalog part of one ``validate`` run (entities are remembered across files)."""

    def __init__(self, cwd: str, kinds: Mapping[str, DeclaredKind] | None = None):
        self.loader = CatalogLoader(cwd)
        self.kinds = kinds or {}
        self.cwd = cwd
        self.reported = 0  # loader diagnostics already handed out

    def check(self, path: str, display: str, text: str, documents: list[Document]
              ) -> tuple[list[Diagnostic], bool]:
        """The diagnostics of one catalog file, and whether it holds template documents."""
        found: list[Diagnostic] = []
        includer = None
        if may_hold_placeholders(text):
            includer = Includer(path, boundary(path, self.cwd, self.loader.roots))
        present = templated = False
        for doc in documents:
            if is_answer(doc.data, ENTITIES):  # a saved Port API answer: Port's schema
                present = True
                found += self.located(path, display, doc, (), _port_problems(doc.data))
                for data, prefix in document_items(doc.data):
                    self.register(path, display, doc, prefix, data)
                continue
            for data, prefix in document_items(doc.data):
                if data is None:
                    continue
                present = True
                if is_template(data):
                    templated = True
                    continue
                found += self.entity(path, display, doc, prefix, data, includer)
        if not present and not templated:
            found.append(Diagnostic(display, 1, 1, "no entity in this file (it is empty)"))
        found += self.loader.catalog.diagnostics[self.reported:]
        self.reported = len(self.loader.catalog.diagnostics)
        return found, templated

    def entity(self, path: str, display: str, doc: Document, prefix: tuple, data: Any,
               includer: Includer | None) -> list[Diagnostic]:
        """The problems of one entity document; register it when it has a reference."""
        found: list[Diagnostic] = []
        failed = False
        if includer is not None and not is_port_shaped(data):  # Backstage's feature only
            data, issues = includer.substitute(data)
            for issue in issues:
                line, column = locate(path, doc.index, prefix + issue.keys)
                found.append(Diagnostic(display, line, column, issue.message, issue.severity))
                failed = failed or issue.severity == "error"
        problems = _port_problems(data) if is_port_shaped(data) else entity_problems(data, self.kinds)
        found += self.located(path, display, doc, prefix, problems)
        if not failed:
            self.register(path, display, doc, prefix, data)
        return found

    @staticmethod
    def located(path: str, display: str, doc: Document, prefix: tuple,
                problems: list[Problem]) -> list[Diagnostic]:
        """Problems as diagnostics at their lines and columns, each place and message once."""
        found: list[Diagnostic] = []
        places = set()
        for problem in problems:
            line, column = locate(path, doc.index, prefix + problem.keys, problem.at_key)
            if (line, column, problem.message) not in places:
                places.add((line, column, problem.message))
                found.append(Diagnostic(display, line, column, problem.message))
        return found

    def register(self, path: str, display: str, doc: Document, prefix: tuple, data: Any
                 ) -> None:
        line, column = (doc.line, doc.column) if not prefix else locate(path, doc.index, prefix)
        try:
            entity = _make_entity(data, path, display, doc.index, prefix, line, column)
        except _ShapeError:
            return  # reported above, in Backstage's or Port's words
        self.loader.register(entity)

    def reached(self) -> list[str]:
        """Files that Location entities point at, not handed out before (absolute paths)."""
        queue = self.loader.queue[self.loader.position:]
        self.loader.position = len(self.loader.queue)
        return queue
