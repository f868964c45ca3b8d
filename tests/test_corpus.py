"""Every real third-party file in ../shared/corpus through ``check``: evaluated, skipped as
a template, or reported as clear ``file:line:col: message`` lines; never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.scorecards import load_definitions
from tests.conftest import SHARED

runner = CliRunner()
DIAGNOSTIC = re.compile(r"^[^\n]+:\d+:\d+: (notice: |warning: )?\S[^\n]*$")


def corpus_files(*folders: str) -> list:
    root = SHARED / "corpus"
    if not root.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared is not present"))]
    return [pytest.param(p, id=p.name[:80]) for folder in folders
            for p in sorted((root / folder).iterdir())]


def classify(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(path.parent)
    result = runner.invoke(app, ["check", path.name, "-f", "json"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 2), result.output
    for line in result.stderr.splitlines():
        assert DIAGNOSTIC.match(line), line
    doc = json.loads(result.stdout)
    if result.exit_code == 2:
        assert doc["summary"]["errors"] >= 1
        assert result.stderr.strip()
        return "error"
    if doc["summary"]["templates"]:
        return "template"
    assert doc["results"] or doc["summary"]["skipped"]
    return "evaluated"


@pytest.mark.parametrize("path", corpus_files("backstage", "port", "other"))
def test_corpus_file_through_check(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert classify(path, monkeypatch) in ("evaluated", "template", "error")


def test_corpus_counts(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole backstage corpus: the known templates are skipped, the rest evaluated."""
    counts = {"evaluated": 0, "template": 0, "error": 0}
    for path in sorted((shared / "corpus" / "backstage").iterdir()):
        counts[classify(path, monkeypatch)] += 1
    assert counts["template"] >= 7  # the skeletons SOURCES.md lists as unparseable
    assert counts["evaluated"] >= 40
    assert sum(counts.values()) == 55


def test_port_scorecards_load_cleanly(shared: Path) -> None:
    files = sorted((shared / "corpus" / "port").glob("*scorecards.json"))
    assert len(files) == 4
    for path in files:
        defs = load_definitions([str(path)], str(shared))
        assert [d.format() for d in defs.diagnostics] == []
        assert len(defs.scorecards) == 1
    together = load_definitions([str(p) for p in files], str(shared))
    assert [d.message.split(":")[0] for d in together.diagnostics] == [
        "duplicate scorecard id 'ProductionReadiness'"]  # gitlab and azure-devops share it


def test_port_scorecards_evaluate_port_entities(shared: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    entity = {"identifier": "svc", "blueprint": "service", "team": ["platform"],
              "properties": {"readme": "# hi", "language": "Python"}}
    (tmp_path / "e.json").write_text(json.dumps(entity))
    scorecard = shared / "corpus" / "port" / \
        "port-labs__ocean__integrations__gitlab__.port__resources__scorecards.json"
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "e.json", "-s", str(scorecard), "-f", "json"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)["results"]
    assert (record["scorecard"], record["level"], record["status"]) == (
        "ProductionReadiness", "Gold", "success")
