"""$text, $json and $yaml placeholders, replaced as Backstage's placeholder processor does."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.catalog import load_catalog
from scorecard_cli.core.documents import MAX_FILE_BYTES
from scorecard_cli.core.placeholders import MAX_INCLUDED_BYTES, Includer, Unresolved

API = ("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: {name}\n"
       "spec:\n  type: openapi\n  lifecycle: production\n  owner: team\n"
       "  definition:\n    {key}: {value}\n")


def _load(root: Path, *files: str) -> tuple[dict, list[str], list[str]]:
    catalog = load_catalog([str(root / f) for f in files], str(root))
    return ({e.ref: e.data for e in catalog.entities},
            [d.format() for d in catalog.diagnostics if d.severity == "error"],
            [d.format() for d in catalog.diagnostics if d.severity == "notice"])


def _definition(data: dict, name: str = "api") -> object:
    return data[f"api:default/{name}"]["spec"]["definition"]


def test_text_json_and_yaml_from_the_catalog_files_folder(make_repo: Callable) -> None:
    repo = make_repo({
        "svc/catalog-info.yaml": API.format(name="t", key="$text", value="./openapi.yaml")
        + "---\n" + API.format(name="j", key="$json", value="specs/api.json")
        + "---\n" + API.format(name="y", key="$yaml", value="../shared/api.yaml"),
        "svc/openapi.yaml": "openapi: 3.0.0\ninfo: {title: T}\n",
        "svc/specs/api.json": '{"openapi": "3.1.0", "paths": {}}',
        "shared/api.yaml": "openapi: 3.0.3\ntags: [a, b]\n",
    })
    data, errors, notices = _load(repo, "svc/catalog-info.yaml")
    assert (errors, notices) == ([], [])
    assert _definition(data, "t") == "openapi: 3.0.0\ninfo: {title: T}\n"
    assert _definition(data, "j") == {"openapi": "3.1.0", "paths": {}}
    assert _definition(data, "y") == {"openapi": "3.0.3", "tags": ["a", "b"]}


def test_a_leading_slash_is_the_repository_root(make_repo: Callable) -> None:
    repo = make_repo({
        "a/b/catalog-info.yaml": API.format(name="api", key="$text", value="/docs/api.graphql"),
        "docs/api.graphql": "type Query { a: Int }\n",
    })
    data, errors, _ = _load(repo, "a/b/catalog-info.yaml")
    assert errors == [] and _definition(data) == "type Query { a: Int }\n"


def test_placeholders_anywhere_but_only_exactly_one_dollar_key(make_repo: Callable) -> None:
    repo = make_repo({
        "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
        "metadata:\n  name: c\n  description: {$text: ./desc.txt}\n"
        "spec:\n  owner: team\n  schema:\n    $ref: '#/definitions/x'\n"
        "  both: {$text: ./desc.txt, other: 1}\n  plugin: {$openapi: ./desc.txt}\n"
        "  items:\n    - {$json: ./n.json}\n",
        "desc.txt": "Hello\n",
        "n.json": "[1, 2]",
    })
    data, errors, _ = _load(repo, "catalog-info.yaml")
    entity = data["component:default/c"]
    assert errors == []
    assert entity["metadata"]["description"] == "Hello\n"
    assert entity["spec"]["schema"] == {"$ref": "#/definitions/x"}  # no such resolver
    assert entity["spec"]["both"] == {"$text": "./desc.txt", "other": 1}
    assert entity["spec"]["plugin"] == {"$openapi": "./desc.txt"}
    assert entity["spec"]["items"] == [[1, 2]]


def test_an_included_file_is_not_searched_again(make_repo: Callable) -> None:
    repo = make_repo({
        "catalog-info.yaml": API.format(name="api", key="$yaml", value="a.yaml"),
        "a.yaml": "inner: {$text: ./b.txt}\n",
        "b.txt": "b",
    })
    data, errors, _ = _load(repo, "catalog-info.yaml")
    assert errors == [] and _definition(data) == {"inner": {"$text": "./b.txt"}}


@pytest.mark.parametrize(("value", "files", "message"), [
    ("../../outside.txt", {}, "'$text' '../../outside.txt' leaves the repository"),
    ("./missing.txt", {}, "$text './missing.txt': cannot read file"),
    ("./link.txt", {}, "$text './link.txt' leaves the repository"),
    ("./folder", {"folder/x": "x"}, "$text './folder': not a regular file (a folder)"),
    ("5", {}, None),
])
def test_files_that_cannot_be_included(make_repo: Callable, tmp_path: Path, value: str,
                                       files: dict, message: str | None) -> None:
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    repo = make_repo({"svc/catalog-info.yaml": API.format(name="api", key="$text", value=value),
                      **{f"svc/{k}": v for k, v in files.items()}})
    os.symlink(tmp_path / "outside.txt", repo / "svc" / "link.txt")
    data, errors, _ = _load(repo, "svc/catalog-info.yaml")
    if message is None:  # a number is not a path: as Backstage, refused
        assert len(errors) == 1 and "needs a relative path or a URL" in errors[0]
    else:
        assert len(errors) == 1
        assert errors[0].startswith("svc/catalog-info.yaml:10:5: ")
        assert message.replace("'$text'", "$text") in errors[0]
    assert data == {}  # an input error for that document: not evaluated


def test_a_url_is_not_fetched_and_rules_say_so(make_repo: Callable,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://example.com/api.yaml"
    repo = make_repo({
        "catalog-info.yaml": API.format(name="api", key="$text", value=url),
        "sc.yaml": "id: s\nrules:\n  - {id: d, title: D, level: Bronze, "
                   "type: entity.field.exists, params: {field: spec.definition}}\n",
    })
    data, errors, notices = _load(repo, "catalog-info.yaml")
    assert errors == [] and len(notices) == 1 and "is a URL: not fetched" in notices[0]
    assert isinstance(_definition(data), Unresolved)
    assert _definition(data) == {"$text": url}
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["check", "-s", "sc.yaml", "-f", "json", "--no-config",
                                      "catalog-info.yaml"])
    rule = json.loads(result.stdout)["results"][0]["rules"][0]
    assert rule["details"].startswith("spec.definition is <$text not resolved: https://")


def test_parse_errors_and_document_counts_of_included_files(make_repo: Callable) -> None:
    repo = make_repo({
        "catalog-info.yaml": API.format(name="a", key="$json", value="bad.json")
        + "---\n" + API.format(name="b", key="$yaml", value="two.yaml")
        + "---\n" + API.format(name="c", key="$yaml", value="deep.yaml"),
        "bad.json": '{\n  "a": 1,\n  "a": 2\n}',
        "two.yaml": "a: 1\n---\nb: 2\n",
        "deep.yaml": "x: " + "[" * 99 + "]" * 99 + "\n",
    })
    _, errors, _ = _load(repo, "catalog-info.yaml")
    assert len(errors) == 3
    assert "$json 'bad.json': invalid JSON: duplicate key 'a' (at 3:3 of that file)" in errors[0]
    assert "$yaml 'two.yaml': expected exactly one YAML document, found 2" in errors[1]
    assert "nesting is too deep" in errors[2]


def test_size_limits_apply_to_included_files(make_repo: Callable) -> None:
    big = "x" * (MAX_FILE_BYTES + 1)
    part = "y" * (MAX_FILE_BYTES - 10)
    count = MAX_INCLUDED_BYTES // len(part) + 1
    apis = "---\n".join(API.format(name=f"p{i}", key="$text", value="part.txt")
                        for i in range(count))
    repo = make_repo({
        "big/catalog-info.yaml": API.format(name="big", key="$text", value="big.txt"),
        "big/big.txt": big,
        "many/catalog-info.yaml": apis,
        "many/part.txt": part,
    })
    _, errors, _ = _load(repo, "big/catalog-info.yaml")
    assert len(errors) == 1 and "file is too large" in errors[0]
    data, errors, _ = _load(repo, "many/catalog-info.yaml")
    assert len(errors) == 1 and "exceed" in errors[0]
    assert len(data) == count - 1


def test_substitute_never_modifies_its_input(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("T", encoding="utf-8")
    data = {"spec": {"definition": {"$text": "t.txt"}, "other": [1]}}
    includer = Includer(str(tmp_path / "catalog-info.yaml"), str(tmp_path))
    new, issues = includer.substitute(data)
    assert issues == [] and new["spec"]["definition"] == "T"
    assert data == {"spec": {"definition": {"$text": "t.txt"}, "other": [1]}}
    assert new["spec"]["other"] is data["spec"]["other"]


def test_the_result_cache_sees_a_change_in_an_included_file(
        make_repo: Callable, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path / "cache"))
    repo = make_repo({
        "svc/catalog-info.yaml": API.format(name="api", key="$text", value="./openapi.yaml"),
        "svc/openapi.yaml": "openapi: 3.0.0\n",
        "sc.yaml": "id: s\nrules:\n  - id: v31\n    title: OpenAPI 3.1\n    level: Bronze\n"
                   "    query:\n      combinator: and\n      conditions: [{property: "
                   "spec.definition, operator: contains, value: '3.1'}]\n",
    })
    monkeypatch.chdir(repo)

    def grade() -> bool:
        result = CliRunner().invoke(app, ["check", "-s", "sc.yaml", "-f", "json", "--no-config",
                                          "svc"])
        return json.loads(result.stdout)["results"][0]["rules"][0]["passed"]

    assert grade() is False
    assert grade() is False  # warm
    (repo / "svc" / "openapi.yaml").write_text("openapi: 3.1.0\n", encoding="utf-8")
    assert grade() is True  # the catalog file did not change; what it includes did
    (repo / "svc" / "openapi.yaml").unlink()
    result = CliRunner().invoke(app, ["check", "-s", "sc.yaml", "-f", "json", "--no-config",
                                      "svc"])
    assert "cannot read file" in result.stderr and json.loads(result.stdout)["results"] == []


def test_port_entities_have_no_placeholders(make_repo: Callable) -> None:
    repo = make_repo({
        "port.yaml": "identifier: svc\nblueprint: service\nproperties:\n"
                     "  readme: {$text: ./README.md}\n",
        "README.md": "# Svc\n",
    })
    data, errors, _ = _load(repo, "port.yaml")
    assert errors == [] and data["service:svc"]["properties"]["readme"] == {
        "$text": "./README.md"}


def test_diff_reads_included_files_from_each_side(make_repo: Callable,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo({
        "catalog-info.yaml": API.format(name="api", key="$text", value="./api.yaml"),
        "api.yaml": "openapi: 3.0.0\n",
        "sc.yaml": "id: s\nrules:\n  - id: v31\n    title: OpenAPI 3.1\n    level: Bronze\n"
                   "    query: {combinator: and, conditions: [{property: spec.definition, "
                   "operator: contains, value: '3.1'}]}\n",
    })
    (repo / "api.yaml").write_text("openapi: 3.1.0\n", encoding="utf-8")  # not committed
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["diff", "--base", "HEAD", "-s", "sc.yaml", "--no-config",
                                      "."])
    assert "Basic → Bronze" in result.stdout and "v31  now passes" in result.stdout
