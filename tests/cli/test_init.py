"""``scorecard init`` writes a working starter configuration, and never overwrites silently."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scorecard_cli.cli import app

runner = CliRunner()


def test_init_then_check(make_repo: Callable, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo({"svc/catalog-info.yaml": yaml.safe_dump({
        "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
        "metadata": {"name": "svc", "description": "d"},
        "spec": {"owner": "team", "lifecycle": "production"}}), "svc/README.md": "x"})
    monkeypatch.chdir(repo / "svc")
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [  # outside the current folder: absolute
        f"wrote {repo}/.scorecard.yaml", f"wrote {repo}/scorecards/production-readiness.yaml"]
    result = runner.invoke(app, ["check", "-f", "json"])
    doc = json.loads(result.stdout)
    assert [(r["scorecard"], r["level"], r["threshold"]) for r in doc["results"]] == [
        ("production-readiness", "Bronze", "Bronze")]
    assert result.exit_code == 0

    again = runner.invoke(app, ["init"])
    assert again.exit_code == 2
    assert "already exists (use --force to overwrite it)" in again.stderr
    assert runner.invoke(app, ["init", "--force"]).exit_code == 0


def test_init_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert (tmp_path / ".scorecard.yaml").is_file()
    assert (tmp_path / "scorecards" / "production-readiness.yaml").is_file()
