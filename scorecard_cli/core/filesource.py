"""Where the loaders read catalog, scorecard and configuration files from.

``DISK`` reads the file system (every command but ``diff``). ``TreeFiles`` reads the files
of one repository as they are in one commit, through git objects (``git ls-tree`` and
blob reads): nothing is checked out, the working tree and the index are never touched.
Paths keep their place on disk (``<root>/<path in the tree>``), so display paths,
repository placement and source folders are the same as for the working tree; paths
outside the repository (built-in scorecards) are read from disk.
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import Any

from scorecard_cli.core.contain import check_inside
from scorecard_cli.core.documents import (
    MAX_FILE_BYTES,
    decode_text,
    locate,
    locate_text,
    read_text,
)
from scorecard_cli.core.errors import ScmError, ScorecardError
from scorecard_cli.core.globs import glob_files, has_magic
from scorecard_cli.core.places import within
from scorecard_cli.core.repos import git_reason

SYMLINK_MODE = "120000"


class DiskFiles:
    """Files read from the file system."""

    commit: str | None = None

    def read_text(self, path: str, display: str, error: type[ScorecardError],
                  identity: list | None = None) -> str:
        """The file's text (see ``documents.read_text``)."""
        return read_text(path, display, error, identity)

    def locate(self, path: str, index: int, keys: tuple, at_key: bool = False
               ) -> tuple[int, int]:
        """Line and column of a key path in the file (see ``documents.locate``)."""
        return locate(path, index, keys, at_key)

    def is_file(self, path: str) -> bool:
        """True for a regular file (through symlinks, as ``os.path.isfile``)."""
        return os.path.isfile(path)

    def is_dir(self, path: str) -> bool:
        """True for a folder."""
        return os.path.isdir(path)

    def glob(self, pattern: str) -> list[str]:
        """Paths matching a glob (``**`` spans folders), sorted: inside a git work tree,
        among the files git lists (never a git-ignored file, never through a symlinked
        folder), elsewhere a walk that never follows symlinked folders (see ``globs``)."""
        if not has_magic(pattern):
            return [pattern] if os.path.lexists(pattern) else []
        return glob_files(pattern)

    def contained(self, path: str, cwd: str, error: type[ScorecardError], display: str,
                  roots: dict[str, str | None] | None = None,
                  reals: dict[str, str] | None = None) -> None:
        """Raise ``error`` when the real path of a file about to be read leaves the
        repository holding it (see ``contain.check_inside``)."""
        check_inside(path, cwd, error, display, roots, reals)

    def walk(self, folder: str) -> list[str]:
        """Every file under a folder, hidden folders skipped, in sorted order."""
        found = []
        for current, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [os.path.join(current, n) for n in sorted(names)]
        return found

    def inside(self, path: str, folder: str) -> bool:
        """True when the real path of ``path`` lies in the real path of ``folder``."""
        return within(os.path.realpath(path), os.path.realpath(folder))


DISK = DiskFiles()


def glob_regex(pattern: str) -> re.Pattern:
    """A glob over ``/``-separated paths as a regex: ``**/`` any folders, ``*`` and ``?``
    within one name, ``[...]`` a set."""
    out, i = "", 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
            continue
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
            continue
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            out += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
            i = end
        else:
            out += re.escape(char)
        i += 1
    return re.compile(out + r"\Z")


class TreeFiles(DiskFiles):
    """The files of the repository at ``root`` as they are in one commit."""

    def __init__(self, root: str, repo: Any, ref: str):
        import git

        self.root = root
        self.repo = repo
        self.ref = ref
        if ref.startswith("-"):
            raise ScmError(f"bad ref {ref!r}: a ref may not start with '-'", root)
        try:
            self.commit = repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
        except git.GitCommandError:
            raise ScmError(f"bad ref {ref!r}: no such commit in this repository", root) from None
        self.blobs: dict[str, tuple[str, str, int]] = {}  # path -> (mode, sha, size)
        self.dirs: set[str] = {""}
        try:
            out = repo.git.ls_tree("-r", "-t", "-l", "-z", "--full-tree", self.commit)
        except git.GitCommandError as exc:
            raise ScmError(f"cannot list the tree of {ref!r}: {git_reason(exc)}", root) from None
        for entry in out.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, sha, size = meta.split()
            if kind == "blob":
                self.blobs[path] = (mode, sha, int(size))
            else:  # a tree, or a submodule (its files are not in this tree)
                self.dirs.add(path)
        self._texts: dict[str, str] = {}

    def _rel(self, path: str) -> str | None:
        """The path inside the tree, or None for a path outside the repository."""
        normal = os.path.normpath(path)
        if normal == self.root:
            return ""
        if not within(normal, self.root):
            return None
        return normal[len(self.root.rstrip(os.sep)) + 1:].replace(os.sep, "/")

    def read_text(self, path: str, display: str, error: type[ScorecardError],
                  identity: list | None = None) -> str:
        """The file's text at the commit; outside the repository, from disk."""
        rel = self._rel(path)
        if rel is None:
            return super().read_text(path, display, error, identity)
        at = f" at {self.ref}"
        if rel in self.dirs:
            raise error(f"not a regular file (a folder{at})", display)
        if rel not in self.blobs:
            raise error(f"cannot read file: no such file{at}", display)
        mode, sha, size = self.blobs[rel]
        if mode == SYMLINK_MODE:
            raise error(f"not a regular file (a symbolic link{at}, which is not followed)",
                        display)
        if size > MAX_FILE_BYTES:
            raise error(f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})",
                        display)
        if identity is not None:
            identity.append(("tree", rel))
        if rel not in self._texts:
            try:
                raw = self.repo.odb.stream(bytes.fromhex(sha)).read(MAX_FILE_BYTES + 1)
            except Exception:  # noqa: BLE001 - git's raw output is not shown
                raise error(f"cannot read object {sha[:12]}{at}: missing or corrupt",
                            display) from None
            self._texts[rel] = decode_text(raw, display, error)
        return self._texts[rel]

    def locate(self, path: str, index: int, keys: tuple, at_key: bool = False
               ) -> tuple[int, int]:
        """Line and column of a key path in the file as it is at the commit."""
        rel = self._rel(path)
        if rel is None:
            return super().locate(path, index, keys, at_key)
        text = self._texts.get(rel)
        return (1, 1) if text is None else locate_text(text, index, keys, at_key)

    def is_file(self, path: str) -> bool:
        """True for a regular file (not a symlink) at the commit."""
        rel = self._rel(path)
        if rel is None:
            return super().is_file(path)
        return rel in self.blobs and self.blobs[rel][0] != SYMLINK_MODE

    def is_link(self, path: str) -> bool:
        """True for a symbolic link at the commit (never followed)."""
        rel = self._rel(path)
        return rel is not None and rel in self.blobs and self.blobs[rel][0] == SYMLINK_MODE

    def is_dir(self, path: str) -> bool:
        """True for a folder at the commit."""
        rel = self._rel(path)
        return super().is_dir(path) if rel is None else rel in self.dirs

    def glob(self, pattern: str) -> list[str]:
        """Files of the commit matching a glob given as an absolute path pattern."""
        rel = self._rel(pattern)
        if rel is None:
            return super().glob(pattern)
        matcher = glob_regex(rel)
        return [os.path.join(self.root, *p.split("/")) for p in sorted(self.blobs)
                if matcher.match(p)]

    def walk(self, folder: str) -> list[str]:
        """Every file of the commit under a folder, hidden folders skipped."""
        rel = self._rel(folder)
        if rel is None:
            return super().walk(folder)
        prefix = f"{rel}/" if rel else ""
        return [os.path.join(self.root, *p.split("/")) for p in sorted(self.blobs)
                if p.startswith(prefix) and not any(
                    part.startswith(".") for part in p[len(prefix):].split("/")[:-1])]

    def contained(self, path: str, cwd: str, error: type[ScorecardError], display: str,
                  roots: dict[str, str | None] | None = None,
                  reals: dict[str, str] | None = None) -> None:
        """A file of the tree is read from git objects, symlinks never followed: always
        contained; a file outside the repository is checked on disk."""
        if self._rel(path) is None:
            super().contained(path, cwd, error, display, roots, reals)

    def inside(self, path: str, folder: str) -> bool:
        """Lexical containment: a tree has no symlinked folder that reads are followed
        through (symlinks are never read)."""
        rel, base = self._rel(path), self._rel(folder)
        if rel is None or base is None:
            return super().inside(path, folder)
        return not base or rel == base or rel.startswith(base + "/")

    def files_under(self, folder: str, names: tuple[str, ...]) -> list[str]:
        """Files of the commit under a folder whose name is one of ``names``, sorted."""
        rel = self._rel(folder)
        if rel is None:
            return []
        prefix = f"{rel}/" if rel else ""
        return [os.path.join(self.root, *p.split("/")) for p in sorted(self.blobs)
                if p.startswith(prefix) and posixpath.basename(p) in names
                and self.blobs[p][0] != SYMLINK_MODE]
