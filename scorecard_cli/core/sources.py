"""An entity's source (SPEC §6): which repository, which folder, which snapshot.

``Sources`` is built once per run; ``Sources.for_entity`` gives a ``Source`` or the
reason there is none. Snapshots are cached per (repository, ref).
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache
from typing import Any

from scorecard_cli.core.clones import BlobFetcher, cache_dir, clone_or_fetch
from scorecard_cli.core.errors import Diagnostic, ScmError, UsageError
from scorecard_cli.core.gitcmd import mask
from scorecard_cli.core.heads import head_commit
from scorecard_cli.core.model import Entity
from scorecard_cli.core.places import display_path
from scorecard_cli.core.profile import phase
from scorecard_cli.core.repos import check_url, find_repo_root, is_url, open_repo
from scorecard_cli.core.rules.base import EvalError
from scorecard_cli.core.snapshot import Snapshot, TreeListing, WorkingTree

SOURCE_LOCATION = "backstage.io/source-location"
_DRIVE = re.compile(r"^[A-Za-z]:")
_TREE_URL = re.compile(r"^(?P<remote>.+?)/(?:-/)?(?:tree|blob)/(?P<ref>[^/]+)/?(?P<path>.*)$")


@lru_cache(maxsize=1024)
def _analyse(path: str) -> tuple[str | None, bool, bool]:
    """(error, anchored at the root, needs normalising) for a rule path, computed once."""
    if "\0" in path:  # no file name holds one, and the OS refuses it in every call
        shown = path.replace("\0", "\\x00")
        return f"path '{shown}': a NUL character is not allowed in a path", False, False
    if "\\" in path:
        return f"path '{path}': use '/' as the separator, not '\\'", False, False
    if _DRIVE.match(path) or path.startswith("//"):
        return f"path '{path}': drive letters and UNC paths are not allowed", False, False
    if path.startswith("~"):
        return f"path '{path}': '~' is not allowed", False, False
    anchored = path.startswith("/")
    parts = path.lstrip("/").split("/")
    return None, anchored, any(p in ("", ".", "..") for p in parts)


def resolve_path(folder: str, path: str) -> str:
    """Repository-relative path for a rule path seen from ``folder``; EvalError when it
    is unsafe (backslashes, drive letters, ``~``, or leaving the repository)."""
    error, anchored, irregular = _analyse(path)
    if error:
        raise EvalError(error)
    if not irregular:  # the common case: plain segments, no normalising needed
        if anchored:
            return path.lstrip("/")
        return f"{folder}/{path}" if folder else path
    joined = path.lstrip("/") if anchored else posixpath.join(folder, path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        raise EvalError(f"path '{path}' leaves the repository")
    return "" if normal == "." else normal


class Source:
    """An entity's folder in one snapshot; rule paths resolve against it."""

    def __init__(self, snapshot: Snapshot, folder: str):
        self.snapshot = snapshot
        self.folder = folder

    def resolve(self, path: str) -> str:
        """Repository-relative path for a rule path; EvalError when it is unsafe."""
        return resolve_path(self.folder, path)

    def exists(self, path: str) -> bool:
        """True when the rule path exists in the snapshot."""
        return self.snapshot.exists(self.resolve(path))

    def exists_resolved(self, target: str) -> bool:
        """True when an already resolved path exists in the snapshot."""
        return self.snapshot.exists(target)

    def read_text(self, path: str) -> str | None:
        """Text of the file at a rule path, or None when absent."""
        return self.snapshot.read_text(self.resolve(path))

    def last_commit_time(self) -> float | None:
        """Time of the newest commit touching this folder."""
        return self.snapshot.last_commit_time(self.folder)

    def where(self) -> str:
        """`` in <folder>`` for messages, or nothing at the root."""
        return f" in {self.folder}" if self.folder else ""


class Sources:
    """Finds each entity's Source, honouring ``--repo``, ``--ref`` and ``--staged``."""

    def __init__(self, repo: str | None = None, ref: str | None = None, cwd: str | None = None,
                 cache: str | None = None, offline: bool = False, staged: bool = False):
        if staged and ref is not None:
            raise UsageError("--staged and --ref both name a snapshot; give one of them")
        if ref is not None and ref.startswith("-"):
            raise UsageError(f"--ref {ref!r}: a ref may not start with '-'")
        self.ref = ref
        self.staged = staged
        self.cache = cache
        self.offline = offline
        self.cwd = cwd or os.getcwd()
        self.notices: list[Diagnostic] = []
        self._roots: dict[str, str | None] = {}
        self._snapshots: dict[str, Snapshot | str] = {}
        self._listings: dict[str, TreeListing | str] = {}
        self._wanted: dict[str, set[str] | None] = {}  # root -> the only paths to list
        self._places: dict[object, tuple[str, str] | None] = {}
        self._repos: dict[str, Any] = {}
        self._remotes: dict[str, list[str]] = {}
        self._fetchers: dict[str, BlobFetcher] = {}  # clone path -> its blob fetcher
        self._forced_root: str | None = None
        self._forced_is_clone = False
        self._commits: dict[str, str | None] = {}  # root -> commit the sources are read at
        self._labels: dict[str, str] = {}  # root -> how reports name it
        if repo is not None:
            self._forced_root, self._forced_is_clone = self._named_repo(repo)
            if self._forced_is_clone and is_url(repo):
                self._labels[self._forced_root] = mask(repo)  # no credentials
        if self._forced_is_clone and staged:
            raise UsageError(f"--staged: --repo {mask(repo or '')!r} has no index (it is not "
                             "a work tree)")
        if self._forced_is_clone and ref is None:
            self.ref = "HEAD"  # a mirror's HEAD is the remote's default branch

    @property
    def reads_objects(self) -> bool:
        """True when file contents come from git's objects (a ref or the index)."""
        return self.ref is not None or self.staged

    def _named_repo(self, value: str) -> tuple[str, bool]:
        if value.startswith("-"):
            raise UsageError(f"--repo {mask(value)!r}: a repository may not start with '-'")
        if is_url(value):
            check_url(value)
            clone = clone_or_fetch(value, self.cache or cache_dir(), self.offline)
            if clone.notice:
                self.notices.append(Diagnostic(mask(value), 1, 1, clone.notice, "notice"))
            self._fetchers[clone.path] = BlobFetcher(clone.path, value, self.offline)
            return clone.path, True
        path = os.path.abspath(os.path.join(self.cwd, value))
        if not os.path.isdir(path):
            raise UsageError(f"--repo {value!r}: no such folder")
        root = find_repo_root(path, self._roots)
        if root is None:
            if os.path.isfile(os.path.join(path, "HEAD")) and os.path.isdir(
                os.path.join(path, "objects")
            ):
                return path, True  # a bare repository
            raise UsageError(f"--repo {value!r}: not a git repository")
        return root, False

    def place(self, entity: Entity) -> tuple[str, str] | None:
        """(repository root, source folder) of an entity; None outside any repository."""
        key = entity.key or id(entity)  # a cached stub and its parsed entity share a key
        if key not in self._places:
            self._places[key] = self._place(entity)
        return self._places[key]

    def _place(self, entity: Entity) -> tuple[str, str] | None:
        folder_abs = os.path.dirname(entity.file)
        own_root = find_repo_root(folder_abs, self._roots)
        root = self._forced_root or own_root
        if root is None:
            return None
        folder = _relative(folder_abs, own_root) if own_root else ""
        return root, self._moved(entity, folder, root)

    def commit_of(self, entity: Entity) -> str | None:
        """The commit the entity's sources are read at: the ``--ref`` commit, else HEAD of
        its repository; None outside a repository or before the first commit."""
        placed = self.place(entity)
        if placed is None:
            return None
        root = placed[0]
        if root not in self._commits:
            if self.ref is None:
                self._commits[root] = head_commit(root)
            else:
                snapshot = self.snapshot(root)
                self._commits[root] = None if isinstance(snapshot, str) else snapshot.commit
        return self._commits[root]

    def commits(self) -> dict[str, str | None]:
        """Every repository ``commit_of`` was asked about -> its commit, by display path
        (the URL for a ``--repo`` URL)."""
        return {self._labels.get(root) or display_path(root, self.cwd): commit
                for root, commit in sorted(self._commits.items())}

    def restrict(self, wanted: list[tuple[Entity, tuple[str, ...]]]) -> None:
        """List only these entities' rule paths when few entities are checked (the
        pre-commit case): a lookup then costs nothing like a listing of a large tree."""
        for entity, paths in wanted:
            placed = self.place(entity)
            if placed is None:
                continue
            root, folder = placed
            targets = self._wanted.setdefault(root, set())
            if targets is None:
                continue
            for path in paths:
                try:
                    target = resolve_path(folder, path)
                except EvalError:
                    continue
                if not target:  # the repository root itself: list everything
                    self._wanted[root] = None
                    break
                targets.add(target)

    def read_ahead(self, wanted: list[tuple[Entity, tuple[str, ...]]]) -> None:
        """At a ref or the index, fetch in one batch the files these entities' rules read."""
        if not self.reads_objects:
            return
        per_root: dict[str, set[str]] = {}
        for entity, paths in wanted:
            placed = self.place(entity)
            if placed is None:
                continue
            root, folder = placed
            for path in paths:
                try:
                    per_root.setdefault(root, set()).add(resolve_path(folder, path))
                except EvalError:
                    continue
        for root, targets in per_root.items():
            snapshot = self.snapshot(root)
            if not isinstance(snapshot, str):
                snapshot.read_ahead(targets)

    def for_entity(self, entity: Entity) -> tuple[Source | None, str | None]:
        """The entity's Source, or (None, why there is none)."""
        placed = self.place(entity)
        if placed is None:
            return None, "not in a git repository (use --repo to name one)"
        root, folder = placed
        snapshot = self.snapshot(root)
        if isinstance(snapshot, str):
            return None, snapshot
        return Source(snapshot, folder), None

    def snapshot(self, root: str) -> Snapshot | str:
        """The snapshot of a repository at the run's ref, or why there is none (cached)."""
        if root not in self._snapshots:
            try:
                tree = None if self.reads_objects else self.working_tree(root)
                if isinstance(tree, str):
                    raise EvalError(tree)
                snapshot = Snapshot(root, self._repo(root), self.ref, tree, self._paths(root),
                                    staged=self.staged)
                snapshot.fetcher = self._fetchers.get(root)
                self._snapshots[root] = snapshot
            except (EvalError, ScmError) as exc:
                self._snapshots[root] = str(exc.args[0] if exc.args else exc)
        return self._snapshots[root]

    def require_ref(self, entities: list[Entity]) -> None:
        """UsageError when ``--ref`` resolves in none of the repositories these entities'
        sources are in (a typo must not pass CI); where it resolves in some, the others
        keep their bad-ref evaluation errors (SPEC §6)."""
        if self.ref is None:
            return
        roots = sorted({placed[0] for placed in map(self.place, entities) if placed})
        if not roots or any(self._resolves(root) for root in roots):
            return
        shown = ", ".join(display_path(root, self.cwd) or "." for root in roots[:3])
        more = f" and {len(roots) - 3} more" if len(roots) > 3 else ""
        raise UsageError(f"--ref {self.ref!r}: no such commit in "
                         f"{'the repository' if len(roots) == 1 else 'any repository read'} "
                         f"({shown}{more})")

    def _resolves(self, root: str) -> bool:
        """True when the run's ref names a commit in this repository."""
        if isinstance(self._snapshots.get(root), Snapshot):
            return True
        if self.ref is None or self.ref.startswith("-"):
            return False
        try:
            self._repo(root).git.rev_parse("--verify", "--quiet", f"{self.ref}^{{commit}}")
        except Exception:  # noqa: BLE001 - unresolvable, or an unreadable repository
            return False
        return True

    def listing(self, root: str) -> TreeListing | str:
        """The working-tree listing of a repository, started once and shared by catalog
        discovery and working-tree snapshots; or why there is none."""
        if root not in self._listings:
            try:
                self._listings[root] = TreeListing(self._repo(root), self._paths(root))
            except (EvalError, ScmError) as exc:
                self._listings[root] = str(exc.args[0] if exc.args else exc)
        return self._listings[root]

    def listed_files(self, root: str) -> set[str] | None:
        """The files of the working-tree listing of a repository (shared with discovery
        and snapshots), or None when git cannot list it."""
        tree = self.working_tree(root)
        return None if isinstance(tree, str) else tree.files

    def working_tree(self, root: str) -> WorkingTree | str:
        """The finished working-tree listing of a repository, or why there is none."""
        listing = self.listing(root)
        if isinstance(listing, str):
            return listing
        try:
            with phase("waiting for the git listing"):
                return listing.result()
        except Exception as exc:  # noqa: BLE001 - git failed: say why, for every file rule
            return f"cannot list the working tree: {exc}"

    def _paths(self, root: str) -> list[str] | None:
        wanted = self._wanted.get(root)
        return sorted(wanted) if wanted else None

    @property
    def roots(self) -> dict[str, str | None]:
        """The walk-up cache of ``find_repo_root`` (folder -> repository root), to share."""
        return self._roots

    def repo_root(self, folder: str) -> str | None:
        """The repository holding a folder (cached walk up the file system)."""
        return find_repo_root(folder, self._roots)

    def _repo(self, root: str) -> Any:
        if root not in self._repos:
            self._repos[root] = open_repo(root)
            if root in self._fetchers:  # git >= 2.44: never a lazy fetch of our clones
                self._repos[root].git.update_environment(GIT_NO_LAZY_FETCH="1")
        return self._repos[root]

    def _moved(self, entity: Entity, folder: str, root: str) -> str:
        """Apply ``backstage.io/source-location`` when it names a folder of this repository."""
        if entity.dialect != "backstage":
            return folder
        annotations = entity.data.get("metadata", {}).get("annotations")
        value = annotations.get(SOURCE_LOCATION) if isinstance(annotations, dict) else None
        if not isinstance(value, str) or not value.strip():
            return folder
        value = value.strip()
        target: str | None = None
        if value.startswith("dir:"):
            given = value[4:].strip()
            # An absolute path, a drive letter, '~' or '\\' never names a folder of this
            # repository (and must never reach git as a path).
            if given and not given.startswith("/") and _analyse(given)[0] is None:
                target = posixpath.normpath(posixpath.join(folder, given))
        elif value.startswith("url:"):
            match = _TREE_URL.match(value[4:].strip())
            if match and _normal_remote(match.group("remote")) in self._remote_names(root):
                target = posixpath.normpath(match.group("path").strip("/") or ".")
        if target is None or target == ".." or target.startswith("../"):
            self.notices.append(Diagnostic(
                entity.display, entity.line, entity.column,
                f"{SOURCE_LOCATION} {value!r} is not a folder of this repository; "
                f"using the catalog file's folder",
                "notice",
            ))
            return folder
        return "" if target == "." else target

    def _remote_names(self, root: str) -> list[str]:
        if root not in self._remotes:
            try:
                repo = self._repo(root)
                urls = [url for remote in repo.remotes for url in remote.urls]
            except Exception:  # noqa: BLE001 - an unreadable config means no remotes
                urls = []
            self._remotes[root] = [_normal_remote(url) for url in urls]
        return self._remotes[root]


def _relative(folder_abs: str, root: str) -> str:
    if folder_abs.startswith(root + os.sep) and os.sep + "." not in folder_abs[len(root):]:
        return folder_abs[len(root) + 1:].replace(os.sep, "/")
    if folder_abs == root:
        return ""
    rel = os.path.relpath(folder_abs, root)
    return "" if rel == "." else rel.replace(os.sep, "/")


@lru_cache(maxsize=4096)  # every entity of a monorepo names the same remote
def _normal_remote(url: str) -> str:
    """``git@host:org/repo.git``, ``https://user@host/org/repo/`` -> ``host/org/repo``."""
    text = url.strip().lower()
    text = re.sub(r"^[a-z][\w+.-]*://", "", text)
    text = re.sub(r"^[^@/]+@", "", text)
    text = re.sub(r"^([^/:]+):(?!\d+/)", r"\1/", text)
    text = re.sub(r":\d+/", "/", text)
    return text.rstrip("/").removesuffix(".git")
