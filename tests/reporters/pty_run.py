"""Run ``scorecard`` in a real pseudo-terminal of a given size and capture what it draws,
for the table tests and ``regen_golden.py``; and the acme example in a fresh repository."""

from __future__ import annotations

import errno
import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests.conftest import REPO_ROOT, git

ACME = REPO_ROOT / "examples" / "acme"
ACME_CHECK = ("check", "-s", "scorecards", "--fail-below", "Silver")


def acme_repo(folder: Path) -> Path:
    """A copy of examples/acme as the root of a new git repository (one commit, fixed
    dates), so its paths and file rules do not depend on this checkout."""
    root = folder / "acme"
    shutil.copytree(ACME, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "acme")
    return root


def run_in_pty(args: tuple[str, ...], cwd: Path, columns: int, rows: int = 50,
               env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """(exit code, what stdout drew on a ``columns``-wide terminal, stderr). stdout is the
    terminal (its ``\\r\\n`` read back as ``\\n``); stderr is a pipe."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    environ.update({"TERM": "xterm-256color", **(env or {})})
    process = subprocess.Popen([sys.executable, "-m", "scorecard_cli", *args], cwd=cwd,
                               stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=environ)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError as exc:  # EIO: the child closed the terminal
            if exc.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.stderr is not None
    with process.stderr:
        stderr = process.stderr.read().decode("utf-8")
    code = process.wait(timeout=300)
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), stderr
