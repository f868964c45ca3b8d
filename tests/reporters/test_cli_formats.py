"""``scorecard check -f sarif|junit|markdown|github`` through the real Typer app."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from scorecard_cli.cli import app
from tests.reporters import cases
from tests.reporters.test_github import parse as parse_command

runner = CliRunner()
GOOD = ["svc/gold", "svc/pay"]  # no input errors: below Silver gives exit 1


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cases.write_case(tmp_path)
    cases.init_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(fmt: str, *paths: str) -> object:
    return runner.invoke(app, ["check", *paths, "-s", "scorecards", "-f", fmt,
                               "--fail-below", "Silver"])


def test_sarif(repo: Path) -> None:
    result = check("sarif", *GOOD)
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["version"] == "2.1.0"
    tier = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "ready/tier")
    # The CLI asked the engine to locate fields: not the entity's first line.
    assert tier["locations"][0]["physicalLocation"]["region"]["startLine"] > 1
    # Severity follows the gate: Silver rules gate, Gold ones do not, and the docs
    # scorecard has no Silver level, so nothing in it is gated.
    levels = {r["ruleId"]: r["level"] for r in doc["runs"][0]["results"]}
    assert levels == {"ready/codeowners": "error", "ready/runbook": "error",
                      "ready/replicas": "note", "ready/tier": "note",
                      "docs/docs-site": "warning", "docs/security": "warning"}


def test_junit(repo: Path) -> None:
    result = check("junit", *GOOD)
    assert result.exit_code == 1, result.output
    root = ET.fromstring(result.stdout.encode("utf-8"))
    # Only the two failing Silver rules of svc/pay gate: they are the failures.
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "16", "2")


def test_markdown(repo: Path) -> None:
    result = check("markdown", *GOOD)
    assert result.exit_code == 1, result.output
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    # The level table (2 scorecards), below the gate (1), top rules (6), every evaluation (4).
    assert sum(1 for t in tokens if t.type == "tr_open") == (1 + 2) + (1 + 1) + (1 + 6) + (1 + 4)
    assert result.stdout.startswith("## Scorecard results\n")


def test_markdown_budget_and_sarif_options(repo: Path) -> None:
    small = check("markdown", *GOOD, "--markdown-budget", "4096")
    assert small.exit_code == 1 and len(small.stdout.encode()) <= 4096
    assert check("markdown", *GOOD, "--markdown-budget", "2000000").exit_code == 2
    sarif = json.loads(check("sarif", *GOOD, "--sarif-max", "2", "--sarif-category",
                             "catalog/scorecard").stdout)
    run = sarif["runs"][0]
    assert [r["level"] for r in run["results"]] == ["error", "error"]
    assert run["automationDetails"] == {"id": "catalog/scorecard/"}
    assert run["properties"] == {"resultsTotal": 6, "resultsOmitted": 4}


def test_github(repo: Path) -> None:
    result = check("github", *GOOD)
    assert result.exit_code == 1, result.output
    parsed = [parse_command(line) for line in result.stdout.splitlines()]
    tier = next(p for p in parsed if "tier tag" in p[1].get("title", ""))
    assert tier[0] == "notice" and int(tier[1]["line"]) > 1
    codeowners = next(p for p in parsed if "CODEOWNERS" in p[1].get("title", ""))
    assert codeowners[0] == "error"
    assert parsed[-1][0] == "notice"


@pytest.mark.parametrize("fmt", ["sarif", "junit", "markdown", "github"])
def test_input_error_exits_2_with_the_report(repo: Path, fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["check", "svc", "-s", "scorecards", "-f", fmt,
                                 "--fail-below", "Silver", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "svc/broken/catalog-info.yaml:4:3:" in result.stderr
    report = target.read_text(encoding="utf-8")
    assert "metadata.name must be a non-empty string" in report
