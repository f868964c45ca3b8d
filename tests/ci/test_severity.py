"""Severity follows the gate (issue 10.1): computed once in core, per failing rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.model import Level, Rule, Scorecard
from scorecard_cli.core.severity import gating_levels, rule_severity
from tests.conftest import write_files

LEVELS = ["Basic", "Bronze", "Silver", "Gold"]


def scorecard(*rule_levels: str) -> Scorecard:
    rules = tuple(Rule(f"r{i}", f"R{i}", level, "entity.field.exists", None)
                  for i, level in enumerate(rule_levels))
    return Scorecard("sc", "SC", tuple(Level(t) for t in LEVELS), rules)


def test_gating_levels_follow_the_level_rule() -> None:
    # Every level holds rules but the floor: each gate is its own level.
    assert gating_levels(scorecard("Bronze", "Silver", "Gold")) == [-1, 1, 2, 3]
    # No Silver rules: Silver is reached only through Gold, so Gold rules gate Silver.
    assert gating_levels(scorecard("Bronze", "Gold")) == [-1, 1, 3, 3]
    # A floor that holds rules (native extension) gates at the floor.
    assert gating_levels(scorecard("Basic", "Gold")) == [0, 3, 3, 3]
    # Nothing at or above Gold holds rules: Gold is out of reach, every rule is an error.
    assert gating_levels(scorecard("Bronze")) == [-1, 1, 3, 3]


def test_rule_severity() -> None:
    assert rule_severity(2, None, False) == "warning"  # no gate
    assert rule_severity(2, 2, False) == "error"  # at the gate
    assert rule_severity(1, 2, False) == "error"  # below it
    assert rule_severity(3, 2, False) == "note"  # above it
    assert rule_severity(1, -1, False) == "note"  # the floor gates nothing
    assert rule_severity(3, 2, True) == "error"  # --strict
    assert rule_severity(3, None, True) == "error"


SCORECARD = {"id": "prod", "title": "Prod", "levels": LEVELS, "rules": [
    {"id": "owner", "title": "Owner", "level": "Bronze", "type": "entity.field.exists",
     "params": {"field": "spec.owner"}},
    {"id": "system", "title": "System", "level": "Silver", "type": "entity.field.exists",
     "params": {"field": "spec.system"}},
    {"id": "lifecycle", "title": "Lifecycle", "level": "Gold", "type": "entity.field.exists",
     "params": {"field": "spec.lifecycle"}},
]}
# No Silver rules: the Gold rule is what reaching Silver takes.
GAPPED = {"id": "gapped", "title": "Gapped", "levels": LEVELS, "rules": [
    SCORECARD["rules"][0], {**SCORECARD["rules"][2], "id": "gold-lifecycle"}]}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    entity = {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
              "metadata": {"name": "svc"}, "spec": {"type": "service"}}  # fails all three
    write_files(tmp_path, {"catalog-info.yaml": yaml.safe_dump(entity),
                           "sc.yaml": yaml.safe_dump_all([SCORECARD, GAPPED])})
    return tmp_path


def severities(result: RunResult) -> dict[str, str | None]:
    return {f"{r['scorecard']}/{rule['id']}": rule["severity"]
            for r in result.results for rule in r["rules"]}


def run(folder: Path, **options: object) -> RunResult:
    return run_check(CheckOptions(paths=["catalog-info.yaml"], scorecards=["sc.yaml"],
                                  cwd=str(folder), use_config=False, **options))  # type: ignore


def test_no_gate_everything_is_a_warning(folder: Path) -> None:
    result = run(folder)
    assert set(severities(result).values()) == {"warning"}
    assert result.summary()["findings"] == {"error": 0, "warning": 5, "note": 0}
    assert result.verdict() == "pass"


def test_fail_below_silver(folder: Path) -> None:
    result = run(folder, fail_below="Silver")
    assert severities(result) == {
        "gapped/owner": "error", "gapped/gold-lifecycle": "error",
        "prod/owner": "error", "prod/system": "error", "prod/lifecycle": "note"}
    assert result.verdict() == "fail"
    # Every evaluation below its gate has an error finding, and no other has one.
    for record in result.results:
        assert record["belowThreshold"] == any(
            rule["severity"] == "error" for rule in record["rules"])


def test_fail_below_the_floor_gates_nothing(folder: Path) -> None:
    result = run(folder, fail_below="Basic")
    assert set(severities(result).values()) == {"note"}
    assert result.verdict() == "pass" and result.below_threshold == 0


def test_strict_makes_every_failure_an_error(folder: Path) -> None:
    result = run(folder, fail_below="Silver", strict=True)
    assert set(severities(result).values()) == {"error"}
    assert result.verdict() == "fail"
    assert run(folder, strict=True).verdict() == "fail"


def test_per_scorecard_gate_from_the_config(folder: Path) -> None:
    (folder / ".scorecard.yaml").write_text("failBelow: {prod: Gold}\n")
    result = run_check(CheckOptions(paths=["catalog-info.yaml"], scorecards=["sc.yaml"],
                                    cwd=str(folder)))
    found = severities(result)
    assert found["prod/lifecycle"] == "error"
    assert found["gapped/owner"] == "warning"  # not gated: no threshold for this scorecard


def test_passing_and_waived_rules_have_no_severity(folder: Path) -> None:
    (folder / ".scorecard.yaml").write_text(
        "waivers:\n- {scorecard: prod, rule: owner, entity: '*', reason: r, "
        "approvedBy: a@example.com, expires: '2999-01-01'}\n")
    (folder / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: svc}\n"
        "spec: {type: service, system: pay}\n")
    result = run_check(CheckOptions(paths=["catalog-info.yaml"], scorecards=["sc.yaml"],
                                    cwd=str(folder), fail_below="Silver"))
    prod = {r["id"]: r for r in result.results[1]["rules"]}
    assert prod["owner"]["waived"] and prod["owner"]["severity"] is None
    assert prod["system"]["passed"] and prod["system"]["severity"] is None
