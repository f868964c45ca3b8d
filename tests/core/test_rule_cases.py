"""Rule types as data: one YAML file of cases per rule type in ``rule_cases/``.

Each case names an entity, the files of its repository, the rule's params, and the
expected outcome and fix. Every case runs the whole engine on a real git repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.rules import RULE_TYPES
from tests.conftest import git, write_files

CASES_DIR = Path(__file__).parent / "rule_cases"
NOW = 1_790_000_000.0  # 2026-09-21; the fixture commits are dated 2026-01-01

DEFAULT_ENTITY = {
    "apiVersion": "backstage.io/v1alpha1",
    "kind": "Component",
    "metadata": {"name": "pay", "title": "Payments", "description": "Takes money."},
    "spec": {"type": "service", "lifecycle": "production", "owner": "group:default/team-pay"},
}


def _cases() -> list:
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            found.append(pytest.param(data["type"], case, id=f"{path.stem}: {case['name']}"))
    return found


def test_every_rule_type_has_cases() -> None:
    covered = {yaml.safe_load(p.read_text())["type"] for p in CASES_DIR.glob("*.yaml")}
    assert covered == set(RULE_TYPES)


@pytest.mark.parametrize(("rule_type", "case"), _cases())
def test_rule_case(tmp_path: Path, rule_type: str, case: dict) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    catalog = case.get("catalog", "catalog-info.yaml")
    entity = case.get("entity", DEFAULT_ENTITY)
    text = json.dumps(entity) if catalog.endswith(".json") else yaml.safe_dump(entity)
    files = {catalog: text, **case.get("files", {})}
    write_files(repo, files)
    if case.get("git", True):
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "initial")
        if case.get("added"):  # staged after the commit: in the index, not in HEAD
            write_files(repo, case["added"])
            git(repo, "add", "-A")
        write_files(repo, case.get("uncommitted", {}))
        for rel in case.get("deleted", []):
            (repo / rel).unlink()
    rule = {"id": "r", "title": "R", "level": "Bronze", "type": rule_type,
            "params": case.get("params")}
    if rule_type == "entity.query":
        rule = {"id": "r", "title": "R", "level": "Bronze", "query": case["params"]}
    scorecard = tmp_path / "sc.yaml"
    scorecard.write_text(yaml.safe_dump({"id": "sc", "rules": [rule]}), encoding="utf-8")
    result = run_check(CheckOptions(paths=[catalog], scorecards=[str(scorecard)], cwd=str(repo),
                                    ref=case.get("ref"), staged=case.get("staged", False),
                                    now=NOW))
    assert [d.format() for d in result.errors] == []
    [record] = result.results
    [outcome] = record["rules"]
    expect = case["expect"]
    assert outcome["passed"] is expect["passed"]
    if "details" in expect:
        assert outcome["details"] == expect["details"]
    assert outcome["error"] == expect.get("error")
    if "fix" in expect:
        assert outcome["fix"] == expect["fix"]
    if expect["passed"]:
        assert outcome["fix"] is None
