"""Display paths: relative to the current folder when under it, with ``/`` separators."""

from __future__ import annotations

import os


def display_path(path: str, cwd: str) -> str:
    """``path`` relative to ``cwd`` when under it, else absolute; ``/`` separators."""
    prefix = cwd.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and os.sep + "." not in path[len(prefix) - 1:]:
        return path[len(prefix):].replace(os.sep, "/")  # the common case, without syscalls
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        rel = absolute
    shown = absolute if rel == ".." or rel.startswith(".." + os.sep) else rel
    return shown.replace(os.sep, "/")


def within(path: str, folder: str) -> bool:
    """True when ``path`` is ``folder`` or lies under it (both already resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
