"""One listing of a repository's tree per (repository, ref), and lookups in it.

The working tree is ``git ls-files`` (tracked and present, or untracked and not
ignored); a ref is ``git ls-tree -r -t`` of that commit. Every file rule is a set
lookup; file contents are read only for ``scm.file.contains``.
"""

from __future__ import annotations

import os
import posixpath
import threading
from dataclasses import dataclass, field
from typing import Any

from scorecard_cli.core.rules.base import EvalError

MAX_READ_BYTES = 1024 * 1024
SYMLINK_MODE = "120000"


@dataclass
class WorkingTree:
    """A repository's working tree as git sees it: tracked and present, or untracked and
    not ignored. ``symlinks`` are tracked symlinks; ``untracked`` files have no mode."""

    files: set[str] = field(default_factory=set)
    symlinks: set[str] = field(default_factory=set)
    untracked: set[str] = field(default_factory=set)


class TreeListing:
    """A working-tree listing under way: three ``git ls-files`` calls (staged with modes,
    untracked and not ignored, deleted) run at once in threads, so that callers can work
    on the tracked files while git still walks the tree for untracked ones.

    With ``paths``, only those files and folders (and what is under them) are listed.
    """

    def __init__(self, repo: Any, paths: list[str] | None = None):
        if repo.bare:
            raise EvalError("a bare repository has no working tree; use --ref")
        spec = ["--", *(f":(literal){p}" for p in paths)] if paths else []
        calls = (("-z", "-s", *spec), ("-z", "-o", "--exclude-standard", *spec),
                 ("-z", "-d", *spec))
        self._outputs: list[Any] = [None, None, None]
        self._threads = [threading.Thread(target=self._run, args=(repo, i, args), daemon=True)
                         for i, args in enumerate(calls)]
        for thread in self._threads:
            thread.start()
        self._tree: WorkingTree | None = None

    def _run(self, repo: Any, index: int, args: tuple) -> None:
        try:
            self._outputs[index] = repo.git.ls_files(*args)
        except Exception as exc:  # noqa: BLE001 - re-raised in the thread that waits
            self._outputs[index] = exc

    def _wait(self, index: int) -> str:
        self._threads[index].join()
        output = self._outputs[index]
        if isinstance(output, Exception):
            raise output
        return output

    def tracked(self) -> list[str]:
        """Tracked paths (some may be deleted on disk); available before the rest."""
        return [entry.split("\t", 1)[1] for entry in self._wait(0).split("\0") if entry]

    def untracked(self) -> set[str]:
        """Untracked, not ignored paths."""
        return {p for p in self._wait(1).split("\0") if p}

    def result(self) -> WorkingTree:
        """The whole listing, once every call has finished."""
        if self._tree is None:
            tree = WorkingTree()
            deleted = self._wait(2)
            gone = set(deleted.split("\0")) if deleted else set()
            for entry in self._wait(0).split("\0"):
                if not entry:
                    continue
                meta, path = entry.split("\t", 1)
                if path in gone:
                    continue
                tree.files.add(path)
                if meta.startswith(SYMLINK_MODE):
                    tree.symlinks.add(path)
            tree.untracked = self.untracked()
            tree.files |= tree.untracked
            self._tree = tree
        return self._tree


class Snapshot:
    """The files and folders of one repository at the working tree or one commit."""

    def __init__(self, root: str, repo: Any, ref: str | None,
                 tree: WorkingTree | None = None, paths: list[str] | None = None):
        self.root = root
        self.repo = repo
        self.ref = ref
        self.commit: str | None = None
        self.files: set[str] = set()
        self.dirs: set[str] = {""}
        self.blobs: dict[str, tuple[str, str]] = {}  # path -> (mode, sha), ref mode only
        self._last_commit: dict[str, float | None] = {}
        self._maybe_links: set[str] = set()  # paths that may be symlinks, checked on lookup
        self._read_ahead: dict[str, bytes] = {}  # blob sha -> content, fetched in one batch
        if ref is None:
            tree = tree or TreeListing(repo, paths).result()
            self.files = tree.files
            self._maybe_links = tree.symlinks | tree.untracked
            self._add_parents(self.files)
        else:
            self._list_ref(ref, paths)

    def _list_ref(self, ref: str, paths: list[str] | None) -> None:
        import git

        if ref.startswith("-"):
            raise EvalError(f"bad ref {ref!r}: a ref may not start with '-'")
        try:
            self.commit = self.repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
            out = self.repo.git.ls_tree("-r", "-t", "-z", "--full-tree", self.commit,
                                        *(["--", *paths] if paths else []))
        except git.GitCommandError:
            raise EvalError(f"bad ref {ref!r}: no such commit in this repository") from None
        for entry in out.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, sha = meta.split(" ")
            if kind == "tree":
                self.dirs.add(path)
            else:
                self.files.add(path)
                self.blobs[path] = (mode, sha)
                if mode == SYMLINK_MODE:
                    self._maybe_links.add(path)

    def _add_parents(self, paths: set[str]) -> None:
        dirs = self.dirs
        for path in paths:
            parent = path.rpartition("/")[0]
            while parent and parent not in dirs:
                dirs.add(parent)
                parent = parent.rpartition("/")[0]

    def exists(self, path: str) -> bool:
        """True when the repository-relative path is a file or folder; checks symlinks."""
        if path in self.dirs:
            return True
        if path not in self.files:
            return False
        if path in self._maybe_links:
            self._check_symlink(path)
        return True

    def _check_symlink(self, path: str) -> None:
        if self.ref is None:
            full = os.path.join(self.root, path)
            if not os.path.islink(full):
                return
            real = os.path.realpath(full)
            root = os.path.realpath(self.root)
            if real != root and not real.startswith(root + os.sep):
                raise EvalError(f"{path} is a symlink that points outside the repository")
            return
        mode, sha = self.blobs[path]
        if mode != SYMLINK_MODE:
            return
        target = self._blob(sha).decode("utf-8", "replace")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if target.startswith("/") or joined == ".." or joined.startswith("../"):
            raise EvalError(f"{path} is a symlink that points outside the repository")

    def read_text(self, path: str, depth: int = 0) -> str | None:
        """Text of a file (first MAX_READ_BYTES, UTF-8 with replacement); None if absent."""
        if depth > 8:
            raise EvalError(f"{path}: too many levels of symbolic links")
        if path in self.dirs:
            raise EvalError(f"{path or '/'} is a folder, not a file")
        if not self.exists(path):
            return None
        if self.ref is None:
            self._check_symlink(path)  # a tracked file replaced on disk by a link
            try:
                with open(os.path.join(self.root, path), "rb") as fh:
                    data = fh.read(MAX_READ_BYTES)
            except OSError as exc:
                raise EvalError(f"cannot read {path}: {exc.strerror or exc}") from None
        else:
            mode, sha = self.blobs[path]
            if mode == SYMLINK_MODE:
                target = posixpath.normpath(posixpath.join(
                    posixpath.dirname(path), self._blob(sha).decode("utf-8", "replace")))
                return self.read_text(target, depth + 1)
            data = self._read_ahead.get(sha)
            if data is None:
                data = self._blob(sha)
        return data.decode("utf-8", "replace")

    def _blob(self, sha: str) -> bytes:
        """The first MAX_READ_BYTES of a blob."""
        import git

        try:
            return self.repo.odb.stream(bytes.fromhex(sha)).read(MAX_READ_BYTES)
        except (git.GitCommandError, ValueError, OSError) as exc:
            raise EvalError(f"cannot read object {sha[:12]}: {exc}") from None

    def read_ahead(self, paths: set[str]) -> None:
        """At a ref, fetch the contents of these files in one ``git cat-file --batch``
        (one round trip per blob through GitPython costs about three times more).

        Files larger than MAX_READ_BYTES, symlinks and unreadable objects are left to
        ``read_text``, which reads them one by one and reports their errors.
        """
        if self.ref is None:
            return
        shas = sorted({self.blobs[p][1] for p in paths
                       if p in self.blobs and self.blobs[p][0] != SYMLINK_MODE})
        if not shas:
            return
        try:
            sizes = self._batch("--batch-check", shas)
            small = [sha for sha in shas if 0 <= sizes.get(sha, -1) <= MAX_READ_BYTES]
            self._read_ahead.update(self._batch("--batch", small) if small else {})
        except Exception:  # noqa: BLE001 - an optimisation only: fall back to one by one
            self._read_ahead.clear()

    def _batch(self, mode: str, shas: list[str]) -> dict:
        """Run ``git cat-file <mode>`` on shas: their sizes, or their contents."""
        import tempfile

        with tempfile.TemporaryFile() as names:
            names.write(("\n".join(shas) + "\n").encode())
            names.seek(0)
            out = self.repo.git.execute(["git", "cat-file", mode], istream=names,
                                        stdout_as_string=False)
        found: dict = {}
        pos = 0
        while pos < len(out):
            end = out.index(b"\n", pos)
            fields = out[pos:end].split()
            pos = end + 1
            if len(fields) != 3:  # "<sha> missing"
                continue
            sha, size = fields[0].decode(), int(fields[2])
            if mode == "--batch-check":
                found[sha] = size
            else:
                found[sha] = out[pos:pos + size]
                pos += size + 1
        return found

    def last_commit_time(self, folder: str) -> float | None:
        """Commit time of the newest commit touching ``folder`` (None when none does)."""
        if folder not in self._last_commit:
            import git

            rev = self.commit or "HEAD"
            try:
                out = self.repo.git.log("-1", "--format=%ct", rev, "--", folder or ".")
            except git.GitCommandError:
                out = ""
            self._last_commit[folder] = float(out) if out.strip() else None
        return self._last_commit[folder]
