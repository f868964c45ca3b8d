"""``validate`` on files and folders: classification, walking, templates, the shipped files,
the examples and the shared corpus."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard_cli.core.documents import parse_documents
from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.init import init_files
from scorecard_cli.core.validate import classify, validate_files, validate_paths
from scorecard_cli.presets import PRESETS_DIR
from tests.conftest import REPO_ROOT, write_files

Check = Callable[..., list[str]]
ACME = REPO_ROOT / "examples" / "acme"


def kind(name: str, text: str) -> str | None:
    return classify(name, parse_documents(text, name, name, ScorecardError))


@pytest.mark.parametrize("name,text,expected", [
    (".scorecard.yaml", "failBelow: Gold\n", "config"),
    ("catalog-info.yaml", "id: looks-like-a-scorecard\n", "catalog"),
    ("sc.yaml", "id: prod\n", "scorecard"),
    ("sc.yaml", "identifier: prod\nrules: []\n", "scorecard"),
    ("sc.json", '[{"blueprint": "service", "data": []}]', "scorecard"),
    ("sc.yaml", "levels: [A]\n", "scorecard"),
    ("things.yaml", "apiVersion: v1\nkind: Thing\n", "catalog"),
    ("entities.json", '[{"identifier": "svc"}]', "catalog"),
    ("settings.yaml", "failBelow: Gold\nwaivers: []\n", "config"),
    ("my-scorecards.yaml", "title: only a title\n", "scorecard"),
    ("mkdocs.yml", "site_name: docs\n", None),
    ("empty.yaml", "", None),
])
def test_classify(name: str, text: str, expected: str | None) -> None:
    assert kind(name, text) == expected


def test_unknown_explicit_files_are_checked_as_catalog_files(check: Check) -> None:
    assert check("thing.yaml", "name: x\n") == [
        "thing.yaml:1:1: missing required key 'apiVersion'",
        "thing.yaml:1:1: missing required key 'kind'",
        "thing.yaml:1:1: missing required key 'metadata'",
        "thing.yaml:1:1: unknown key 'name'",
    ]


def test_folders_are_walked_for_our_files_only(tmp_path: Path) -> None:
    # catalog-info and config files by name, scorecards by content or a scorecard folder;
    # other tools' files (workflows, hooks, manifests, schemas) are left alone
    write_files(tmp_path, {
        "svc/catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: System\n"
                                 "metadata: {name: 'bad name'}\nspec: {owner: a}\n",
        "svc/package.json": '{"name": "svc", "version": "1.0.0"}',
        "svc/mkdocs.yml": "site_name: [unclosed\n",
        "scorecards/typo.yaml": "id: typo\nrulse: []\n",
        "scorecards/broken.yaml": "id: broken\nrules: [\n",
        "more/ops.yaml": "id: ops\nrules:\n  - {id: [\n",
        "scorecards/prod.yaml": "id: prod\nrules: [{id: a, level: Gold}]\n",
        ".scorecard.yaml": "failBelow: Gold\nwaivers: 5\n",
        ".github/workflows/ci.yaml": "on: push\nid: x\n",
        ".pre-commit-hooks.yaml": "- id: hook\n  name: x\n",
        "deploy/k8s.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: 'a b'}\n",
        "schema/scorecard.schema.json": '{"title": "not a scorecard"}',
        "node_modules/x/catalog-info.yaml": "broken: [\n",
    })
    result = validate_paths([], str(tmp_path))
    assert result.files == [".scorecard.yaml", "more/ops.yaml", "scorecards/broken.yaml",
                            "scorecards/prod.yaml", "scorecards/typo.yaml",
                            "svc/catalog-info.yaml"]
    assert [d.format() for d in result.diagnostics] == [
        ".scorecard.yaml:2:10: 'waivers' must be a list (got 5)",
        "more/ops.yaml:3:10: invalid YAML: unclosed bracket '['",
        "scorecards/broken.yaml:2:8: invalid YAML: unclosed bracket '['",
        "scorecards/prod.yaml:2:9: missing required key 'type'",
        "scorecards/typo.yaml:2:1: unknown key 'rulse' (did you mean 'rules'?)",
        ("svc/catalog-info.yaml:3:18: 'bad name' is not a valid entity name (letters and "
         "digits, separated by '-', '_' or '.', at most 63 characters)"),
    ]
    assert not result.ok


def test_each_file_once_and_in_the_order_given(tmp_path: Path) -> None:
    write_files(tmp_path, {"b.yaml": "id: b\nleve: 1\n", "a/catalog-info.yaml": "kind: 5\n"})
    found = validate_files(["b.yaml", "a", "./b.yaml", "nowhere"], str(tmp_path))
    assert list(dict.fromkeys(d.file for d in found)) == ["b.yaml", "a/catalog-info.yaml",
                                                          "nowhere"]
    assert [d.format() for d in found if d.file == "b.yaml"] == [
        "b.yaml:2:1: unknown key 'leve' (did you mean 'levels'?)"]


def test_missing_paths_and_empty_files(check: Check, tmp_path: Path) -> None:
    assert check("catalog-info.yaml", "# nothing\n", "nowhere.yaml") == [
        "catalog-info.yaml:1:1: no entity in this file (it is empty)",
        "nowhere.yaml:1:1: no such file or folder"]
    assert check("entities.json", "[]") == [
        "entities.json:1:1: no entity in this file (it is empty)"]
    assert check("scorecards.yaml", "---\n") == [
        "scorecards.yaml:1:1: no scorecard in this file (it is empty)"]


def test_unparseable_templates_are_skipped_and_broken_files_reported(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "skel/catalog-info.yaml": "metadata:\n  name: {{ cookiecutter.name }}\n  x: [\n",
        "broken/catalog-info.yaml": "metadata:\n  name: [\n",
    })
    result = validate_paths(["skel", "broken"], str(tmp_path))
    assert result.templates == ["skel/catalog-info.yaml"]
    assert result.files == ["broken/catalog-info.yaml"]
    assert [d.format() for d in result.diagnostics] == [
        "broken/catalog-info.yaml:2:9: invalid YAML: unclosed bracket '['"]


def test_binary_and_undecodable_files(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes(b"id: prod\ntitle: caf\xe9\n")
    (tmp_path / "binary.json").write_bytes(b"\x00\x01")
    found = validate_files(["latin1.yaml", "binary.json"], str(tmp_path))
    assert [d.format() for d in found] == [
        "latin1.yaml:2:11: not valid UTF-8 (byte 0xe9)",
        "binary.json:1:1: not a text file (it contains NUL bytes)"]


def test_absurd_nesting_is_one_problem(check: Check) -> None:
    deep = "[" * 5000 + "]" * 5000
    found = check("deep.json", deep)
    assert len(found) == 1 and found[0].startswith("deep.json:1:1: ")


def test_the_builtin_scorecards_and_init_files_are_valid(tmp_path: Path) -> None:
    presets = sorted(str(p) for p in PRESETS_DIR.glob("*.yaml"))
    assert presets and validate_files(presets, str(tmp_path)) == []
    written = init_files(str(tmp_path))
    assert validate_files(written, str(tmp_path)) == []


def test_the_examples_validate(tmp_path: Path) -> None:
    # a folder gives its catalog-info files and scorecards; Port entity files are named
    result = validate_paths([str(ACME), "examples/acme/port/entities.json"], str(REPO_ROOT))
    assert sorted(result.files) == sorted([
        "examples/acme/catalog-info.yaml",
        "examples/acme/port/entities.json",
        "examples/acme/scorecards/port-ownership.json",
        "examples/acme/scorecards/production-readiness.yaml",
        *(f"examples/acme/services/{s}/catalog-info.yaml" for s in (
            "checkout", "legacy-billing", "payments", "recommendations-experiment", "search")),
    ])
    # legacy-billing leaves out spec.owner on purpose, for `check` to catch; Backstage
    # requires it for a Component, so `validate` reports it: the only problem
    assert [d.format() for d in result.diagnostics] == [
        ("examples/acme/services/legacy-billing/catalog-info.yaml:18:3: "
        "missing required key 'owner'")]


def corpus(folder: str, pattern: str = "*") -> list:
    root = REPO_ROOT.parent / "shared" / "corpus" / folder
    if not root.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared is not present"))]
    return [pytest.param(p, id=p.name[:80]) for p in sorted(root.glob(pattern))]


@pytest.mark.parametrize("path", corpus("backstage") + corpus("port", "*scorecards.json"))
def test_corpus_file(path: Path) -> None:
    result = validate_paths([path.name], str(path.parent))
    assert {*result.files, *result.templates} == {path.name}
    for diagnostic in result.diagnostics:
        assert diagnostic.file == path.name and diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.message and "\n" not in diagnostic.message


def test_corpus_verdicts(shared: Path) -> None:
    """The corpus through validate: the known-invalid samples fail, the rest pass."""
    backstage = shared / "corpus" / "backstage"
    files = sorted(p.name for p in backstage.iterdir())
    result = validate_paths(files, str(backstage))
    assert len(result.templates) == 9  # 7 unparseable skeletons, 2 templated documents
    assert len({*result.files, *result.templates}) == 55
    failing: dict[str, str] = {}
    for d in result.diagnostics:
        failing.setdefault(d.file.split("__")[-1], d.message)
    assert {name: message.split(" (")[0].split(":")[0] for name, message in failing.items()} == {
        # the same Roadie sample entity, written differently in several files
        "catalog-info-with-bad-techdocs-dir.yml": "duplicate entity component",
        "catalog-info.yml": "duplicate entity component",
        "invalid-catalog-info.yml": "duplicate entity component",
        "catalog-info-with-empty-label.yml": "'definition' must be a string",
        "catalog-info-with-replacement.yml": "$text './openapi/v1.oas3.yaml'",
        "invalid-domain-entity.yml": "missing required key 'owner'",
        "invalid-resource-entity.yml": "missing required key 'owner'",
        "invalid-system-entity.yml": "missing required key 'owner'",
        "template-v2-entity.yml": "'backstage.io/v1beta2' is no longer read by Backstage for "
                                  "kind Template",
        "org.yaml": "Location target './infrastructure-group.yaml' not found",
        "invalid-component.yaml": "'invalid component' is not a valid entity name",
        "prod.yaml": "unknown kind 'Environment'",
        "all.yaml": "Location target './apis.yaml' not found",
        "nexus-repo-manager-3.yaml": "'definition' must be a string",
        "components.yaml": "Location target './components/showcase.yaml' not found",
    }


def test_port_corpus_scorecards(shared: Path) -> None:
    port = shared / "corpus" / "port"
    files = sorted(p.name for p in port.glob("*scorecards.json"))
    for name in files:
        assert validate_files([name], str(port)) == []
    together = validate_files(files, str(port))
    assert [d.message.split(":")[0] for d in together] == [
        "duplicate scorecard id 'ProductionReadiness'"]


def test_json_positions(check: Check) -> None:
    data = {"apiVersion": "backstage.io/v1alpha1", "kind": "System",
            "metadata": {"name": "shop", "tags": ["Shop"]}, "spec": {}}
    text = json.dumps(data, indent=2)
    assert check("system.json", text) == [
        ("system.json:7:7: 'Shop' is not a valid tag (lower-case letters, digits and ':+#', "
        "separated by single '-')"),
        "system.json:10:11: missing required key 'owner'"]
    assert text.splitlines()[6] == '      "Shop"' and text.splitlines()[9] == '  "spec": {}'
