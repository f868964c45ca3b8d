"""Which git repository holds a file, and ``--repo`` values: paths and URLs.

Repository discovery is a walk up the file system (no git process). URLs are
cloned once into a cache folder (blobs fetched on demand) and fetched on every run.
GitPython is imported only here and in ``snapshot`` when a repository is used.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

from scorecard_cli.core.errors import ScmError, UsageError

_URL = re.compile(r"^(?:(https|ssh|git|file)://.+|[\w.+-]+@[\w.-]+:.+)$")
_SCHEME = re.compile(r"^([A-Za-z][\w+.-]*)://")
_HELPER = re.compile(r"^[A-Za-z][\w+.-]*::")
_GIT_SAFE_ENV = {"GIT_PROTOCOL_FROM_USER": "0", "GIT_TERMINAL_PROMPT": "0"}


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
    if value.startswith("-"):
        raise UsageError(f"--repo {value!r}: a repository may not start with '-'")
    if _HELPER.match(value):
        raise UsageError(f"--repo {value!r}: git helper transports ('<helper>::') are refused")
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in ("https", "ssh", "git", "file"):
        raise UsageError(
            f"--repo {value!r}: unsupported URL scheme {scheme.group(1)!r} "
            "(use https, ssh, git or file)"
        )


def cache_dir(configured: str | None = None) -> str:
    """``$SCORECARD_CACHE_DIR``, else the configured folder, else ``$XDG_CACHE_HOME/scorecard``,
    else ``~/.cache/scorecard``."""
    if os.environ.get("SCORECARD_CACHE_DIR"):
        return os.environ["SCORECARD_CACHE_DIR"]
    if configured:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "scorecard")


def open_repo(root: str) -> Any:
    """A GitPython Repo for a folder (imported lazily)."""
    import git

    try:
        return git.Repo(root)
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
    return reason[0].lower() + reason[1:] if first[1:].islower() else reason


def _looks_like_repo(path: str) -> bool:
    """True when ``path`` is a folder holding ``HEAD`` and ``objects/`` (a bare repository)."""
    return (os.path.isdir(path) and not os.path.islink(path)
            and os.path.isfile(os.path.join(path, "HEAD"))
            and os.path.isdir(os.path.join(path, "objects")))


def _remove(path: str) -> None:
    """Remove a cache entry whatever it is (folder, file, symlink); OSError when it stays."""
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
        os.remove(path)
    elif os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)
        if os.path.lexists(path):
            raise OSError(f"cannot remove {path}")


def clone_or_fetch(url: str, configured_cache: str | None = None) -> str:
    """Mirror ``url`` into the cache (partial clone, no blobs) or fetch it; return the path.

    Git always runs with an explicit ``--git-dir`` on a cache entry: an entry that is not a
    repository (a file, an empty folder) is cloned again, never searched for upwards, so a
    cache that sits inside another repository never touches that repository.
    """
    import hashlib

    import git

    check_url(url)
    base = cache_dir(configured_cache)
    target = os.path.join(base, hashlib.sha256(url.encode()).hexdigest()[:32] + ".git")
    env = dict(_GIT_SAFE_ENV)
    safe = ["-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never"]
    if _looks_like_repo(target):
        try:
            git.Git(target).execute(
                ["git", f"--git-dir={target}", *safe, "fetch", "--prune", "--quiet"], env=env)
            return target
        except git.GitCommandError:
            pass  # a broken or interrupted cache entry: clone again
    try:
        _remove(target)
        os.makedirs(base, exist_ok=True)
    except OSError as exc:
        raise ScmError(f"cannot use the cache entry {target} for {url}: "
                       f"{exc.strerror or exc}", url) from None
    partial = f"{target}.tmp-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        git.Git(base).execute(
            ["git", *safe, "clone", "--mirror", "--filter=blob:none", "--quiet", "--", url,
             partial],
            env=env,
        )
    except git.GitCommandError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise ScmError(f"cannot clone {url}: {git_reason(exc)}", url) from None
    try:
        os.replace(partial, target)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if _looks_like_repo(target):  # another run stored its clone first: use it
            return target
        raise ScmError(f"cannot store the clone of {url} in {target}: "
                       f"{exc.strerror or exc}", url) from None
    return target
