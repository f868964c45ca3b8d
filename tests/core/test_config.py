"""``.scorecard.yaml``: discovery, precedence, waivers and thresholds (SPEC §10)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.config import find_config
from scorecard_cli.core.errors import ConfigError, UsageError

NOW = 1_790_000_000.0  # 2026-09-21

SCORECARD = {"id": "ready", "rules": [
    {"id": "owner", "level": "Bronze", "type": "entity.field.exists", "params": {"field": "$team"}},
    {"id": "desc", "level": "Silver", "type": "entity.field.exists",
     "params": {"field": "description"}},
    {"id": "tags", "level": "Gold", "type": "entity.field.exists", "params": {"field": "tags"}},
]}


def component(name: str, **metadata: object) -> str:
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Component",
                           "metadata": {"name": name, **metadata}, "spec": {"owner": "team"}})


@pytest.fixture
def repo(make_repo: Callable) -> Path:
    return make_repo({
        "scorecards/ready.yaml": yaml.safe_dump(SCORECARD),
        "svc/a/catalog-info.yaml": component("a", description="A"),
        "svc/b/catalog-info.yaml": component("b", tags=["tier-1"], description="B"),
        "svc/c/catalog-info.yaml": component("c"),
    })


def run(repo: Path, config_text: dict | str | None, cwd: Path | None = None, **options: object):
    if config_text is not None:
        text = (config_text if isinstance(config_text, str)
                else yaml.safe_dump(config_text, sort_keys=False))
        (repo / ".scorecard.yaml").write_text(text, encoding="utf-8")
    return run_check(CheckOptions(cwd=str(cwd or repo), now=NOW, **options))  # type: ignore[arg-type]


def levels(result: object) -> dict:
    return {r["entity"].split("/")[-1]: (r["level"], r["threshold"], r["belowThreshold"])
            for r in result.results}  # type: ignore[attr-defined]


def test_discovery_up_to_the_repository_root(repo: Path, tmp_path: Path) -> None:
    (repo / ".scorecard.yaml").write_text("scorecards: [scorecards]\n")
    assert find_config(str(repo / "svc" / "a")) == str(repo / ".scorecard.yaml")
    (tmp_path / ".scorecard.yaml").write_text("scorecards: []\n")  # above the repository
    (repo / ".scorecard.yaml").unlink()
    assert find_config(str(repo / "svc" / "a")) is None
    outside = tmp_path / "plain" / "sub"
    outside.mkdir(parents=True)
    assert find_config(str(outside)) is None  # outside a repository: the current folder only
    (outside / ".scorecard.yaml").write_text("{}\n")
    assert find_config(str(outside)) == str(outside / ".scorecard.yaml")


def test_config_names_scorecards_catalog_and_threshold(repo: Path) -> None:
    result = run(repo, {"scorecards": ["scorecards"], "catalog": ["svc/*/catalog-info.yaml"],
                        "failBelow": "Silver"}, cwd=repo / "svc" / "a")
    assert levels(result) == {"a": ("Silver", "Silver", False), "b": ("Gold", "Silver", False),
                              "c": ("Bronze", "Silver", True)}


def test_flags_win_over_the_file(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("id: other\nrules: []\n")
    result = run(repo, {"scorecards": ["scorecards"], "failBelow": "Gold"},
                 scorecards=[str(other)], fail_below="Basic", paths=["svc/a"])
    assert [(r["scorecard"], r["threshold"]) for r in result.results] == [("other", "Basic")]
    result = run(repo, None, paths=["svc/a"], use_config=False)
    assert {r["scorecard"] for r in result.results} == {"ownership", "production-readiness"}


def test_explicit_config_file(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "ci.yaml"
    elsewhere.write_text(f"scorecards: [{repo / 'scorecards'}]\nfailBelow: Gold\n")
    result = run(repo, None, config=str(elsewhere), paths=["svc"])
    assert levels(result)["a"] == ("Silver", "Gold", True)
    with pytest.raises(UsageError, match="--config 'nope.yaml': no such file"):
        run(repo, None, config="nope.yaml")


def test_extends_builtin_adds_the_builtin_scorecards(repo: Path) -> None:
    result = run(repo, {"extends": "builtin", "scorecards": ["scorecards"]}, paths=["svc/a"])
    assert [r["scorecard"] for r in result.results] == ["ownership", "production-readiness",
                                                        "ready"]


def test_threshold_per_scorecard_and_raised_by_query(repo: Path) -> None:
    result = run(repo, {"scorecards": ["scorecards"], "failBelow": {"ready": "Bronze"}},
                 paths=["svc"])
    assert levels(result)["c"] == ("Bronze", "Bronze", False)
    raised = [{"level": "Bronze"},
              {"level": "Gold", "when": {"combinator": "and", "conditions": [
                  {"property": "tags", "operator": "containsAny", "value": ["tier-1"]}]}}]
    result = run(repo, {"scorecards": ["scorecards"], "failBelow": raised}, paths=["svc"])
    assert levels(result) == {"a": ("Silver", "Bronze", False), "b": ("Gold", "Gold", False),
                              "c": ("Bronze", "Bronze", False)}
    (repo / "svc" / "b" / "catalog-info.yaml").write_text(component("b", tags=["tier-1"]))
    result = run(repo, None, paths=["svc"])
    assert levels(result)["b"] == ("Bronze", "Gold", True)


def test_waivers_active_and_expired(repo: Path) -> None:
    waivers = [
        {"scorecard": "ready", "rule": "desc", "entity": "component:default/c",
         "reason": "being retired", "approvedBy": "cto@acme.example", "expires": "2026-12-31"},
        {"scorecard": "ready", "rule": "tags", "entity": "component:*/c",
         "reason": "old", "approvedBy": "x", "expires": "2026-01-31"},
    ]
    result = run(repo, {"scorecards": ["scorecards"], "waivers": waivers, "failBelow": "Silver"},
                 paths=["svc/c"])
    [record] = result.results
    assert (record["level"], record["status"], record["belowThreshold"]) == (
        "Silver", "partial", False)
    desc = record["rules"][1]
    assert (desc["passed"], desc["waived"]) == (False, True)
    assert desc["waiver"] == {"reason": "being retired", "approvedBy": "cto@acme.example",
                              "expires": "2026-12-31"}
    assert record["rules"][2]["waived"] is False  # expired: ignored
    [warning] = result.diagnostics
    assert warning.format() == (
        ".scorecard.yaml:10:3: warning: waiver for ready/tags on 'component:*/c' expired on "
        "2026-01-31; it is ignored")


@pytest.mark.parametrize(("config", "expected"), [
    ("scorecard: [x]\n", (".scorecard.yaml:1:1: unknown key 'scorecard' in the configuration "
                         "(did you mean 'scorecards'?)")),
    ("scorecards: [scorecards]\nfailBelow: Platinum\n",
     ".scorecard.yaml:2:12: failBelow: 'Platinum' is not a level of any selected scorecard"),
    ("scorecards: [scorecards]\nfailBelow: {nope: Gold}\n",
     ".scorecard.yaml:2:19: failBelow: no selected scorecard has the id 'nope'"),
    ("waivers:\n  - {scorecard: a, rule: b, entity: c, reason: d, approvedBy: e, expires: soon}\n",
     ".scorecard.yaml:2:75: 'expires' must be a date like 2027-03-31 (got 'soon')"),
    ("waivers:\n  - {scorecard: a, rule: b, entity: c}\n",
     ".scorecard.yaml:2:5: a waiver needs 'reason' as a non-empty string (missing)"),
    (("waivers:\n  - {scorecard: a, rule: b, entity: c, reason: d, approvedBy: e, expires: "
     "2027-01-01, by: x}\n"), ".scorecard.yaml:2:87: unknown key 'by' in a waiver"),
    ("extends: strict\n", ".scorecard.yaml:1:10: unknown preset 'strict'"),
    ("cache: /tmp\n", ".scorecard.yaml:1:8: 'cache' must be {dir: <folder>}"),
    ("- a\n", ".scorecard.yaml:1:1: the configuration must be a mapping"),
    ("scorecards: {a: 1}\n", ".scorecard.yaml:1:13: 'scorecards' must be a list of paths"),
    ("catalog: ['nothing/*.yaml']\n", ".scorecard.yaml:1:11: no catalog file matches"),
])
def test_config_errors_are_located(repo: Path, config: str, expected: str) -> None:
    try:
        result = run(repo, config)
    except ConfigError as exc:
        message = exc.diagnostic.format()
    else:
        message = result.errors[0].format()
    assert message.startswith(expected), message


def test_config_error_through_the_cli(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / ".scorecard.yaml").write_text("scorecards: [scorecards]\nfailBelow: Sliver\n")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["check", "-f", "json"])
    assert result.exit_code == 2
    assert result.stderr.startswith("scorecard: error: .scorecard.yaml:2:12: failBelow: "
                                    "'Sliver' is not a level")
    result = CliRunner().invoke(app, ["check", "-f", "json", "--no-config"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["entities"] == 3
