"""The commit a repository's ``HEAD`` names, read from its files (no git process).

Reports name the commit their sources were read at; asking git for it would cost a
process (and GitPython's import) on runs that otherwise need neither. Only what
``HEAD`` needs is read: ``HEAD``, the loose ref it points at, ``packed-refs``; a
worktree's or submodule's ``.git`` file and ``commondir`` are followed. Anything
unexpected gives None, never an exception; nothing but a full hexadecimal object id
is ever returned.
"""

from __future__ import annotations

import os
import re

_OBJECT_ID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_MAX_READ = 1 << 20  # packed-refs of a big repository; HEAD and refs are tiny


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(_MAX_READ)
    except (OSError, ValueError):
        return None


def _git_dir(root: str) -> str | None:
    dot_git = os.path.join(root, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    if not os.path.lexists(dot_git) and os.path.isdir(os.path.join(root, "objects")):
        return root  # a bare repository given as --repo
    text = _read(dot_git)
    if text is None or not text.startswith("gitdir:"):
        return None
    return os.path.normpath(os.path.join(root, text[len("gitdir:"):].strip()))


def _resolve(ref: str, git_dirs: list[str]) -> str | None:
    if not ref.startswith("refs/") or ".." in ref.split("/"):
        return None
    for base in git_dirs:
        loose = _read(os.path.join(base, *ref.split("/")))
        if loose is not None and _OBJECT_ID.match(loose.strip()):
            return loose.strip()
    for base in git_dirs:
        for line in (_read(os.path.join(base, "packed-refs")) or "").splitlines():
            sha, _, name = line.partition(" ")
            if name == ref and _OBJECT_ID.match(sha):
                return sha
    return None


def head_commit(root: str) -> str | None:
    """The object id ``HEAD`` names in the work tree at ``root``; None when it names
    nothing (no commits yet) or cannot be read."""
    git_dir = _git_dir(root)
    head = _read(os.path.join(git_dir, "HEAD")) if git_dir else None
    if git_dir is None or head is None:
        return None
    head = head.strip()
    if _OBJECT_ID.match(head):
        return head  # detached
    if not head.startswith("ref:"):
        return None
    dirs = [git_dir]
    common = _read(os.path.join(git_dir, "commondir"))
    if common is not None and common.strip():
        dirs.append(os.path.normpath(os.path.join(git_dir, common.strip())))
    return _resolve(head[len("ref:"):].strip(), dirs)
