"""Find catalog files: files as given; folders searched for ``catalog-info.yaml``/``.yml``.

Inside a git work tree one ``git ls-files`` lists the candidates (tracked and
present, or untracked and not ignored); elsewhere the folder is walked, skipping
``.git`` and never following symlinked folders.
"""

from __future__ import annotations

import os

from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.core.places import display_path
from scorecard_cli.core.sources import Sources

CATALOG_NAMES = ("catalog-info.yaml", "catalog-info.yml")


def discover(paths: list[str], cwd: str, sources: Sources) -> tuple[list[str], list[Diagnostic]]:
    """Absolute catalog file paths for the given paths (the current folder when none).

    Inside a repository the working-tree listing of ``sources`` is used, so the same
    listing serves discovery and the file rules.
    """
    files: list[str] = []
    problems: list[Diagnostic] = []
    for given in paths or ["."]:
        path = os.path.abspath(os.path.join(cwd, given))
        if os.path.isfile(path):
            files.append(path)
        elif os.path.isdir(path):
            found = _in_folder(path, sources)
            if not found:
                problems.append(Diagnostic(display_path(path, cwd), 1, 1,
                                           f"no {' or '.join(CATALOG_NAMES)} found in this folder"))
            files.extend(found)
        else:
            problems.append(Diagnostic(display_path(path, cwd), 1, 1, "no such file or folder"))
    return files, problems


def _in_folder(folder: str, sources: Sources) -> list[str]:
    root = sources.repo_root(folder)
    if root is not None:
        tree = sources.working_tree(root)
        if not isinstance(tree, str):
            return _listed(root, folder, tree.files)
    found = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != ".git"
                         and not os.path.islink(os.path.join(current, d)))
        found += [os.path.join(current, n) for n in sorted(names) if n in CATALOG_NAMES]
    return found


def _listed(root: str, folder: str, files: set[str]) -> list[str]:
    """Catalog files among a repository's listed files, under ``folder``."""
    rel = "" if folder == root else os.path.relpath(folder, root).replace(os.sep, "/") + "/"
    found = []
    for path in files:
        if path.startswith(rel) and path.rpartition("/")[2] in CATALOG_NAMES:
            full = os.path.join(root, path)
            if os.path.isfile(full):
                found.append(full)
    return sorted(found)
