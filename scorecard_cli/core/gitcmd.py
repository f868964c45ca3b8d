"""How scorecard runs git: hardened options for every call, network calls with a timeout,
and URLs shown with their credentials masked.

Everything in a checkout is written by whoever opened the pull request, and a
repository's own configuration can name programs (hooks, ``core.fsmonitor``). Every git
process scorecard starts therefore gets ``SAFE_OPTIONS`` (no hooks, no fsmonitor, no
untracked cache, no transport unless a network call allows its own) and ``SAFE_ENV`` (pathspecs taken literally, never a prompt).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from typing import Any

SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.untrackedCache=false",
)
# No transport at all (a network call allows the one it needs): reading a repository whose
# configuration is not trusted must not fetch a missing object lazily from a remote it
# names, whose 'uploadpack' or URL could be a program.
NO_TRANSPORT = "protocol.allow=never"
SAFE_OPTIONS = tuple(arg for item in SAFE_CONFIG for arg in ("-c", item))
SAFE_ENV = {
    "GIT_LITERAL_PATHSPECS": "1",  # a path is a path: no glob or ':(magic)' from input
    "GIT_TERMINAL_PROMPT": "0",  # a run in CI must never wait for a password
    "GIT_OPTIONAL_LOCKS": "0",  # reading never rewrites the index
}
DEFAULT_TIMEOUT = 300.0
TIMEOUT_ENV = "SCORECARD_NETWORK_TIMEOUT"
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][\w+.-]*://)(?P<userinfo>[^/@\s]*)@")


class GitFailed(Exception):
    """A git command failed (``stderr`` holds its output) or did not finish in time."""

    def __init__(self, stderr: str, timed_out: bool = False):
        super().__init__(stderr)
        self.stderr = stderr
        self.timed_out = timed_out


def mask(text: str, url: str | None = None) -> str:
    """``text`` with the user and password of every URL in it replaced by ``***``, and
    wherever else the user and password of ``url`` appear (git often drops the scheme)."""
    masked = _USERINFO.sub(lambda m: f"{m.group('scheme')}***@", text)
    found = _USERINFO.search(url or "")
    secret = found.group("userinfo") if found else ""
    # The whole user:password, then the password alone; short values ('git' in
    # ssh://git@host) are names, not secrets, and would mangle the message.
    for value in (secret, secret.partition(":")[2]):
        if len(value) >= 8:
            masked = masked.replace(value, "***")
    return masked


def harden(repo: Any, transports: bool = False) -> Any:
    """Make every later call of this GitPython Repo run with the safe options and
    environment (the persistent ``cat-file`` processes included); return the Repo.

    Without ``transports``, git may not fetch anything (not even a missing object of a
    partial clone, lazily); with it, git's own defaults apply (``ext::`` never).
    """
    repo.git.set_persistent_git_options(
        c=[*SAFE_CONFIG, *([] if transports else [NO_TRANSPORT])])
    repo.git.update_environment(**SAFE_ENV)
    return repo


def network_timeout() -> float:
    """Seconds a clone or fetch may take: ``$SCORECARD_NETWORK_TIMEOUT`` (default 300)."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        value = DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def run_network(args: list[str], extra_env: dict[str, str], timeout: float,
                stdin: bytes | None = None) -> None:
    """Run ``git <SAFE_OPTIONS> <args>`` in its own process group (``stdin`` as its
    input); GitFailed when it fails or outlives ``timeout`` (the whole group, ssh
    included, is then killed, as on Ctrl-C or SIGTERM)."""
    env = {**os.environ, **SAFE_ENV, **extra_env}
    process = subprocess.Popen(["git", *SAFE_OPTIONS, *args],
                               stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               start_new_session=True)
    try:
        _, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise GitFailed(f"timed out after {timeout:g} s (${TIMEOUT_ENV})", True) from None
    except BaseException:  # Ctrl-C, SIGTERM: no git left behind
        _kill(process)
        raise
    if process.returncode:
        raise GitFailed(err.decode("utf-8", "replace"))


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.communicate()
