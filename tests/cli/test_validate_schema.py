"""``scorecard validate`` and ``scorecard schema`` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app

runner = CliRunner()


def test_validate_reports_every_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad name\n"
        "spec:\n  type: service\n  lifecycle: production\n")
    (tmp_path / "sc.yaml").write_text(
        "id: sc\nrules:\n  - {id: r, leve: Gold, type: entity.field.exists, "
        "params: {field: x}}\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "catalog-info.yaml", "sc.yaml"])
    assert result.exit_code == 1  # problems found: 1; usage errors: 2 (SPEC §9)
    lines = result.stderr.splitlines()
    assert any(line.startswith("catalog-info.yaml:4:9: ") and "bad name" in line
               for line in lines), lines
    assert any(line.startswith("catalog-info.yaml:6:3: missing required key 'owner'")
               for line in lines), lines
    assert any(line.startswith("sc.yaml:3:13: unknown key 'leve'") for line in lines), lines
    assert result.stdout.startswith("2 files checked: ")


def test_validate_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: good\n"
        "spec: {type: service, lifecycle: production, owner: team}\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (0, "1 file checked: 0 problems\n")
    assert result.stderr == ""


def test_validate_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: good\n"
        "spec: {type: service, lifecycle: production, owner: team}\n")
    monkeypatch.chdir(tmp_path)
    missing = runner.invoke(app, ["validate", "catalog-info.yaml", "nope.yaml"])
    assert missing.exit_code == 2
    assert missing.stderr == "nope.yaml:1:1: no such file or folder\n"
    assert runner.invoke(app, ["validate", "--no-such-option"]).exit_code == 2
    assert runner.invoke(app, ["validate", "--", "catalog-info.yaml"]).exit_code == 0


@pytest.mark.parametrize("name", ["scorecard", "entity", "config", "result"])
def test_schema_prints_json_schema(name: str) -> None:
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["$schema"].startswith("https://json-schema.org/")


def test_schema_unknown_name() -> None:
    result = runner.invoke(app, ["schema", "nope"])
    assert result.exit_code == 2
