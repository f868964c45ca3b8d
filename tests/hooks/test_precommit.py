"""The pre-commit hooks, exercised with the real ``pre-commit`` tool (``try-repo``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import GIT_ENV, REPO_ROOT, git, write_files

HOOKS = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

GOOD = {
    "apiVersion": "backstage.io/v1alpha1",
    "kind": "Component",
    "metadata": {"name": "payments", "description": "Takes money."},
    "spec": {"type": "service", "lifecycle": "production", "owner": "team-payments"},
}


def test_hook_file_patterns_match_catalog_files() -> None:
    patterns = {hook["id"]: re.compile(hook["files"]) for hook in HOOKS}
    examples = [str(p.relative_to(REPO_ROOT)) for p in
                (REPO_ROOT / "examples").rglob("catalog-info.y*ml")]
    assert len(examples) >= 5
    for path in examples:
        assert patterns["scorecard-check"].search(path), path
        assert patterns["scorecard-validate"].search(path), path
    assert patterns["scorecard-validate"].search(".scorecard.yaml")
    for other in ("README.md", "examples/acme/scorecards/production-readiness.yaml",
                  "my-catalog-info.yaml.bak"):
        assert not patterns["scorecard-check"].search(other), other


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed")
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(consumer: Path, home: Path, hook: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run(["pre-commit", "try-repo", str(REPO_ROOT), hook],
                          cwd=consumer, env=env, capture_output=True, text=True, check=False,
                          timeout=900)


@pytest.mark.parametrize("hook", ["scorecard-validate", "scorecard-check"])
def test_hook_blocks_a_commit_that_removes_the_owner(make_repo: object, precommit_home: Path,
                                                     hook: str) -> None:
    consumer = make_repo({"catalog-info.yaml": yaml.safe_dump(GOOD), "README.md": "# Payments\n",
                          ".scorecard.yaml": "failBelow: Bronze\n"},
                         name=f"consumer-{hook}")  # type: ignore[operator]
    write_files(consumer, {"catalog-info.yaml": yaml.safe_dump(
        {**GOOD, "metadata": {**GOOD["metadata"], "title": "Payments"}})})
    git(consumer, "add", "-A")
    good = try_repo(consumer, precommit_home, hook)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    broken = {**GOOD, "spec": {k: v for k, v in GOOD["spec"].items() if k != "owner"}}
    write_files(consumer, {"catalog-info.yaml": yaml.safe_dump(broken)})
    git(consumer, "add", "-A")
    bad = try_repo(consumer, precommit_home, hook)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    expected = ("missing required key 'owner'" if hook == "scorecard-validate"
                else "spec.owner is missing")
    assert expected in bad.stdout
