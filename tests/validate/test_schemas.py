"""The shipped JSON Schemas: valid draft 2020-12, found in a checkout and in a wheel, loaded
lazily, in step with the code, and the result schema true to real ``check`` output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core import schemas
from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.config import CONFIG_KEYS, PRESETS
from scorecard_cli.core.errors import UsageError
from scorecard_cli.core.model import Waiver
from scorecard_cli.core.query import OPERATORS
from scorecard_cli.core.rules import RULE_TYPES
from scorecard_cli.core.schemas import SCHEMA_NAMES, load_schema, schema_problems, schema_text
from tests.conftest import REPO_ROOT

ACME = REPO_ROOT / "examples" / "acme"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_each_schema_is_valid_2020_12(name: str) -> None:
    schema = json.loads(schema_text(name))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == load_schema(name)
    assert schema_text(name) == (REPO_ROOT / "schemas" / f"{name}.schema.json").read_text()


def test_only_schemas_in_the_schemas_folder() -> None:
    assert sorted(p.name for p in (REPO_ROOT / "schemas").iterdir()) == sorted(
        f"{name}.schema.json" for name in SCHEMA_NAMES)


def test_unknown_schema_name() -> None:
    with pytest.raises(UsageError, match="unknown schema 'entities'"):
        schema_text("entities")


def test_validators_are_compiled_once() -> None:
    assert schemas.validator("entity") is schemas.validator("entity")


def test_schemas_are_read_from_an_installed_package(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """As from a wheel: ``scorecard_cli.schemas`` is a package holding the .json files."""
    package = tmp_path / "scorecard_cli" / "schemas"
    package.mkdir(parents=True)
    (package / "result.schema.json").write_text('{"title": "from the package"}')
    monkeypatch.setattr("importlib.resources.files",
                        lambda name: package if name == "scorecard_cli.schemas" else None)
    assert schema_text("result") == '{"title": "from the package"}'


def test_heavy_modules_are_imported_only_when_needed() -> None:
    code = ("import sys\nimport scorecard_cli.core.validate\n"
            "assert not {'jsonschema', 'git', 'typer', 'rich'} & set(sys.modules)\n"
            "from scorecard_cli.core.schemas import schema_problems\n"
            "schema_problems('config', {})\nassert 'jsonschema' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def _enum(name: str, *path: str) -> list:
    node = load_schema(name)
    for key in path:
        node = node[key]
    return list(node["enum"])


def test_rule_types_operators_and_params_match_the_code() -> None:
    scorecard = load_schema("scorecard")["$defs"]
    assert _enum("scorecard", "$defs", "rule", "properties", "type") == list(RULE_TYPES)
    assert _enum("scorecard", "$defs", "condition", "properties", "operator") == list(OPERATORS)
    for rule_type, module in RULE_TYPES.items():
        if rule_type == "entity.query":
            continue  # its params are a query
        params = scorecard[f"params.{rule_type}"]
        assert list(params["properties"]) == list(module.PARAMS), rule_type
        required = [name for name, (_, needed) in module.PARAMS.items() if needed]
        assert params.get("required", []) == required, rule_type


def test_config_schema_matches_the_loader() -> None:
    config = load_schema("config")
    assert sorted(config["properties"]) == sorted(CONFIG_KEYS)
    assert _enum("config", "properties", "extends") == list(PRESETS)
    # the query definitions are copied into the config schema (each file stands alone)
    for name in ("query", "queryItem", "condition", "dateRange", "propertyPath"):
        assert config["$defs"][name] == load_schema("scorecard")["$defs"][name]


def test_schema_problems_on_a_clean_and_a_broken_entity() -> None:
    assert schema_problems("entity", {"identifier": "svc"}) == []
    problems = schema_problems("entity", {"apiVersion": "v1", "kind": "A", 1: "x"})
    assert [(p.keys, p.message) for p in problems] == [
        ((), "missing required key 'metadata'"), (("1",), "unknown key '1'")]


def _check_document(cwd: Path, **options: object) -> dict:
    result = run_check(CheckOptions(cwd=str(cwd), use_config=False, **options))  # type: ignore
    return json.loads(json.dumps(result.document()))


def test_result_schema_validates_real_check_output() -> None:
    document = _check_document(
        REPO_ROOT, paths=["examples/acme", "examples/acme/port/entities.json"],
        scorecards=["examples/acme/scorecards"], fail_below="Silver", locate_fields=True,
        waivers=[Waiver("production-readiness", "has-codeowners", "component:default/legacy-*",
                        "Being decommissioned", "platform@example.com", "2999-01-01")],
        now=1767225600.0)
    schemas.validator("result").validate(document)
    rules = [r for result in document["results"] for r in result["rules"]]
    assert any("waiver" in r for r in rules) and any("line" in r for r in rules)
    assert document["summary"]["belowThreshold"] > 0
    assert {r["fix"]["actionId"] for r in rules if r["fix"]} >= {
        "catalog.updateEntity@v1", "scm.createOrUpdateFile@v1", "catalog.addLink@v1"}


def test_result_schema_validates_errors_and_diagnostics(tmp_path: Path) -> None:
    # outside any git repository the scm rules are evaluation errors; a bad file is an input error
    shutil.copytree(ACME, tmp_path / "acme")
    (tmp_path / "acme" / "broken.yaml").write_text("kind: [\n")
    document = _check_document(tmp_path, paths=["acme", "acme/broken.yaml"],
                               scorecards=["acme/scorecards"])
    schemas.validator("result").validate(document)
    assert document["diagnostics"] and document["summary"]["errors"] == 1
    assert any(r["error"] for result in document["results"] for r in result["rules"])


def test_result_schema_rejects_changed_meanings_but_allows_additions() -> None:
    document = _check_document(REPO_ROOT, paths=["examples/acme"],
                               scorecards=["examples/acme/scorecards"])
    document["results"][0]["status"] = "passed"
    document["summary"]["extra"] = 1  # an additive field of a later release: allowed
    document["results"][0]["rules"][0]["newField"] = {"any": "shape"}
    messages = [p.message for p in schema_problems("result", document)]
    assert messages == ["'passed' is not allowed for 'status' (known: success, partial, failed)"]


def test_result_schema_validates_the_cli_json_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)
    result = CliRunner().invoke(app, ["check", "examples/acme", "examples/acme/port/entities.json",
                                      "-s", "examples/acme/scorecards", "--no-config",
                                      "--fail-below", "Gold", "-f", "json"])
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert schema_problems("result", document) == []
    assert [sc["id"] for sc in document["scorecards"]] == [
        "ownership", "production-readiness", "serviceOwnership"]
