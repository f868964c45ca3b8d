"""Glob patterns (config ``catalog``, Location targets) matched against a listing of
files, never by walking the file system: symlink loops and deep folders cannot hang a
match, and inside a git work tree git-ignored files are never matched.

The syntax is Python's ``glob`` with ``recursive=True``: ``*``, ``?`` and ``[...]`` within
one path segment, ``**`` as a whole segment for any number of folders; a wildcard does
not match a name that starts with ``.`` unless the pattern's segment does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from scorecard_cli.core.places import within
from scorecard_cli.core.repos import find_repo_root, open_repo

_MAGIC = re.compile(r"[*?\[]")


def has_magic(pattern: str) -> bool:
    """True when the pattern holds a wildcard."""
    return bool(_MAGIC.search(pattern))


def static_prefix(pattern: str) -> str:
    """The folder part of a pattern before its first wildcard segment (``/`` separated)."""
    parts = pattern.split("/")
    for index, part in enumerate(parts):
        if has_magic(part):
            return "/".join(parts[:index])
    return "/".join(parts[:-1])


def _segment(part: str) -> str:
    out = [r"(?!\.)"] if part[:1] in ("*", "?", "[") else []
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = part.find("]", i + 2 if part[i + 1:i + 2] in ("!", "]") else i + 1)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = part[i + 1:end]
                negate = body.startswith("!")
                body = body[1:] if negate else body
                body = body.replace("\\", "\\\\").replace("^", "\\^")
                out.append(f"[{'^/' if negate else ''}{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """A regular expression for a ``/``-separated relative pattern."""
    pieces = []
    parts = pattern.split("/")
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            pieces.append(r"(?:(?!\.)[^/]+(?:/|$))*" if last else r"(?:(?!\.)[^/]+/)*")
        else:
            pieces.append(_segment(part) + ("" if last else "/"))
    return re.compile("".join(pieces) + r"\Z")


def match(pattern: str, files: Iterable[str]) -> list[str]:
    """The files (relative, ``/`` separated) that the relative pattern matches, sorted."""
    regex = compile_glob(pattern)
    return sorted(path for path in files if regex.match(path))


def listed_files(root: str) -> set[str]:
    """Files of the git work tree at ``root``: tracked and present, or untracked and not
    ignored (one ``git ls-files`` listing, as for file rules)."""
    from scorecard_cli.core.snapshot import TreeListing

    return TreeListing(open_repo(root)).result().files


def walked_files(folder: str) -> set[str]:
    """Files under a folder that is in no repository, relative to it; symlinked folders
    are not followed (so a loop cannot be entered) and ``.git`` is skipped."""
    found = set()
    for current, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".git"
                   and not os.path.islink(os.path.join(current, d))]
        rel = os.path.relpath(current, folder).replace(os.sep, "/")
        found.update(name if rel == "." else f"{rel}/{name}" for name in names)
    return found


def glob_files(pattern: str) -> list[str]:
    """Absolute paths of the files an absolute pattern matches: in the repository holding
    its static prefix (or that folder, outside any repository)."""
    prefix = static_prefix(pattern.replace(os.sep, "/")).replace("/", os.sep) or os.sep
    folder = prefix
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    return Globber().glob(pattern, find_repo_root(folder, {}) or folder)


class Globber:
    """Matches absolute patterns against the listing of the repository holding them
    (each listing made once, or taken from ``lister``), or a walk outside any repository."""

    def __init__(self, lister: Callable[[str], set[str] | None] | None = None):
        self._listings: dict[str, set[str]] = {}
        self._roots: dict[str, str | None] = {}
        self._lister = lister  # a listing already made (a run's Sources), or None

    def glob(self, pattern: str, limit: str) -> list[str]:
        """Absolute paths of the files matching the absolute ``pattern``, inside the
        folder ``limit`` (the repository or folder the pattern may read)."""
        prefix = static_prefix(pattern.replace(os.sep, "/"))
        start = prefix.replace("/", os.sep) or os.sep
        root = find_repo_root(start if os.path.isdir(start) else limit, self._roots)
        if root is None or not within(os.path.abspath(root), os.path.abspath(limit)):
            root = limit
        if root not in self._listings and self._lister is not None:
            shared = self._lister(root) if find_repo_root(root, self._roots) == root else None
            if shared is not None:
                self._listings[root] = shared
        if root not in self._listings:
            try:
                self._listings[root] = (listed_files(root) if find_repo_root(root, self._roots)
                                        == root else walked_files(root))
            except Exception:  # noqa: BLE001 - git cannot list it: walk, never follow links
                self._listings[root] = walked_files(root)
        rel = os.path.relpath(pattern, root).replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            return []
        return [os.path.join(root, p.replace("/", os.sep))
                for p in match(rel, self._listings[root])]
