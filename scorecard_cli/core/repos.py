"""Which git repository holds a file, and ``--repo`` values: paths and URLs.

Repository discovery is a walk up the file system (no git process); URL clones live in
``clones``. GitPython is imported only here and in ``snapshot`` when a repository is used.
"""

from __future__ import annotations

import os
import re
from typing import Any

from scorecard_cli.core.errors import ScmError, UsageError
from scorecard_cli.core.gitcmd import harden, mask

_URL = re.compile(r"^(?:(https|ssh|git|file)://.+|[\w.+-]+@[\w.-]+:.+)$")
_SCHEME = re.compile(r"^([A-Za-z][\w+.-]*)://")
_HELPER = re.compile(r"^[A-Za-z][\w+.-]*::")


def find_repo_root(folder: str, cache: dict[str, str | None]) -> str | None:
    """The nearest folder at or above ``folder`` holding ``.git`` (a submodule's file too)."""
    seen = []
    current = folder
    while True:
        if current in cache:
            root = cache[current]
            break
        seen.append(current)
        if os.path.lexists(os.path.join(current, ".git")):
            root = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            root = None
            break
        current = parent
    for path in seen:
        cache[path] = root
    return root


def is_url(value: str) -> bool:
    """True when ``--repo`` names a URL rather than a path (SPEC §6)."""
    return bool(_URL.match(value) or _SCHEME.match(value) or _HELPER.match(value))


def check_url(value: str) -> None:
    """Refuse helper transports, option-like values and schemes other than the four."""
    shown = mask(value)
    if value.startswith("-"):
        raise UsageError(f"--repo {shown!r}: a repository may not start with '-'")
    if _HELPER.match(value):
        raise UsageError(f"--repo {shown!r}: git helper transports ('<helper>::') are refused")
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in ("https", "ssh", "git", "file"):
        raise UsageError(
            f"--repo {shown!r}: unsupported URL scheme {scheme.group(1)!r} "
            "(use https, ssh, git or file)"
        )


def trusted_config(root: str) -> bool:
    """True for a work tree whose ``.git`` folder sits at its root: a pull request can
    never write there, so its configuration (a partial clone's remote, for lazy fetches)
    is the checkout's own. A bare repository, a ``.git`` file, or a repository inside
    another work tree (content a pull request could have committed) is not trusted."""
    if not os.path.isdir(os.path.join(root, ".git")) or os.path.islink(os.path.join(root, ".git")):
        return False
    parent = os.path.dirname(root)
    return parent == root or find_repo_root(parent, {}) is None


def open_repo(root: str) -> Any:
    """A GitPython Repo for a folder (imported lazily), every call of it hardened."""
    import git

    try:
        return harden(git.Repo(root), transports=trusted_config(root))
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise ScmError(f"not a git repository: {exc}", root) from None


def git_reason(exc: Exception) -> str:
    """One line saying why a git command failed: its first ``fatal:`` line, else its first
    ``error:`` line, else its first line of output (GitPython's quoting removed)."""
    text = getattr(exc, "stderr", None) or ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = text.strip()
    if text.startswith("stderr: '") and text.endswith("'"):  # GitPython's quoting
        text = text[len("stderr: '"):-1]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    reason = next((line.removeprefix(prefix).strip() for prefix in ("fatal:", "error:")
                   for line in lines if line.startswith(prefix)), None)
    reason = reason or (lines[0] if lines else str(exc).strip() or type(exc).__name__)
    reason = reason.splitlines()[0]
    first = reason.split(" ", 1)[0]
    return mask(reason[0].lower() + reason[1:] if first[1:].islower() else reason)
