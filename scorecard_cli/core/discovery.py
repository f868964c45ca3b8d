"""Find catalog files: files as given; folders searched for ``catalog-info.yaml``/``.yml``.

Inside a git work tree one ``git ls-files`` lists the candidates (tracked and
present, or untracked and not ignored); elsewhere the folder is walked, skipping
``.git`` and never following symlinked folders.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from scorecard_cli.core.errors import Diagnostic
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
    pending = []
    for given in paths or ["."]:
        path = os.path.abspath(os.path.join(cwd, given))
        if os.path.isfile(path):
            load([path])
        elif not os.path.isdir(path):
            problems.append(Diagnostic(display_path(path, cwd), 1, 1, "no such file or folder"))
        else:
            root = sources.repo_root(path)
            listing = sources.listing(root) if root is not None else "not in a repository"
            tracked = None if isinstance(listing, str) else _git_part(listing.tracked)
            if tracked is None:  # no repository, or git cannot list it: walk the folder
                found = _walked(path)
                load(found)
                pending.append((path, None, None, len(found)))
            else:
                found = _listed(root, path, tracked)  # type: ignore[arg-type]
                load(found)
                pending.append((path, root, listing, len(found)))
    for path, root, listing, count in pending:
        if listing is not None:
            found = _listed(root, path, _git_part(listing.untracked) or ())
            load(found)
            count += len(found)
        if not count:
            problems.append(Diagnostic(display_path(path, cwd), 1, 1,
                                       f"no {' or '.join(CATALOG_NAMES)} found in this folder"))
    return problems


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
    rel = "" if folder == root else os.path.relpath(folder, root).replace(os.sep, "/") + "/"
    found = []
    for path in files:
        if path.startswith(rel) and path.rpartition("/")[2] in CATALOG_NAMES:
            full = os.path.join(root, path)
            if os.path.isfile(full):
                found.append(full)
    return sorted(found)
