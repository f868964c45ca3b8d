"""One listing of a repository's tree per (repository, ref), and lookups in it.

The working tree is ``git ls-files`` (tracked and present, or untracked and not
ignored); a ref is ``git ls-tree -r -t`` of that commit; the index (``--staged``, what
the next commit will hold) is ``git ls-files -s``. Every file rule is a set lookup; file
contents are read only for ``scm.file.contains``: from disk for the working tree, from
git's objects for a ref or the index.
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from scorecard_cli.core.limits import MAX_READ_BYTES
from scorecard_cli.core.places import within
from scorecard_cli.core.repos import git_reason
from scorecard_cli.core.rules.base import EvalError

_STAGED = re.compile(r"(\d{6}) ([0-9a-f]+) \d+\t([^\0]*)\0")  # ls-files -s -z
SYMLINK_MODE = "120000"
GITLINK_MODE = "160000"  # a submodule: a folder of the repository, never a file
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_LINK_ERRNOS = (errno.ELOOP, errno.EMLINK) if _NO_FOLLOW else ()  # EMLINK: FreeBSD

# O_NONBLOCK: a named pipe put in place of a file gives nothing instead of a hang.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_NONBLOCK", 0))


def _read_fd(fd: int) -> bytes:
    """The first MAX_READ_BYTES of an open file, which is then closed."""
    try:
        chunks = []
        left = MAX_READ_BYTES
        while left:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


@dataclass
class WorkingTree:
    """A repository's working tree as git sees it: tracked and present, or untracked and
    not ignored. ``symlinks`` are tracked symlinks; ``untracked`` files have no mode;
    ``gitlinks`` are submodules (folders, not in ``files``)."""

    files: set[str] = field(default_factory=set)
    symlinks: set[str] = field(default_factory=set)
    untracked: set[str] = field(default_factory=set)
    gitlinks: set[str] = field(default_factory=set)
    unchanged: dict[str, str] = field(default_factory=dict)  # regular file -> its blob id,
    # for tracked files whose content on disk is the staged blob (git's own stat check)


class TreeListing:
    """A working-tree listing under way: three ``git ls-files`` calls (staged with modes
    and blob ids, untracked and not ignored, modified or deleted) run at once in threads,
    so that callers can work on the tracked files while git still walks the tree for
    untracked ones. A modified entry that no longer exists on disk is a deleted one.

    With ``paths``, only those files and folders (and what is under them) are listed.
    """

    def __init__(self, repo: Any, paths: list[str] | None = None):
        if repo.bare:
            raise EvalError("a bare repository has no working tree; use --ref")
        spec = ["--", *paths] if paths else []  # literal: the Repo sets GIT_LITERAL_PATHSPECS
        calls = (("-z", "-s", *spec), ("-z", "-o", "--exclude-standard", *spec),
                 ("-z", "-m", *spec))
        self._root = repo.working_tree_dir
        self._outputs: list[Any] = [None, None, None]
        self._threads = [threading.Thread(target=self._run, args=(repo, i, args), daemon=True)
                         for i, args in enumerate(calls)]
        for thread in self._threads:
            thread.start()
        self._tree: WorkingTree | None = None
        self._staged: list[tuple[str, str]] | None = None

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

    def _entries(self) -> list[tuple[str, str, str]]:
        """(mode, path, blob id) of every staged entry, parsed once (by one regex)."""
        if self._staged is None:
            self._staged = [(mode, path, blob) for mode, blob, path
                            in _STAGED.findall(self._wait(0))]
        return self._staged

    def tracked(self) -> list[str]:
        """Tracked paths (some may be deleted on disk); available before the rest."""
        return [path for _, path, _ in self._entries()]

    def gitlinks(self) -> list[str]:
        """Paths of the submodules (gitlink entries) of the repository."""
        return [path for mode, path, _ in self._entries() if mode == GITLINK_MODE]

    def untracked(self) -> set[str]:
        """Untracked, not ignored paths."""
        return {p for p in self._wait(1).split("\0") if p}

    def result(self) -> WorkingTree:
        """The whole listing, once every call has finished."""
        if self._tree is None:
            tree = WorkingTree()
            modified = set(self._wait(2).split("\0"))
            modified.discard("")
            gone = {path for path in modified
                    if not os.path.lexists(os.path.join(self._root, path))}
            for mode, path, blob in self._entries():
                if path in gone:
                    continue
                if mode == GITLINK_MODE:
                    tree.gitlinks.add(path)
                    continue
                tree.files.add(path)
                if mode == SYMLINK_MODE:
                    tree.symlinks.add(path)
                elif path not in modified:
                    tree.unchanged[path] = blob
            tree.untracked = self.untracked()
            tree.files |= tree.untracked
            self._tree = tree
        return self._tree


class Snapshot:
    """The files and folders of one repository at the working tree or one commit."""

    def __init__(self, root: str, repo: Any, ref: str | None,
                 tree: WorkingTree | None = None, paths: list[str] | None = None,
                 staged: bool = False):
        self.root = root
        self.repo = repo
        self.ref = ref
        self.staged = staged
        self.on_disk = ref is None and not staged  # the working tree: files read from disk
        self.commit: str | None = None
        self.files: set[str] = set()
        self.dirs: set[str] = {""}
        self.blobs: dict[str, tuple[str, str]] = {}  # path -> (mode, sha): ref and index
        self._last_commit: dict[str, float | None] = {}
        self._maybe_links: set[str] = set()  # paths that may be symlinks, checked on lookup
        self._read_ahead: dict[str, bytes] = {}  # blob sha -> content, fetched in one batch
        self._restricted = bool(paths)  # only some paths listed (ref mode: see _look_up)
        self._looked_up: set[str] = set()
        self._real_root: str | None = None
        self._real_folders: dict[str, str | None] = {}  # working tree: see _real_folder
        self.fetcher: Any = None  # a clone's BlobFetcher: blobs fetched before reading
        self._unchanged: dict[str, str] = {}  # working tree: see WorkingTree.unchanged
        self._head: str | None | bool = False  # see head_id (False: not read yet)
        if staged:
            self._list_index(paths)
        elif ref is None:
            tree = tree or TreeListing(repo, paths).result()
            self.files = tree.files
            self._unchanged = tree.unchanged
            self._maybe_links = tree.symlinks | tree.untracked
            self._add_parents(self.files)
            if tree.gitlinks:
                self.dirs |= tree.gitlinks
                self._add_parents(tree.gitlinks)
        else:
            self._list_ref(ref, paths)

    def _list_ref(self, ref: str, paths: list[str] | None) -> None:
        import git

        if ref.startswith("-"):
            raise EvalError(f"bad ref {ref!r}: a ref may not start with '-'")
        try:
            self.commit = self.repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
        except git.GitCommandError:
            raise EvalError(f"bad ref {ref!r}: no such commit in this repository") from None
        try:
            out = self._ls_tree(paths)
        except git.GitCommandError as exc:  # the commit exists: its trees are unreadable
            raise EvalError(f"cannot list the tree of {ref!r} (commit {self.commit[:12]}): "
                            f"{git_reason(exc)}") from None
        self._add_tree_entries(out)

    def _list_index(self, paths: list[str] | None) -> None:
        """The index: what ``git commit`` would record now (``--staged``)."""
        import git

        if self.repo.bare:
            raise EvalError("a bare repository has no index; use --ref")
        try:
            out = self._ls_index(paths)
        except git.GitCommandError as exc:
            raise EvalError(f"cannot list the index: {git_reason(exc)}") from None
        self._add_index_entries(out)

    def _ls_index(self, paths: list[str] | None) -> str:
        spec = ["--", *paths] if paths else []  # literal: the Repo sets GIT_LITERAL_PATHSPECS
        return self.repo.git.ls_files("-z", "-s", *spec)

    def _add_index_entries(self, out: str) -> None:
        files: set[str] = set()
        links: set[str] = set()
        for entry in out.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, sha, stage = meta.split(" ")
            if path in self.blobs and stage != "2":  # unmerged: "ours" (stage 2) wins
                continue
            if mode == GITLINK_MODE:
                links.add(path)
                continue
            files.add(path)
            self.blobs[path] = (mode, sha)
            if mode == SYMLINK_MODE:
                self._maybe_links.add(path)
        self.files |= files
        self.dirs |= links
        self._add_parents(files | links)

    def _ls_tree(self, paths: list[str] | None) -> str:
        return self.repo.git.ls_tree("-r", "-t", "-z", "--full-tree", self.commit,
                                     *(["--", *paths] if paths else []))

    def _add_tree_entries(self, out: str) -> None:
        for entry in out.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, sha = meta.split(" ")
            if kind != "blob":  # a tree, or a submodule's commit (a gitlink): a folder
                self.dirs.add(path)
            else:
                self.files.add(path)
                self.blobs[path] = (mode, sha)
                if mode == SYMLINK_MODE:
                    self._maybe_links.add(path)

    def _look_up(self, path: str) -> None:
        """At a ref with a restricted listing, list one more path (a symlink's target that
        the listing of the rule paths left out): one ``git ls-tree``, once per path."""
        if (not self._restricted or self.on_disk or path in self.files
                or path in self.dirs or path in self._looked_up):
            return
        import git

        self._looked_up.add(path)
        where = "in the index" if self.staged else f"at {self.ref!r}"
        try:
            if self.staged:
                self._add_index_entries(self._ls_index([path]))
            else:
                self._add_tree_entries(self._ls_tree([path]))
        except git.GitCommandError as exc:
            raise EvalError(f"cannot list {path} {where}: {git_reason(exc)}") from None

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

    def _inside(self, real: str) -> bool:
        if self._real_root is None:
            self._real_root = os.path.realpath(self.root)
        return within(real, self._real_root)

    def _real_folder(self, folder: str) -> str | None:
        """The real path of a repository folder on disk, or None when it lies outside the
        repository: each folder costs one ``lstat`` once, its parent being known already
        (any folder may have been replaced on disk by a symlink, whatever git recorded)."""
        folders = self._real_folders
        if not folders:
            folders[""] = os.path.realpath(self.root)
        todo = []  # the folders not known yet, deepest first
        while folder not in folders:
            todo.append(folder)
            folder = folder.rpartition("/")[0]
        real = folders[folder]
        for folder in reversed(todo):
            if real is not None:
                real = os.path.join(real, folder.rpartition("/")[2])
                if os.path.islink(real):
                    real = os.path.realpath(real)
                    if not self._inside(real):
                        real = None
            folders[folder] = real
        return real

    def _read_file(self, path: str) -> bytes:
        """The first MAX_READ_BYTES of a working-tree file. Every read checks that the real
        path of the file, through every folder above it, stays inside the repository: the
        folders by ``_real_folder``, the file itself by opening it without following a
        symlink (a symlink then costs one ``realpath``)."""
        folder, _, name = path.rpartition("/")
        base = self._real_folder(folder)
        if base is None:
            raise EvalError(f"{path} is under a symlinked folder that points outside the "
                            "repository")
        full = os.path.join(base, name)
        try:
            if _NO_FOLLOW or not os.path.islink(full):
                try:
                    return _read_fd(os.open(full, _OPEN_FLAGS | _NO_FOLLOW))
                except OSError as exc:
                    if exc.errno not in _LINK_ERRNOS:
                        raise
            real = os.path.realpath(full)  # the file is a symlink: where does it lead?
            if not self._inside(real):
                raise EvalError(f"{path} is a symlink that points outside the repository")
            return _read_fd(os.open(real, _OPEN_FLAGS))
        except OSError as exc:
            raise EvalError(f"cannot read {path}: {exc.strerror or exc}") from None

    def _check_symlink(self, path: str) -> None:
        if self.on_disk:
            full = os.path.join(self.root, path)
            if not os.path.islink(full):
                return
            if not self._inside(os.path.realpath(full)):
                raise EvalError(f"{path} is a symlink that points outside the repository")
            return
        mode, sha = self.blobs[path]
        if mode != SYMLINK_MODE:
            return
        target = self._blob(sha, path).decode("utf-8", "replace")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if target.startswith("/") or joined == ".." or joined.startswith("../"):
            raise EvalError(f"{path} is a symlink that points outside the repository")

    def read_text(self, path: str) -> str | None:
        """Text of a file (first MAX_READ_BYTES, UTF-8 with replacement); None if absent."""
        data = self.read_bytes(path)
        return None if data is None else data.decode("utf-8", "replace")

    def content_id(self, path: str) -> str | None:
        """What ``read_bytes`` gives, as an id (``facts.blob_id``): None when the file is
        absent; the blob id git already knows where it knows the bytes (a blob at a ref,
        a tracked file git sees unmodified on disk), else computed from the bytes.
        Raises the same EvalError as ``read_bytes``."""
        if path in self.dirs or not self.exists(path):
            return self.read_bytes(path)  # raises for a folder, None when absent
        if not self.on_disk:
            mode, sha = self.blobs[path]
            if mode != SYMLINK_MODE:
                return sha
        elif path in self._unchanged and self._real_folder(path.rpartition("/")[0]) is not None:
            return self._unchanged[path]
        from scorecard_cli.core.facts import blob_id

        return blob_id(self.read_bytes(path) or b"")

    def head_id(self) -> str | None:
        """The commit the history reads start from, with the shallow boundary (a deepened
        clone may find older commits), or None in a repository without commits."""
        if self._head is False:
            try:
                head = self.commit or self.repo.head.commit.hexsha
                shallow = os.path.join(self.repo.git_dir, "shallow")
                if os.path.exists(shallow):
                    with open(shallow, "rb") as fh:
                        head += ":" + fh.read().decode("ascii", "replace").replace("\n", ",")
                self._head = head
            except (ValueError, OSError):
                self._head = None
        return self._head  # type: ignore[return-value]

    def read_bytes(self, path: str, depth: int = 0) -> bytes | None:
        """The first MAX_READ_BYTES of a file; None if absent."""
        if depth > 8:
            raise EvalError(f"{path}: too many levels of symbolic links")
        if path in self.dirs:
            raise EvalError(f"{path or '/'} is a folder, not a file")
        if not self.exists(path):
            return None
        if self.on_disk:
            data = self._read_file(path)  # a file or folder replaced on disk by a link
        else:
            mode, sha = self.blobs[path]
            if mode == SYMLINK_MODE:
                target = posixpath.normpath(posixpath.join(
                    posixpath.dirname(path), self._blob(sha, path).decode("utf-8", "replace")))
                self._look_up(target)
                return self.read_bytes(target, depth + 1)
            data = self._read_ahead.get(sha)
            if data is None:
                data = self._blob(sha, path)
        return data

    def _blob(self, sha: str, path: str) -> bytes:
        """The first MAX_READ_BYTES of the blob of ``path``. The size is asked first: a
        larger blob is never read whole (GitPython would drain all of it into memory),
        only its first bytes, from a ``git cat-file blob`` that is then stopped."""
        import git

        if self.fetcher is not None:
            self.fetcher.ensure(self.repo, self.commit, {sha})
            why = self.fetcher.why_not(sha)
            if why:
                raise EvalError(f"cannot read {path} at {self.ref!r}: {why}")
        try:
            if self.repo.odb.info(bytes.fromhex(sha)).size <= MAX_READ_BYTES:
                return self.repo.odb.stream(bytes.fromhex(sha)).read()
            process = self.repo.git.cat_file("blob", sha, as_process=True)
            try:
                return process.proc.stdout.read(MAX_READ_BYTES)
            finally:
                process.proc.kill()
                process.proc.wait()
        except (git.GitCommandError, ValueError, OSError):  # git's raw output: not shown
            raise EvalError(f"cannot read object {sha[:12]} of {path}: missing or corrupt"
                            ) from None

    def read_ahead(self, paths: set[str]) -> None:
        """At a ref or the index, fetch the contents of these files in one ``git cat-file --batch``
        (one round trip per blob through GitPython costs about three times more).

        Files larger than MAX_READ_BYTES, symlinks and unreadable objects are left to
        ``read_text``, which reads them one by one and reports their errors.
        """
        if self.on_disk:
            return
        shas = sorted({self.blobs[p][1] for p in paths
                       if p in self.blobs and self.blobs[p][0] != SYMLINK_MODE})
        if self.fetcher is not None:  # a partial clone: fetch what it lacks, at once
            self.fetcher.ensure(self.repo, self.commit, set(shas))
            shas = [sha for sha in shas if not self.fetcher.why_not(sha)]
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
            out = self.repo.git.cat_file(mode, istream=names, stdout_as_string=False)
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
