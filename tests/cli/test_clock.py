"""The run's clock: ``--now`` and ``SOURCE_DATE_EPOCH`` fix "now" for date presets,
``scm.recentCommit`` and waiver expiry, so the same inputs give the same results."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.clock import run_clock, utc_date
from scorecard_cli.core.errors import UsageError

RECENT = {"identifier": "sc", "title": "SC", "rules": [
    {"identifier": "deployed", "title": "Deployed in the last week", "level": "Bronze",
     "query": {"combinator": "and", "conditions": [
         {"property": "lastDeploy", "operator": "between", "value": {"preset": "lastWeek"}}]}}]}
ENTITY = {"identifier": "svc", "blueprint": "service",
          "properties": {"lastDeploy": "2026-11-28T10:00:00Z"}}


def _check(cwd: Path, *args: str, env: dict | None = None) -> tuple[int, dict, str]:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json"], env=env,
                                catch_exceptions=False)
    document = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, document, result.stderr


@pytest.fixture
def port_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "sc.json").write_text(json.dumps(RECENT), encoding="utf-8")
    (tmp_path / "e.json").write_text(json.dumps(ENTITY), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def _level(document: dict) -> str:
    [record] = document["results"]
    return record["level"]


def test_now_decides_a_date_preset(port_files: Path) -> None:
    args = ("e.json", "-s", "sc.json", "--no-config")
    assert _level(_check(port_files, *args, "--now", "2026-12-01T12:00:00Z")[1]) == "Bronze"
    assert _level(_check(port_files, *args, "--now", "2027-01-15")[1]) == "Basic"


def test_source_date_epoch_is_the_default_clock(port_files: Path) -> None:
    args = ("e.json", "-s", "sc.json", "--no-config")
    inside = {"SOURCE_DATE_EPOCH": "1796126400"}  # 2026-12-01T12:00:00Z
    assert _level(_check(port_files, *args, env=inside)[1]) == "Bronze"
    later = {"SOURCE_DATE_EPOCH": "1830000000"}  # 2027-12-28
    assert _level(_check(port_files, *args, env=later)[1]) == "Basic"
    # --now wins over SOURCE_DATE_EPOCH
    assert _level(_check(port_files, *args, "--now", "2026-11-30", env=later)[1]) == "Bronze"


@pytest.mark.parametrize(("args", "env", "message"), [
    (("--now", "yesterday"), None, "--now 'yesterday': not an ISO-8601 date-time"),
    (("--now", ""), None, "--now '': not an ISO-8601 date-time"),
    ((), {"SOURCE_DATE_EPOCH": "1.5"}, "SOURCE_DATE_EPOCH '1.5': not a whole number"),
    ((), {"SOURCE_DATE_EPOCH": "999999999999"}, "SOURCE_DATE_EPOCH '999999999999'"),
])
def test_a_malformed_clock_is_a_usage_error(port_files: Path, args: tuple, env: dict | None,
                                            message: str) -> None:
    code, _, stderr = _check(port_files, "e.json", "-s", "sc.json", *args, env=env)
    assert code == 2
    assert stderr.startswith(f"scorecard: error: {message}")
    assert "Traceback" not in stderr


def test_run_clock_and_utc_date() -> None:
    assert run_clock("2026-12-01T00:30:00+02:00", {}) == run_clock("2026-11-30T22:30:00Z", {})
    assert run_clock("2026-12-01", {}) == 1796083200.0  # no zone: UTC midnight
    assert run_clock(None, {"SOURCE_DATE_EPOCH": "0"}) == 0.0
    assert str(utc_date(1796083199.0)) == "2026-11-30"  # the UTC day, whatever the local zone
    with pytest.raises(UsageError):
        run_clock("2026-13-01", {})


def test_now_decides_scm_recent_commit(make_repo: Callable[..., Path],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture commit is dated 2026-01-01T00:00:00Z."""
    scorecard = {"id": "fresh", "rules": [{"id": "recent", "level": "Bronze",
                                           "type": "scm.recentCommit", "params": {"days": 30}}]}
    repo = make_repo({"catalog-info.yaml": yaml.safe_dump(
        {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
         "metadata": {"name": "svc"}, "spec": {"owner": "team-a"}}),
        "sc.yaml": yaml.safe_dump(scorecard)})
    monkeypatch.chdir(repo)
    args = ("catalog-info.yaml", "-s", "sc.yaml", "--no-config")
    _, inside, _ = _check(repo, *args, "--now", "2026-01-20T00:00:00Z")
    _, outside, _ = _check(repo, *args, "--now", "2026-03-01T00:00:00Z")
    assert inside["results"][0]["rules"][0]["details"] == "last commit 19 days ago"
    assert (inside["results"][0]["level"], outside["results"][0]["level"]) == ("Bronze", "Basic")
    assert outside["results"][0]["rules"][0]["details"] == (
        "last commit 59 days ago (the limit is 30 days)")


def test_now_decides_waiver_expiry(port_files: Path) -> None:
    (port_files / ".scorecard.yaml").write_text(yaml.safe_dump({
        "scorecards": ["sc.json"],
        "waivers": [{"scorecard": "sc", "rule": "deployed", "entity": "service:*",
                     "reason": "frozen for the holidays", "approvedBy": "lead",
                     "expires": "2027-01-31"}]}), encoding="utf-8")
    _, live, _ = _check(port_files, "e.json", "--now", "2027-01-31T23:59:59Z")
    assert live["results"][0]["rules"][0]["waived"] is True
    _, expired, stderr = _check(port_files, "e.json", "--now", "2027-02-01T00:00:00Z")
    assert expired["results"][0]["rules"][0]["waived"] is False
    assert "expired on 2027-01-31; it is ignored" in stderr
