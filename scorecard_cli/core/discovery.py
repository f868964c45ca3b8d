"""Find catalog files: files as given; folders searched for ``catalog-info.yaml``/``.yml``.

Inside a git work tree one ``git ls-files`` lists the candidates (tracked and
present, or untracked and not ignored), and each submodule under the folder (a gitlink
entry of that listing) is searched through its own listing; elsewhere the folder is
walked, skipping ``.git`` and never following symlinked folders.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.core.filesource import TreeFiles
from scorecard_cli.core.places import display_path
from scorecard_cli.core.sources import Sources

CATALOG_NAMES = ("catalog-info.yaml", "catalog-info.yml")


def discover(paths: list[str], cwd: str, sources: Sources,
             load: Callable[[list[str]], None]) -> list[Diagnostic]:
    """Find the catalog files of the given paths (the current folder when none) and hand
    them to ``load`` in batches; return the problems (missing paths, empty folders).

    Inside a repository the shared working-tree listing of ``sources`` is used: tracked
    catalog files are handed over first, so they are read while git still walks the tree
    for untracked ones.
    """
    problems: list[Diagnostic] = []
    pending: list[tuple[str, list[_Part]]] = []
    for given in paths or ["."]:
        path = os.path.abspath(os.path.join(cwd, given))
        if os.path.isfile(path):
            load([path])
        elif os.path.exists(path) and not os.path.isdir(path):
            problems.append(Diagnostic(display_path(path, cwd), 1, 1, "not a regular file"))
        elif not os.path.isdir(path):
            problems.append(Diagnostic(display_path(path, cwd), 1, 1, "no such file or folder"))
        else:
            pending.append((path, _search(path, sources.repo_root(path), sources, load)))
    for path, parts in pending:
        count = 0
        for folder, root, listing, found_tracked in parts:
            count += found_tracked
            if listing is not None:
                found = _listed(root, folder, _git_part(listing.untracked) or ())
                load(found)
                count += len(found)
        if not count:
            problems.append(Diagnostic(display_path(path, cwd), 1, 1,
                                       f"no {' or '.join(CATALOG_NAMES)} found in this folder"))
    return problems


# (folder, repository root, its listing or None when walked, catalog files found so far)
_Part = tuple[str, str, Any, int]


def _search(folder: str, root: str | None, sources: Sources,
            load: Callable[[list[str]], None]) -> list[_Part]:
    """Load the tracked catalog files of ``folder`` (in the repository at ``root``) and of
    the submodules under it; return the parts whose untracked files are still to come."""
    listing = sources.listing(root) if root is not None else "not in a repository"
    tracked = None if isinstance(listing, str) else _git_part(listing.tracked)
    if root is None or tracked is None:  # no repository, or git cannot list it: walk
        found = _walked(folder)
        load(found)
        return [(folder, root or folder, None, len(found))]
    found = _listed(root, folder, tracked)
    load(found)
    parts: list[_Part] = [(folder, root, listing, len(found))]
    rel = _prefix(root, folder)
    for link in _git_part(listing.gitlinks) or ():  # type: ignore[union-attr]
        if not link.startswith(rel):
            continue
        inner = os.path.join(root, link.replace("/", os.sep))
        if sources.repo_root(inner) == inner:  # an initialised submodule: its own listing
            parts += _search(inner, inner, sources, load)
    return parts


def _prefix(root: str, folder: str) -> str:
    """The repository-relative prefix of the paths under ``folder`` ("" at the root)."""
    return "" if folder == root else os.path.relpath(folder, root).replace(os.sep, "/") + "/"


def _git_part(part: Callable[[], Any]) -> Any:
    """One part of a listing, or None when git failed (the caller then walks the folder)."""
    try:
        return part()
    except Exception:  # noqa: BLE001 - any git failure: fall back, never crash
        return None


def _walked(folder: str) -> list[str]:
    """Catalog files under a folder that is in no repository (symlinked folders skipped)."""
    found = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != ".git"
                         and not os.path.islink(os.path.join(current, d)))
        found += [os.path.join(current, n) for n in sorted(names) if n in CATALOG_NAMES]
    return found


def _listed(root: str, folder: str, files: Iterable[str]) -> list[str]:
    """Catalog files present on disk among a repository's listed files, under ``folder``."""
    rel = _prefix(root, folder)
    found = []
    for path in files:  # endswith first: it rules out nearly every path, in C
        if path.endswith(CATALOG_NAMES) and path.startswith(rel) \
                and path.rpartition("/")[2] in CATALOG_NAMES:
            full = os.path.join(root, path)
            if os.path.isfile(full):
                found.append(full)
    return sorted(found)


def discover_tree(paths: list[str], cwd: str, tree: TreeFiles,
                  load: Callable[[list[str]], None]) -> list[Diagnostic]:
    """``discover`` in one commit's tree: files as given, folders searched for catalog
    files as they are at that commit (submodules, whose files are not in the tree, are not
    searched)."""
    problems: list[Diagnostic] = []
    for given in paths or ["."]:
        path = os.path.abspath(os.path.join(cwd, given))
        shown = display_path(path, cwd)
        if tree.is_file(path) or tree.is_link(path):  # a link: refused when it is read
            load([path])
        elif not tree.is_dir(path):
            problems.append(Diagnostic(shown, 1, 1, f"no such file or folder at {tree.ref}"))
        else:
            found = tree.files_under(path, CATALOG_NAMES)
            load(found)
            if not found:
                problems.append(Diagnostic(shown, 1, 1, f"no {' or '.join(CATALOG_NAMES)} "
                                           f"found in this folder at {tree.ref}"))
    return problems
