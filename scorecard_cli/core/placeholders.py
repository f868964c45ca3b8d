"""Backstage placeholders: ``$text``, ``$json`` and ``$yaml`` replaced by a file's content.

As Backstage's placeholder processor does it: a mapping with exactly one key, and that
key ``$text``, ``$json`` or ``$yaml``, is replaced by the text of the file it names,
or that file parsed as JSON or as YAML (exactly one document). A mapping with other
keys beside a ``$`` key, or a ``$`` key Backstage has no resolver for (``$ref`` in an
inlined JSON Schema, ``$openapi`` from a plugin), is left as it is; an included file
is not searched for placeholders again.

Differences, all because ``scorecard`` runs offline and inside one repository: a
relative path is read from the catalog file's folder (a leading ``/`` from the
repository root), and must stay inside the repository once symbolic links are
resolved; a URL is never fetched: the placeholder is left in place as an
``Unresolved`` value, with a notice. The included file is read with the limits of
every catalog file (size, nesting, aliases), and one catalog file includes at most
``MAX_INCLUDED_BYTES`` in all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from scorecard_cli.core.documents import MAX_FILE_BYTES, parse_documents
from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.filesource import DISK, DiskFiles
from scorecard_cli.core.places import within
from scorecard_cli.core.yamlparse import MAX_DEPTH, too_deep

RESOLVERS = ("text", "json", "yaml")
MAX_INCLUDED_BYTES = 4 * MAX_FILE_BYTES
# a URL: a scheme of two characters or more (one is a Windows drive letter)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


class Unresolved(dict):
    """A placeholder left in place (a URL, or a file that could not be included).

    It is still the mapping the file holds, so every rule sees what Backstage's own
    file holds; rule details that show it say that it was not resolved.
    """

    def __str__(self) -> str:
        key, value = next(iter(self.items()))
        return f"<{key} not resolved: {value}>"


@dataclass(frozen=True)
class PlaceholderIssue:
    """A placeholder that was not replaced: where it is, why, and how serious."""

    keys: tuple  # key path of the placeholder mapping in the document
    message: str
    severity: str  # "error" or "notice"


class _Failed(ScorecardError):
    """An included file that cannot be read or parsed."""


class Includer:
    """Replaces the placeholders of one catalog file's documents, within one byte budget.

    ``catalog_file`` is the file's absolute path; ``root`` the folder nothing may be
    read outside of (the repository's root); ``files`` where files are read (the disk,
    or a commit's tree for ``diff``).
    """

    def __init__(self, catalog_file: str, root: str, files: DiskFiles = DISK):
        self.folder = os.path.dirname(catalog_file)
        self.root = root
        self.files = files
        self.budget = MAX_INCLUDED_BYTES
        self.issues: list[PlaceholderIssue] = []
        self.included: list[str] = []  # the texts the last document's placeholders read
        self.attempts = 0  # placeholders met so far, resolved or not

    def substitute(self, data: Any) -> tuple[Any, list[PlaceholderIssue]]:
        """``data`` (one document) with its placeholders replaced, and its issues.

        ``data`` itself is never modified: the parts that change are copies.
        """
        self.issues, self.included = [], []
        return self.walk(data, ()), self.issues

    def walk(self, node: Any, keys: tuple) -> Any:
        """``node`` with its placeholders replaced (the same object when none is)."""
        if isinstance(node, list):
            items = [self.walk(item, (*keys, i)) for i, item in enumerate(node)]
            changed = any(new is not old for new, old in zip(items, node))
            return items if changed else node
        if not isinstance(node, dict) or isinstance(node, Unresolved):
            return node
        dollars = [k for k in node if isinstance(k, str) and k.startswith("$")]
        if not dollars:
            values = {k: self.walk(v, (*keys, k)) for k, v in node.items()}
            changed = any(values[k] is not v for k, v in node.items())
            return values if changed else node
        if len(node) != 1 or dollars[0][1:] not in RESOLVERS:
            return node  # not a placeholder Backstage resolves: left alone, as there
        return self.resolve(dollars[0], node[dollars[0]], node, keys)

    def resolve(self, key: str, value: Any, node: dict, keys: tuple) -> Any:
        """The content a placeholder names, or an Unresolved value and an issue."""
        self.attempts += 1
        if not isinstance(value, str) or not value.strip():
            return self.fail(node, keys, f"{key} needs a relative path or a URL (got "
                             f"{value!r})")
        if _URL.match(value):
            self.issues.append(PlaceholderIssue(
                keys, f"{key} {value} is a URL: not fetched (scorecard works offline); "
                "rules that read this value see the placeholder", "notice"))
            return Unresolved(node)
        start = self.root if value.startswith("/") else self.folder
        full = os.path.normpath(os.path.join(start, value.lstrip("/")))
        if not within(full, os.path.normpath(self.root)) or not self.files.inside(
                full, self.root):
            return self.fail(node, keys, f"{key} {value!r} leaves the repository")
        try:
            content = self.include(key[1:], full, value)
        except _Failed as exc:
            return self.fail(node, keys, f"{key} {value!r}: {exc.diagnostic.message}"
                             + _place(exc))
        if too_deep(content, MAX_DEPTH - len(keys)):
            return self.fail(node, keys, f"{key} {value!r}: nesting is too deep once "
                             f"included (the limit is {MAX_DEPTH} levels)")
        return content

    def include(self, kind: str, full: str, shown: str) -> Any:
        """Read and parse one included file; raise _Failed."""
        text = self.files.read_text(full, shown, _Failed)
        self.included.append(text)
        self.budget -= len(text)
        if self.budget < 0:
            raise _Failed(f"the files included by this catalog file exceed "
                          f"{MAX_INCLUDED_BYTES} bytes in all", shown)
        if kind == "text":
            return text
        documents = parse_documents(text, f"placeholder.{kind}", shown, _Failed)
        if kind == "yaml" and len(documents) != 1:
            raise _Failed(f"expected exactly one YAML document, found {len(documents)}", shown)
        return documents[0].data if documents else None

    def fail(self, node: dict, keys: tuple, message: str) -> Unresolved:
        self.issues.append(PlaceholderIssue(keys, message, "error"))
        return Unresolved(node)


def _place(exc: _Failed) -> str:
    """`` (at line:col)`` for a problem inside the included file, when it has a place."""
    diagnostic = exc.diagnostic
    if (diagnostic.line, diagnostic.column) == (1, 1):
        return ""
    return f" (at {diagnostic.line}:{diagnostic.column} of that file)"


def may_hold_placeholders(text: str) -> bool:
    """A cheap test on a catalog file's text: False when no placeholder can be in it."""
    return "$" in text and ("$text" in text or "$json" in text or "$yaml" in text)
