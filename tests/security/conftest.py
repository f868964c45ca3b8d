"""Fixtures for the attack tests: a real ``git daemon`` on 127.0.0.1, a server that never
answers, and programs that would leave a marker file if anything ever ran them."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import GIT_ENV
from tests.robustness.conftest import Run, cli, cli_process  # noqa: F401 - shared fixtures

COMPONENT = ("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: svc}\n"
             "spec: {owner: team-a}\n")
README_SCORECARD = ("id: sc\nrules:\n  - {id: readme, level: Bronze, type: scm.file.exists, "
                    "params: {path: README.md}}\n")


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def marker_program(path: Path, marker: Path) -> Path:
    """An executable shell script at ``path`` that creates ``marker`` when run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 0\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def plant_hooks(git_dir: Path, marker: Path) -> None:
    """Every hook a fetch, a checkout or a commit could run, each creating ``marker``."""
    for name in ("reference-transaction", "post-checkout", "post-merge", "pre-auto-gc",
                 "post-rewrite", "post-index-change", "fsmonitor-watchman"):
        marker_program(git_dir / "hooks" / name, marker)


@dataclass
class Daemon:
    """A running ``git daemon`` serving every repository under ``base``."""

    base: Path
    port: int
    process: subprocess.Popen

    def url(self, name: str) -> str:
        """The git:// URL of the repository ``base/name``."""
        return f"git://127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop serving (the remote becomes unreachable)."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


def _daemon_available() -> bool:
    if shutil.which("git") is None:
        return False
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True,
                               check=False).stdout.strip()
    return os.access(os.path.join(exec_path, "git-daemon"), os.X_OK)


def _start_daemon(base: Path) -> Daemon | None:
    """Start ``git daemon`` on a free port; None when it exits (the port was taken)."""
    port = free_port()
    process = subprocess.Popen(
        ["git", "daemon", "--reuseaddr", "--export-all", "--informative-errors",
         f"--base-path={base}", "--listen=127.0.0.1", f"--port={port}", str(base)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, **GIT_ENV})
    deadline = time.monotonic() + 120  # a guard under load, not a timing assertion
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return Daemon(base, port, process)
        except OSError:
            time.sleep(0.05)
    process.kill()
    process.wait()
    return None


@pytest.fixture
def git_daemon(tmp_path: Path) -> Iterator[Daemon]:
    """A real ``git daemon`` on 127.0.0.1 and a free port; skipped when git has none."""
    if not _daemon_available():
        pytest.skip("git-daemon is not installed (git's exec-path has no git-daemon)")
    base = tmp_path / "served"
    base.mkdir()
    for _ in range(5):  # another process may take the free port first: try another
        daemon = _start_daemon(base)
        if daemon is not None:
            break
    else:
        pytest.fail("git daemon did not start on any of 5 free ports")
    try:
        yield daemon
    finally:
        daemon.stop()


@dataclass
class Silent:
    """A TCP server that accepts connections and never answers."""

    port: int
    connected: threading.Event


@contextmanager
def silent_on(port: int = 0) -> Iterator[Silent]:
    """A server on 127.0.0.1 (at ``port``, or a free one) that accepts and then says
    nothing, forever."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(8)
    connected = threading.Event()
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            held.append(conn)
            connected.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield Silent(server.getsockname()[1], connected)
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


@pytest.fixture
def silent_server() -> Iterator[Silent]:
    """A server on 127.0.0.1 that accepts and then says nothing, forever."""
    with silent_on() as silent:
        yield silent


@pytest.fixture
def served_repo(git_daemon: Daemon, make_repo: Callable) -> tuple[Daemon, str]:
    """A repository with a README served by the daemon; (daemon, its URL)."""
    source = make_repo({"README.md": "hello\n", "svc/README.md": "x\n"}, name="src")
    from tests.conftest import git

    git(git_daemon.base, "clone", "-q", "--bare", str(source), "remote.git")
    for key in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):  # as GitHub
        git(git_daemon.base / "remote.git", "config", key, "true")
    return git_daemon, git_daemon.url("remote.git")


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No global git configuration, no GIT_ALLOW_PROTOCOL, a fresh cache; the cache."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_ALLOW_PROTOCOL", raising=False)
    monkeypatch.delenv("SCORECARD_NETWORK_TIMEOUT", raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(cache))
    return cache


def entry_of(cache: Path, url: str) -> Path:
    """The cache entry scorecard uses for ``url``."""
    from scorecard_cli.core.clones import entry_path

    return Path(entry_path(str(cache), url))


def new_commit(daemon: Daemon, make_repo: Callable, text: str) -> None:
    """Push one more commit to the served repository (so that a fetch updates refs)."""
    from tests.conftest import git

    work = make_repo({"README.md": "hello\n"}, commit=False, name=f"work-{text}")
    git(work, "fetch", "-q", str(daemon.base / "remote.git"), "main")
    git(work, "reset", "-q", "--hard", "FETCH_HEAD")
    (work / "CHANGE.md").write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", text)
    git(work, "push", "-q", str(daemon.base / "remote.git"), "HEAD:main")
