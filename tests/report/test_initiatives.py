"""Initiatives: configuration, progress per initiative and team, and check --initiative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app

runner = CliRunner()
ORDER = ["Basic", "Bronze", "Silver", "Gold"]
CONFIG = """\
scorecards: [scorecards]
initiatives:
  - name: Production ready
    description: Every production component at Silver.
    scorecards: [production-readiness]
    target: Silver
    due: 2026-06-30
    filter:
      combinator: and
      conditions: [{property: spec.lifecycle, operator: "=", value: production}]
  - name: Owned
    scorecards: ownership
    target: Bronze
    due: 2099-01-01
"""


def _check(args: list[str]) -> tuple[int, dict]:
    done = runner.invoke(app, ["check", ".", "--format", "json", *args])
    return done.exit_code, json.loads(done.stdout)


def _reached(level: str | None, target: str) -> bool:
    return level in ORDER and ORDER.index(level) >= ORDER.index(target)


def test_progress_matches_the_results(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    (acme / ".scorecard.yaml").write_text(CONFIG)
    _, result = _check([])
    members = [r for r in result["results"] if "Production ready" in r["initiatives"]]
    assert members and all(r["scorecard"] == "production-readiness" for r in members)
    done = runner.invoke(app, ["report", ".", "--format", "json"])
    assert done.exit_code == 0, done.output
    rows = {row["name"]: row for row in json.loads(done.stdout)["initiatives"]}
    ready = rows["Production ready"]
    expected_done = sum(_reached(r["level"], "Silver") for r in members)
    assert (ready["total"], ready["done"]) == (len(members), expected_done)
    assert ready["overdue"] is (expected_done < len(members))
    assert sum(t["total"] for t in ready["teams"]) == len(members)
    owned = rows["Owned"]
    ownership = [r for r in result["results"] if r["scorecard"] == "ownership"]
    assert owned["total"] == len(ownership) and owned["overdue"] is False
    assert owned["done"] == sum(_reached(r["level"], "Bronze") for r in ownership)


def test_progress_from_result_files_uses_the_recorded_membership(acme: Path,
                                                                monkeypatch) -> None:
    monkeypatch.chdir(acme)
    (acme / ".scorecard.yaml").write_text(CONFIG)
    runner.invoke(app, ["check", ".", "-f", "json", "-o", "r.json"])
    fresh = json.loads(runner.invoke(app, ["report", ".", "-f", "json"]).stdout)
    merged = json.loads(runner.invoke(app, ["report", "--from", "r.json", "-f", "json"]).stdout)
    assert merged["initiatives"] == fresh["initiatives"]


def test_check_initiative_gates_on_the_target(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    (acme / ".scorecard.yaml").write_text(CONFIG)
    code, result = _check(["--initiative", "production READY"])
    gated = [r for r in result["results"] if r["threshold"]]
    assert gated and {r["threshold"] for r in gated} == {"Silver"}
    assert all("Production ready" in r["initiatives"] for r in gated)
    below = [r for r in gated if not _reached(r["level"], "Silver")]
    assert code == (1 if below else 0)
    assert result["summary"]["belowThreshold"] == len(below)


@pytest.mark.parametrize(("args", "message"), [
    (["--initiative", "nope"], "no such initiative ('Production ready', 'Owned')"),
    (["--initiative", "Owned", "--fail-below", "Gold"], "give one"),
])
def test_initiative_usage_errors(acme: Path, monkeypatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(acme)
    (acme / ".scorecard.yaml").write_text(CONFIG)
    done = runner.invoke(app, ["check", ".", *args])
    assert done.exit_code == 2 and message in done.stderr, done.stderr


@pytest.mark.parametrize(("entry", "message", "line"), [
    ("  - {name: A, scorecards: [ownership], target: Gold, due: soon}", "'due' must be a date",
     2),
    ("  - {name: A, scorecards: [ownership], target: Gold, due: 2027-01-01, dew: 1}",
     "unknown key 'dew' in an initiative", 2),
    ("  - {name: A, target: Gold, due: 2027-01-01}", "'scorecards' must be a list", 2),
    (("  - {name: A, scorecards: [ownership], target: Gold, due: 2027-01-01}\n"
     "  - {name: a, scorecards: [ownership], target: Gold, due: 2027-01-01}"),
     "two initiatives are named 'a'", 3),
])
def test_bad_initiatives_are_located(tmp_path: Path, monkeypatch, entry: str, message: str,
                                     line: int) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".scorecard.yaml").write_text(f"initiatives:\n{entry}\n")
    done = runner.invoke(app, ["check", "."])
    assert done.exit_code == 2
    assert f".scorecard.yaml:{line}:" in done.stderr and message in done.stderr, done.stderr


def test_a_target_the_scorecard_lacks_is_a_usage_error(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    (acme / ".scorecard.yaml").write_text(
        "initiatives:\n  - {name: X, scorecards: [ownership], target: Platinum, "
        "due: 2027-01-01}\n")
    done = runner.invoke(app, ["check", ".", "--initiative", "X"])
    assert done.exit_code == 2 and "'Platinum' is not a level" in done.stderr
