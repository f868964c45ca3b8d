"""``--format sarif``: valid against the official SARIF 2.1.0 schema, and right in detail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.sarif import render, uri
from tests.reporters import cases

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SCHEMA = SHARED / "external" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> object:
    """A Draft 4 validator of the real SARIF 2.1.0 schema (skip without ../shared)."""
    if not SCHEMA.is_file():
        pytest.skip("../shared/external/sarif-schema-2.1.0.json is not present")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunResult]:
    root = tmp_path_factory.mktemp("mixed")
    return root, cases.mixed(root)


def sarif(result: RunResult) -> dict:
    return json.loads(render(result, RenderOptions()))


def assert_valid(validator: object, doc: dict) -> None:
    errors = sorted(validator.iter_errors(doc), key=str)  # type: ignore[attr-defined]
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_valid_against_the_sarif_schema(validator: object, mixed: tuple) -> None:
    assert_valid(validator, sarif(mixed[1]))


def test_valid_when_everything_passes_and_when_nothing_ran(
        validator: object, tmp_path: Path) -> None:
    result = cases.all_pass(tmp_path)
    doc = sarif(result)
    assert_valid(validator, doc)
    assert doc["runs"][0]["results"] == []
    assert_valid(validator, sarif(RunResult()))


def test_one_descriptor_per_scorecard_rule(mixed: tuple) -> None:
    driver = sarif(mixed[1])["runs"][0]["tool"]["driver"]
    ids = [rule["id"] for rule in driver["rules"]]
    expected = ([f"docs/{r['id']}" for r in cases.DOCS["rules"]]
                + [f"ready/{r['id']}" for r in cases.READY["rules"]] + ["input-error"])
    assert ids == expected
    owner = driver["rules"][ids.index("ready/owner")]
    assert owner["name"] == "Owner"
    assert owner["shortDescription"] == {"text": "Owner, team: 100% set"}
    assert owner["properties"]["level"] == "Bronze"
    assert owner["properties"]["type"] == "entity.field.exists"
    assert "How to fix: Set the field in the catalog file." in owner["help"]["text"]
    assert "set spec.owner" in owner["help"]["text"]
    assert driver["name"] == "scorecard"


def test_one_result_per_failing_rule_and_input_error(mixed: tuple) -> None:
    result = mixed[1]
    results = sarif(result)["runs"][0]["results"]
    # The input error, then every failing rule: errors, warnings, notes, then waived ones
    # (the order a capped run keeps them in), each severity in result order.
    order = {"error": 0, "warning": 1, "note": 2, None: 3}
    failing = sorted([(rule["severity"], rec["entity"], f"{rec['scorecard']}/{rule['id']}")
                      for rec in result.results for rule in rec["rules"] if not rule["passed"]],
                     key=lambda f: order[f[0]])
    assert [(r["properties"]["severity"], r["properties"]["entity"], r["ruleId"])
            for r in results[1:]] == failing
    assert results[0]["ruleId"] == "input-error"
    assert results[0]["level"] == "error"
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 3)
    assert [r["level"] for r in results[1:]] == [f[0] or "note" for f in failing]
    rules = sarif(result)["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def by_rule(result: RunResult, entity: str, rule_id: str) -> dict:
    for item in sarif(result)["runs"][0]["results"]:
        if item["ruleId"] == rule_id and item.get("properties", {}).get("entity") == entity:
            return item
    raise AssertionError(f"no result for {entity} {rule_id}")


def test_level_follows_the_threshold(mixed: tuple) -> None:
    result = mixed[1]
    # ready has Silver and pay is below it; docs has no Silver, so nothing is gated.
    assert by_rule(result, "component:default/pay", "ready/codeowners")["level"] == "error"
    assert by_rule(result, "component:default/pay", "docs/docs-site")["level"] == "warning"


def test_located_at_the_offending_field(mixed: tuple) -> None:
    root, result = mixed
    item = by_rule(result, "component:default/pay", "ready/tier")
    location = item["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "svc/pay/catalog-info.yaml",
                                            "uriBaseId": "%SRCROOT%"}
    lines = (root / "svc/pay/catalog-info.yaml").read_text().splitlines()
    line, column = location["region"]["startLine"], location["region"]["startColumn"]
    # At the field's key or its value (the tags list), not at the entity.
    assert (lines[line - 1][column - 1:].startswith("tags:")
            or lines[line - 2].strip() == "tags:" and lines[line - 1].strip() == "- 50%")
    assert item["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "component:default/pay", "kind": "resource"}]
    # A file rule has no field: the entity's own line.
    readme = by_rule(result, "component:default/legacy", "ready/readme")
    assert readme["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_waived_rule_is_suppressed(mixed: tuple) -> None:
    item = by_rule(mixed[1], "component:default/legacy", "ready/runbook")
    assert item["suppressions"] == [{
        "kind": "external", "status": "accepted",
        "justification": "Runbook lives in the wiki: ops, 2025",
        "properties": {"approvedBy": "alice@example.com", "expires": "2030-01-01"}}]
    assert "fixes" not in item


def test_evaluation_error_is_reported(mixed: tuple) -> None:
    item = by_rule(mixed[1], "component:default/legacy", "ready/replicas")
    assert "could not be evaluated: type mismatch" in item["message"]["text"]
    assert item["properties"]["evaluationError"].startswith("type mismatch")


def test_fix_creates_the_missing_file(mixed: tuple) -> None:
    result = mixed[1]
    readme = by_rule(result, "component:default/legacy", "ready/readme")
    assert readme["fixes"] == [{
        "description": {"text": "Create svc/legacy/README.md"},
        "artifactChanges": [{
            "artifactLocation": {"uri": "svc/legacy/README.md", "uriBaseId": "REPOROOT"},
            "replacements": [{"deletedRegion": {"charOffset": 0, "charLength": 0},
                              "insertedContent": {
                                  "text": "# legacy\n\nWhat this component does.\n"}}],
        }],
    }]
    docs = by_rule(result, "component:default/pay", "docs/docs-site")
    change = docs["fixes"][0]["artifactChanges"][0]
    assert change["replacements"][0]["insertedContent"]["text"] == "# pay\n"  # fixAction
    # Fixes that edit the catalog or need a matching line are not file creations.
    assert "fixes" not in by_rule(result, "component:default/pay", "ready/tier")
    assert "fixes" not in by_rule(result, "component:default/pay", "docs/security")
    assert "README.md" in readme["message"]["text"]
    codeowners = by_rule(result, "component:default/pay", "ready/codeowners")
    inserted = codeowners["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert inserted["insertedContent"]["text"] == "* @payments\n"
    # No owner, so no content, and no extension: it could as well be a folder.
    assert "fixes" not in by_rule(result, "component:default/legacy", "ready/codeowners")


def test_deterministic(tmp_path: Path, mixed: tuple) -> None:
    text = render(mixed[1], RenderOptions())
    assert text == render(cases.mixed(tmp_path), RenderOptions())
    assert b"Time" not in text  # no startTimeUtc / endTimeUtc
    assert str(tmp_path).encode() not in text


def test_uris() -> None:
    assert uri("svc/a b/catalog-info.yaml") == ("svc/a%20b/catalog-info.yaml", "%SRCROOT%")
    assert uri("/abs/x#y.yaml") == ("file:///abs/x%23y.yaml", None)
    assert uri("C:/work/x.yaml") == ("file:///C:/work/x.yaml", None)


def test_notices_go_to_the_invocation(validator: object, tmp_path: Path) -> None:
    cases.write_case(tmp_path)
    cases.init_repo(tmp_path)
    (tmp_path / "svc/gold/catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: gold\n"
        "  annotations:\n    backstage.io/source-location: 'dir:../../..'\n", encoding="utf-8")
    doc = sarif(cases.run(tmp_path))
    assert_valid(validator, doc)
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["note"]
    assert "source-location" in notes[0]["message"]["text"]
