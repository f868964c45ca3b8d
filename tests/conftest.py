"""Shared fixtures: real git repositories built on disk, and the shared corpus."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    """Run git in ``cwd`` with a fixed identity and dates; return stdout."""
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", *args],
        cwd=cwd, env={**os.environ, **GIT_ENV, **(env or {})}, check=True,
        capture_output=True, text=True,
    )
    return done.stdout.strip()


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write ``{relative path: text}`` under root, creating folders."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(autouse=True)
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets an empty cache folder (results, clones): none writes to HOME."""
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Build a git repository: ``make_repo(files, commit=True, name="repo")``."""

    def build(files: dict[str, str] | None = None, commit: bool = True,
              name: str = "repo") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q")
        write_files(root, files or {})
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-q", "--allow-empty", "-m", "initial")
        return root

    return build


@pytest.fixture
def shared() -> Path:
    """The shared folder beside the repository; skip when a clone has none."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not present")
    return SHARED
