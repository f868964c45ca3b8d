"""``scorecard explain``: the rule in words; the value found for an entity and its place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scorecard_cli.cli import app

runner = CliRunner()

SCORECARD = {
    "id": "ready", "title": "Ready",
    "rules": [
        {"id": "owner", "title": "Has owner", "description": "Someone answers for it.",
         "level": "Bronze", "type": "entity.field.exists", "params": {"field": "spec.owner"}},
        {"id": "prod", "level": "Silver", "query": {"combinator": "and", "conditions": [
            {"property": "spec.lifecycle", "operator": "=", "value": "production"},
            {"property": "metadata.tags", "operator": "containsAny", "value": ["tier-1"]}]}},
        {"id": "health", "level": "Gold", "type": "scm.file.contains",
         "params": {"path": "Dockerfile", "pattern": "^HEALTHCHECK"}},
        {"id": "readme", "level": "Gold", "type": "scm.anyOf",
         "params": {"paths": ["README.md", "docs/README.md"]}},
    ],
}
CATALOG = """\
# the payments service
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  tags: [python]
spec:
  lifecycle: production
  owner: team-pay
"""


@pytest.fixture
def repo(make_repo: Callable, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo({"sc.yaml": yaml.safe_dump(SCORECARD, sort_keys=False),
                      "svc/catalog-info.yaml": CATALOG,
                      "svc/Dockerfile": "FROM python\nRUN true\nHEALTHCHECK CMD true\n"})
    monkeypatch.chdir(root)
    return root


def _explain(*args: str) -> dict:
    done = runner.invoke(app, ["explain", *args, "-s", "sc.yaml", "-f", "json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_rule_alone_is_described_in_words(repo: Path) -> None:
    doc = _explain("ready", "prod")
    assert doc["rule"]["checks"] == ("passes when (spec.lifecycle equals 'production' and "
                                     "metadata.tags contains any of ['tier-1'])")
    assert doc["entity"] is None
    text = runner.invoke(app, ["explain", "ready", "owner", "-s", "sc.yaml"]).stdout
    assert "Someone answers for it." in text and "level: Bronze" in text


def test_field_value_and_its_line(repo: Path) -> None:
    entity = _explain("ready", "owner", "payments")["entity"]
    assert entity["ref"] == "component:default/payments" and entity["passed"] is True
    assert entity["evidence"] == [{"what": "spec.owner", "field": "spec.owner",
                                   "value": "team-pay", "found": True,
                                   "where": "svc/catalog-info.yaml:9:10"}]


def test_query_conditions_each_with_value_place_and_verdict(repo: Path) -> None:
    entity = _explain("ready", "prod", "component:default/payments")["entity"]
    assert entity["passed"] is False
    assert [(e["field"], e["value"], e["where"], e["holds"]) for e in entity["evidence"]] == [
        ("spec.lifecycle", "production", "svc/catalog-info.yaml:8:14", True),
        ("metadata.tags", ["python"], "svc/catalog-info.yaml:6:9", False)]
    assert entity["fix"]["suggestedInputs"]["field"] == "metadata.tags"


def test_file_rules_name_the_matching_line_and_each_path(repo: Path) -> None:
    health = _explain("ready", "health", "payments")["entity"]["evidence"]
    assert health == [{"what": "Dockerfile", "value": "svc/Dockerfile", "found": True,
                       "where": "svc/Dockerfile:3"}]
    readme = _explain("ready", "readme", "payments")["entity"]["evidence"]
    assert [(e["value"], e["found"]) for e in readme] == [("svc/README.md", False),
                                                         ("svc/docs/README.md", False)]


def test_unknown_names_are_usage_errors_with_a_hint(repo: Path) -> None:
    done = runner.invoke(app, ["explain", "ready", "ownr", "-s", "sc.yaml"])
    assert done.exit_code == 2 and "did you mean 'owner'" in done.stderr
    done = runner.invoke(app, ["explain", "ready", "owner", "nobody", "-s", "sc.yaml"])
    assert done.exit_code == 2 and "no entity 'nobody'" in done.stderr
    done = runner.invoke(app, ["explain", "nope", "owner", "-s", "sc.yaml"])
    assert done.exit_code == 2 and "no scorecard 'nope'" in done.stderr
