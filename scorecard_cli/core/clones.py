"""``--repo URL``: the cache of partial clones, each entry made by scorecard only, and
the blobs of a clone fetched when a rule needs them.

An entry is ``<cache>/<sha256(url)[:32]>.git``, a mirror without blobs, holding a marker
file that names its URL's hash. Git runs in an entry only when the marker is there and
right; it fetches the URL given on the command line (never a URL or program named in the
entry's own configuration), with hooks off and a timeout. A fetch that fails keeps the
entry, which is then used with a notice; ``offline`` uses it without fetching.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from typing import Any

from scorecard_cli.core.errors import ScmError, UsageError
from scorecard_cli.core.gitcmd import GitFailed, mask, network_timeout, run_network
from scorecard_cli.core.places import within

MARKER = "scorecard-cache-entry"
CACHE_ENV = "SCORECARD_CACHE_DIR"


@dataclass(frozen=True)
class Clone:
    """A usable cache entry, and a notice when it could not be brought up to date."""

    path: str
    notice: str | None = None


def default_cache_dir() -> str:
    """``$XDG_CACHE_HOME/scorecard``, else ``~/.cache/scorecard``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "scorecard")


def cache_dir(configured: str | None = None) -> str:
    """``$SCORECARD_CACHE_DIR``, else the configured folder, else the default one."""
    return os.environ.get(CACHE_ENV) or configured or default_cache_dir()


def refuse_inside(folder: str, checkouts: list[str]) -> None:
    """UsageError when the cache folder lies inside a repository being checked: a pull
    request could commit a cache entry there."""
    real = os.path.realpath(folder)
    for root in checkouts:
        if within(real, os.path.realpath(root)):
            raise UsageError(f"the cache folder {folder} lies inside the repository being "
                             f"checked ({root}); set ${CACHE_ENV} to a folder outside it")


def entry_path(base: str, url: str) -> str:
    """Where the clone of ``url`` lives in the cache folder ``base``."""
    return os.path.join(base, hashlib.sha256(url.encode()).hexdigest()[:32] + ".git")


def _marker_text(url: str) -> str:
    return f"scorecard cache entry\nurl-sha256 {hashlib.sha256(url.encode()).hexdigest()}\n"


def is_entry(path: str, url: str) -> bool:
    """True when ``path`` is a folder scorecard cloned ``url`` into: a real folder (not a
    symlink) holding a repository and a marker (a regular file) naming the URL's hash."""
    marker = os.path.join(path, MARKER)
    if os.path.islink(path) or not os.path.isdir(path) or os.path.islink(marker):
        return False
    if not (os.path.isfile(os.path.join(path, "HEAD"))
            and os.path.isdir(os.path.join(path, "objects"))):
        return False
    try:
        with open(marker, encoding="utf-8") as fh:
            return fh.read(4096) == _marker_text(url)
    except (OSError, UnicodeDecodeError):
        return False


def transport_options(url: str) -> list[str]:
    """Only the transport the user asked for is allowed (``file://`` included), none
    that a redirect or the remote could bring in."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else "ssh"
    return ["-c", "protocol.allow=never", "-c", f"protocol.{scheme}.allow=always"]


def reason(exc: GitFailed, url: str = "") -> str:
    """One line saying why git failed: its first ``fatal:`` line, else its first
    ``error:`` line, else its first line; credentials masked."""
    lines = [line.strip() for line in exc.stderr.splitlines() if line.strip()]
    found = next((line.removeprefix(prefix).strip() for prefix in ("fatal:", "error:")
                  for line in lines if line.startswith(prefix)), None)
    text = found or (lines[0] if lines else "git failed")
    first = text.split(" ", 1)[0]
    return mask(text[0].lower() + text[1:] if first[1:].islower() else text, url)


def clone_or_fetch(url: str, base: str, offline: bool = False) -> Clone:
    """The cache entry of ``url`` in ``base``: fetched (or cloned when there is none
    scorecard made); with ``offline``, the entry as it is."""
    shown = mask(url)
    target = entry_path(base, url)
    env = {"GIT_PROTOCOL_FROM_USER": "0"}
    timeout = network_timeout()
    if is_entry(target, url):
        if offline:
            return Clone(target)
        try:
            run_network([f"--git-dir={target}", *transport_options(url), "fetch", "--prune",
                         "--quiet", "--filter=blob:none", "--", url, "+refs/*:refs/*"],
                        env, timeout)
        except GitFailed as exc:
            when = time.strftime("%Y-%m-%d %H:%M UTC",
                                 time.gmtime(os.path.getmtime(os.path.join(target, MARKER))))
            return Clone(target, f"cannot fetch {shown}: {reason(exc, url)}; using the cached "
                         f"clone last fetched {when}")
        os.utime(os.path.join(target, MARKER))
        return Clone(target)
    if offline:
        raise ScmError(f"--offline: no cached clone of {shown} in {base} (run once without "
                       "--offline)", shown)
    _clone(url, base, target, env, timeout)
    return Clone(target)


def _clone(url: str, base: str, target: str, env: dict[str, str], timeout: float) -> None:
    shown = mask(url)
    try:
        _remove(target)  # not an entry scorecard made (a leftover, a planted folder)
        os.makedirs(base, exist_ok=True)
    except OSError as exc:
        raise ScmError(f"cannot use the cache entry {target} for {shown}: "
                       f"{exc.strerror or exc}", shown) from None
    partial = f"{target}.tmp-{os.getpid()}"
    _remove(partial)
    try:
        run_network([*transport_options(url), "clone", "--mirror", "--filter=blob:none",
                     "--quiet", "--", url, partial], env, timeout)
        with open(os.path.join(partial, MARKER), "w", encoding="utf-8") as fh:
            fh.write(_marker_text(url))
    except GitFailed as exc:
        _remove(partial)
        raise ScmError(f"cannot clone {shown}: {reason(exc, url)}", shown) from None
    except BaseException:
        _remove(partial)
        raise
    try:
        os.replace(partial, target)
    except OSError as exc:
        _remove(partial)
        if is_entry(target, url):  # another run stored its clone first: use it
            return
        raise ScmError(f"cannot store the clone of {shown} in {target}: "
                       f"{exc.strerror or exc}", shown) from None


def _remove(path: str) -> None:
    """Remove whatever is at ``path`` (folder, file, symlink: the link, not its target)."""
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
        os.remove(path)
    elif os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)
        if os.path.lexists(path):
            raise OSError(f"cannot remove {path}")


class BlobFetcher:
    """File contents of a partial clone, fetched by scorecard before it reads them: from
    the URL given, within the timeout, never with ``offline``. Left to itself, git would
    fetch a missing blob lazily from the entry's own remote, with no timeout, even
    offline; reading only blobs known to be present prevents that."""

    def __init__(self, path: str, url: str, offline: bool):
        self.path, self.url, self.offline = path, url, offline
        self._missing: dict[str, set[str]] = {}  # commit -> blobs of its tree not here
        self._failed: dict[str, str] = {}  # blob -> why its contents cannot be read

    def _list_missing(self, repo: Any, commit: str) -> set[str]:
        """Objects of the commit's tree that are not in the clone (``--missing=print``
        never fetches them)."""
        out = repo.git.rev_list("--objects", "--missing=print", "--no-walk", commit)
        return {line[1:].strip() for line in out.splitlines() if line.startswith("?")}

    def ensure(self, repo: Any, commit: str, shas: set[str]) -> None:
        """Fetch the blobs among ``shas`` that the clone lacks, in one fetch."""
        if commit not in self._missing:
            self._missing[commit] = self._list_missing(repo, commit)
        wanted = sorted((shas & self._missing[commit]) - self._failed.keys())
        if not wanted:
            return
        why = None
        if self.offline:
            why = "its contents are not in the cached clone (--offline)"
        else:
            try:
                run_network([f"--git-dir={self.path}", *transport_options(self.url), "fetch",
                             "--no-tags", "--no-write-fetch-head", "--recurse-submodules=no",
                             "--filter=blob:none", "--stdin", "--", self.url],
                            {"GIT_PROTOCOL_FROM_USER": "0"}, network_timeout(),
                            "".join(f"{sha}\n" for sha in wanted).encode())
            except GitFailed as exc:
                why = f"cannot fetch its contents from {mask(self.url)}: {reason(exc, self.url)}"
            self._missing[commit] = self._list_missing(repo, commit)
        for sha in wanted:
            if sha in self._missing[commit]:
                self._failed[sha] = why or f"{mask(self.url)} did not send its contents"

    def why_not(self, sha: str) -> str | None:
        """Why the blob cannot be read (after ``ensure``), or None."""
        return self._failed.get(sha)
