"""The next-level plan: steps in level order, rule-less levels carried by the step above."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.plan import plan_record

runner = CliRunner()

LEVELS = ["Basic", "Bronze", "Silver", "Gold", "Platinum", "Diamond"]
SCORECARD = {
    "id": "ladder", "title": "Ladder", "levels": LEVELS,
    "rules": [
        {"id": "owner", "level": "Bronze", "type": "entity.field.exists",
         "params": {"field": "spec.owner"}},
        {"id": "readme", "level": "Gold", "type": "scm.file.exists", "params": {"path": "README.md"}},
        {"id": "system", "level": "Gold", "type": "entity.field.exists",
         "params": {"field": "spec.system"}},
        {"id": "docs", "level": "Platinum", "type": "scm.file.exists", "params": {"path": "docs"}},
    ],
}


def _described() -> dict:
    return {"id": "ladder", "levels": [{"title": t} for t in LEVELS],
            "rules": [{"id": r["id"], "level": r["level"]} for r in SCORECARD["rules"]]}


def _record(level: str | None, failing: set[str]) -> dict:
    rules = [{"id": r["id"], "title": r["id"], "type": r["type"], "level": r["level"],
              "passed": r["id"] not in failing, "waived": False, "details": "d", "error": None,
              "fix": None if r["id"] not in failing else {"actionId": "x", "suggestedInputs": {}}}
             for r in SCORECARD["rules"]]
    return {"entity": "component:default/a", "scorecard": "ladder", "source": "a.yaml",
            "level": level, "rules": rules}


def test_steps_follow_the_levels_and_carry_rule_less_levels() -> None:
    plan = plan_record(_record("Basic", {"owner", "system", "docs"}), _described(), steps=None)
    assert [(s["level"], s["alsoReaches"], [r["id"] for r in s["rules"]])
            for s in plan["steps"]] == [("Bronze", [], ["owner"]),
                                        ("Gold", ["Silver"], ["system"]),
                                        ("Platinum", [], ["docs"])]
    assert plan["unreachable"] == ["Diamond"]  # no rules there or above: never reached


def test_the_default_plan_is_the_next_level_and_the_one_after() -> None:
    plan = plan_record(_record("Basic", {"owner", "system", "docs"}), _described())
    assert [s["level"] for s in plan["steps"]] == ["Bronze", "Gold"]
    assert plan["moreSteps"] == 1


def test_a_level_whose_own_rules_pass_is_a_step_without_rules() -> None:
    plan = plan_record(_record("Basic", {"owner"}), _described(), steps=None)
    assert [(s["level"], len(s["rules"])) for s in plan["steps"]] == [
        ("Bronze", 1), ("Gold", 0), ("Platinum", 0)]


def test_no_level_plans_from_the_first_level_and_the_top_has_no_steps() -> None:
    described = _described()
    described["rules"].append({"id": "floor", "level": "Basic"})
    record = _record(None, {"owner"})
    record["rules"].insert(0, {"id": "floor", "title": "floor", "type": "t", "level": "Basic",
                               "passed": False, "waived": False, "details": "d", "error": None,
                               "fix": None})
    assert [s["level"] for s in plan_record(record, described)["steps"]] == ["Basic", "Bronze"]
    top = plan_record(_record("Platinum", set()), _described())
    assert top["steps"] == [] and top["unreachable"] == ["Diamond"]


def test_waived_rules_are_not_in_the_plan() -> None:
    record = _record("Basic", {"owner"})
    record["rules"][0]["waived"] = True
    assert plan_record(record, _described())["steps"][0]["rules"] == []


@pytest.fixture
def repo(make_repo: Callable, monkeypatch: pytest.MonkeyPatch) -> Path:
    entity = {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
              "metadata": {"name": "a"}, "spec": {"system": "s"}}
    root = make_repo({"ladder.yaml": yaml.safe_dump(SCORECARD),
                      "catalog-info.yaml": yaml.safe_dump(entity)})
    monkeypatch.chdir(root)
    return root


def test_plan_command_json_and_text(repo: Path) -> None:
    done = runner.invoke(app, ["plan", "-s", "ladder.yaml", "--format", "json", "--all"])
    assert done.exit_code == 0, done.output
    plans = json.loads(done.stdout)["plans"]
    assert [(s["level"], [r["id"] for r in s["rules"]]) for s in plans[0]["steps"]] == [
        ("Bronze", ["owner"]), ("Gold", ["readme"]), ("Platinum", ["docs"])]
    assert plans[0]["steps"][0]["rules"][0]["fix"]["actionId"] == "catalog.updateEntity@v1"
    text = runner.invoke(app, ["plan", "-s", "ladder.yaml"]).stdout
    assert text.index("to reach Bronze: fix 1 rule") < text.index("to reach Gold")
    assert "set spec.owner in catalog-info.yaml" in text
    assert "Platinum" not in text and "1 more level above" in text


def test_check_plan_appends_the_section_to_the_table_only(repo: Path) -> None:
    done = runner.invoke(app, ["check", "-s", "ladder.yaml", "--plan"])
    assert done.exit_code == 0
    table, _, section = done.stdout.partition("Next-level plan")
    assert "component:default/a" in table and "to reach Bronze: fix 1 rule" in section
    refused = runner.invoke(app, ["check", "-s", "ladder.yaml", "--plan", "-f", "json"])
    assert refused.exit_code == 2 and "--plan" in refused.stderr
