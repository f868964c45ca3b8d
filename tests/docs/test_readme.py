"""Every command line in README.md runs, as written (the marker convention is in
/work/coord/README-MARKER.md and at the top of this file).

A fenced ``sh`` block is preceded, on the line just before its fence, by one of:

- ``<!-- runnable -->``: run by this test, as one ``bash -e -o pipefail`` script, from the
  root of a fresh copy of the repository (a new git repository with every file committed,
  like a clone), with scorecard installed in a throw-away virtual environment whose
  ``bin`` is first on PATH; it must exit 0;
- ``<!-- runnable exit=N -->``: the same, and it must exit N;
- ``<!-- runnable: .ci/run -->``: too slow to run here (the whole test suite); each of its
  command lines must be in ``.ci/run``, which CI runs;
- ``<!-- not-runnable: REASON -->``: a template with placeholders or a step that needs the
  network; the reason is required.

A fenced ``sh`` block without a marker fails the test, so a new block cannot go untested.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import GIT_ENV, REPO_ROOT, git

README = REPO_ROOT / "README.md"
CI_RUN = REPO_ROOT / ".ci" / "run"
SHELLS = ("sh", "bash", "shell")
MARKER = re.compile(r"^<!--\s*(?P<kind>runnable|not-runnable)(?P<rest>[^>]*?)\s*-->\s*$")
EXIT = re.compile(r"^\s+exit=(\d+)$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of the README."""

    line: int  # of the opening fence, from 1
    language: str
    text: str
    marker: str | None  # the marker comment just before the fence, if any

    @property
    def runnable(self) -> bool:
        """True when this test runs it."""
        return self.marker is not None and self.kind == "runnable" and self.rest.strip() in (
            "", *(f"exit={n}" for n in range(256)))

    @property
    def kind(self) -> str:
        match = MARKER.match(self.marker or "")
        return match.group("kind") if match else ""

    @property
    def rest(self) -> str:
        match = MARKER.match(self.marker or "")
        return match.group("rest") if match else ""

    @property
    def exit_code(self) -> int:
        match = EXIT.match(self.rest)
        return int(match.group(1)) if match else 0


def read_blocks(text: str) -> list[Block]:
    """Every fenced block, with the marker line just before it (an unclosed fence fails)."""
    lines = text.splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        fence = re.match(r"^(`{3,}|~{3,})\s*([\w+-]*)", lines[index])
        if not fence:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].startswith(fence.group(1)):
            end += 1
        assert end < len(lines), f"README.md:{index + 1}: this fence is never closed"
        before = lines[index - 1] if index else ""
        blocks.append(Block(index + 1, fence.group(2), "\n".join(lines[index + 1:end]) + "\n",
                            before if MARKER.match(before) else None))
        index = end + 1
    return blocks


BLOCKS = read_blocks(README.read_text(encoding="utf-8"))
SHELL_BLOCKS = [b for b in BLOCKS if b.language in SHELLS]


def test_every_shell_block_is_marked() -> None:
    assert SHELL_BLOCKS, "README.md has no sh block"
    for block in SHELL_BLOCKS:
        where = f"README.md:{block.line}"
        assert block.marker is not None, f"{where}: mark this sh block (see tests/docs)"
        assert block.runnable or block.rest.strip() == ": .ci/run" or (
            block.kind == "not-runnable" and block.rest.strip(": ").strip()), (
            f"{where}: unknown marker {block.marker!r}")
        for line in block.text.splitlines():  # a fence left open swallows the next section
            assert not line.startswith(("<!--", "#" * 2 + " ", "### ")), f"{where}: {line!r}"
    assert any(b.runnable for b in SHELL_BLOCKS)


def test_blocks_marked_for_ci_are_what_ci_runs() -> None:
    ci = [line.replace(" -q", "") for line in CI_RUN.read_text(encoding="utf-8").splitlines()]
    for block in SHELL_BLOCKS:
        if block.rest.strip() == ": .ci/run":
            for line in block.text.splitlines():
                assert line.strip() in ci, f"README.md:{block.line}: {line!r} not in .ci/run"


def _commands(block: Block) -> list[str]:
    return [line for line in block.text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throw-away virtual environment with scorecard installed from a copy of this
    checkout (dependencies from the configured package index), as a user would."""
    base = tmp_path_factory.mktemp("readme")
    source = _copy(base / "source")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                           str(source)], capture_output=True, text=True, check=False,
                          timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return venv


def _copy(target: Path) -> Path:
    """This checkout's files (tracked, or untracked and not ignored) as a new repository
    with one commit."""
    listed = git(REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for rel in sorted(set(listed.split("\0")) - {""}):
        source = REPO_ROOT / rel
        if source.is_file() and not source.is_symlink():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "copy of the checkout")
    return target


@pytest.mark.parametrize("block", [b for b in SHELL_BLOCKS if b.runnable],
                         ids=lambda b: f"line{b.line}")
def test_readme_block_runs(block: Block, installed: Path, tmp_path: Path) -> None:
    root = _copy(tmp_path / "repo")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SCORECARD_", "PYTEST", "VIRTUAL_ENV"))}
    env.update(GIT_ENV)
    env.update({"HOME": str(home), "VIRTUAL_ENV": str(installed),
                "PATH": f"{installed / 'bin'}{os.pathsep}{env.get('PATH', '')}"})
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block.text], cwd=root,
                          env=env, capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == block.exit_code, (
        f"README.md:{block.line}: exit {done.returncode}, wanted {block.exit_code}\n"
        + "\n".join(_commands(block)) + f"\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}")
