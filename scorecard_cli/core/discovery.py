"""Find catalog files: files as given; folders searched for ``catalog-info.yaml``/``.yml``.

Inside a git work tree one ``git ls-files`` lists the candidates (tracked and
present, or untracked and not ignored); elsewhere the folder is walked, skipping
``.git`` and never following symlinked folders.
"""

from __future__ import annotations

import os

from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.core.places import display_path
from scorecard_cli.core.repos import find_repo_root

CATALOG_NAMES = ("catalog-info.yaml", "catalog-info.yml")


def discover(paths: list[str], cwd: str, roots: dict[str, str | None] | None = None
             ) -> tuple[list[str], list[Diagnostic]]:
    """Absolute catalog file paths for the given paths (the current folder when none)."""
    roots = {} if roots is None else roots
    files: list[str] = []
    problems: list[Diagnostic] = []
    for given in paths or ["."]:
        path = os.path.abspath(os.path.join(cwd, given))
        if os.path.isfile(path):
            files.append(path)
        elif os.path.isdir(path):
            found = _in_folder(path, roots)
            if not found:
                problems.append(Diagnostic(display_path(path, cwd), 1, 1,
                                           f"no {' or '.join(CATALOG_NAMES)} found in this folder"))
            files.extend(found)
        else:
            problems.append(Diagnostic(display_path(path, cwd), 1, 1, "no such file or folder"))
    return files, problems


def _in_folder(folder: str, roots: dict[str, str | None]) -> list[str]:
    if find_repo_root(folder, roots) is not None:
        listed = _git_listed(folder)
        if listed is not None:
            return listed
    found = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != ".git"
                         and not os.path.islink(os.path.join(current, d)))
        found += [os.path.join(current, n) for n in sorted(names) if n in CATALOG_NAMES]
    return found


def _git_listed(folder: str) -> list[str] | None:
    """Catalog files git knows under ``folder`` (None when git cannot list them)."""
    import git

    try:
        out = git.Git(folder).ls_files("-z", "-c", "-o", "--exclude-standard")
    except git.GitCommandError:
        return None
    found = []
    for rel in sorted(set(out.split("\0"))):
        if rel.rsplit("/", 1)[-1] in CATALOG_NAMES:
            full = os.path.join(folder, rel)
            if os.path.isfile(full):
                found.append(full)
    return found
