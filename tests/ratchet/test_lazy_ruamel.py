"""ruamel.yaml is imported by ``scorecard fix`` only: check, plan and diff never load it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO_ROOT


def _modules(repo: Path, report: Path, *args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-m", "scorecard_cli", *args], cwd=repo,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "SCORECARD_DEBUG_MODULES": str(report),
                               "PYTHONPATH": str(REPO_ROOT)})
    assert done.returncode in (0, 1), done.stderr
    return set(report.read_text().split())


def test_only_fix_imports_ruamel(make_repo: Callable, tmp_path: Path) -> None:
    repo = make_repo({"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\n"
                      "kind: Component\nmetadata: {name: x}\nspec: {owner: team}\n"})
    for args in (["check"], ["plan"], ["diff", "--base", "HEAD"]):
        assert "ruamel.yaml" not in _modules(repo, tmp_path / "m.txt", *args), args
    assert "ruamel.yaml" in _modules(repo, tmp_path / "m.txt", "fix")
