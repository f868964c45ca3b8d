"""Reads stay inside the repository: every path from input is resolved by its real path
(symlinks followed, ``..`` applied) and must lie inside the repository holding it.

``boundary`` says which folder a path must stay in; ``resolve_inside`` returns the real
path or raises one located error (the caller's error class, place and wording), never
showing where a symlink leads.
"""

from __future__ import annotations

import os

from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.places import within
from scorecard_cli.core.repos import find_repo_root


def boundary(path: str, cwd: str, roots: dict[str, str | None] | None = None) -> str:
    """The folder ``path`` (absolute) must stay in: the git work tree holding it, else
    the current folder when the path is under it, else the path's own folder."""
    folder = os.path.dirname(path)
    root = find_repo_root(folder, {} if roots is None else roots)
    if root is not None:
        return root
    return cwd if within(os.path.abspath(path), os.path.abspath(cwd)) else folder


def resolve_inside(root: str, path: str, error: type[ScorecardError] = ScorecardError,
                   file: str = "<input>", line: int = 1, column: int = 1,
                   what: str | None = None) -> str:
    """The real path of ``path`` (absolute, or relative to ``root``) when it lies inside
    the real path of ``root``; otherwise raise ``error`` at ``file:line:column``.

    ``what`` names the path in the message (default: the path as given). A path that
    does not exist is returned as resolved: reading it then fails on its own.
    """
    shown = what if what is not None else repr(path)
    if "\0" in path:  # the OS refuses it in every call (ValueError: embedded null byte)
        raise error(f"{shown}: a NUL character is not allowed in a path; not read",
                    file, line, column)
    full = os.path.normpath(os.path.join(root, path))
    real = os.path.realpath(full)
    if within(real, os.path.realpath(root)):
        return real
    if within(full, os.path.normpath(root)):  # lexically inside: a symlink leads out
        message = f"{shown} is a symlink (or under one) that points outside the repository"
    else:
        message = f"{shown} lies outside the repository"
    raise error(f"{message}; not read", file, line, column)


def check_inside(path: str, cwd: str, error: type[ScorecardError], display: str,
                 roots: dict[str, str | None] | None = None,
                 reals: dict[str, str] | None = None) -> str:
    """``resolve_inside`` for a file about to be read: its boundary is the repository
    holding it (see ``boundary``); the error is at ``display:1:1``.

    ``reals`` keeps the real path of each folder met, for a run that reads many files
    (the real path of a folder's file is then one ``lstat`` of the file, not one per
    folder above it)."""
    root = boundary(path, cwd, roots)
    if reals is None:
        return resolve_inside(root, path, error, display, what="this file")
    full = os.path.normpath(os.path.join(root, path))
    real = _real(full, reals)
    if within(real, _real(root, reals, folder=True)):
        return real
    return resolve_inside(root, path, error, display, what="this file")  # raises


def _real(path: str, reals: dict[str, str], folder: bool = False) -> str:
    """``os.path.realpath`` of a normalised absolute path, the real paths of folders
    remembered in ``reals``."""
    if folder and path in reals:
        return reals[path]
    parent, name = os.path.split(path)
    if not name or name in (".", "..") or parent == path:
        real = os.path.realpath(path)
    else:
        full = os.path.join(_real(parent, reals, folder=True), name)
        real = os.path.realpath(full) if os.path.islink(full) else full
    if folder:
        reals[path] = real
    return real
