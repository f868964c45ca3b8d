"""Catalog files (SPEC §4): shapes, references, templates, Locations, input errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard_cli.core.catalog import load_catalog
from tests.conftest import write_files


def load(tmp_path: Path, files: dict[str, str], *names: str) -> tuple[list, list[str], list]:
    write_files(tmp_path, files)
    catalog = load_catalog([str(tmp_path / n) for n in names or files], str(tmp_path))
    return ([(e.ref, e.display, e.line) for e in catalog.entities],
            [d.format() for d in catalog.diagnostics if d.severity == "error"],
            catalog.templates)


COMPONENT = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n"


def test_backstage_multi_document_and_references(tmp_path: Path) -> None:
    text = ("# comment\n" + COMPONENT.format(name="a") + "---\n" +
            "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: b\n"
            "  namespace: payments\nspec: {owner: team}\n---\n")
    entities, errors, _ = load(tmp_path, {"catalog-info.yaml": text})
    assert errors == []
    assert entities == [("component:default/a", "catalog-info.yaml", 2),
                        ("api:payments/b", "catalog-info.yaml", 7)]


def test_port_entities_json_array_and_single(tmp_path: Path) -> None:
    files = {"many.json": '[\n  {"identifier": "a", "blueprint": "service"},\n'
                          '  {"identifier": "b"}\n]\n',
             "one.yaml": "identifier: c\nblueprint: repo\nteam: [x]\nproperties: {a: 1}\n"}
    entities, errors, _ = load(tmp_path, files)
    assert errors == []
    assert entities == [("service:a", "many.json", 2), ("entity:b", "many.json", 3),
                        ("repo:c", "one.yaml", 1)]


@pytest.mark.parametrize(("text", "expected"), [
    ("kind: Component\nmetadata: {name: a}\n",
     "e.yaml:1:1: apiVersion must be a non-empty string (missing)"),
    ("apiVersion: 1\nkind: Component\nmetadata: {name: a}\n",
     "e.yaml:1:13: apiVersion must be a non-empty string (got 1)"),
    ("apiVersion: v1\nkind: Component\nmetadata: [a]\n",
     "e.yaml:3:11: metadata must be a mapping (got ['a'])"),
    ("apiVersion: v1\nkind: Component\nmetadata: {title: x}\n",
     "e.yaml:3:11: metadata.name must be a non-empty string (missing)"),
    ("apiVersion: v1\nkind: Component\nmetadata: {name: ''}\n",
     "e.yaml:3:18: metadata.name must be a non-empty string (got '')"),
    ("apiVersion: v1\nkind: Component\nmetadata: {name: a, namespace: 3}\n",
     "e.yaml:3:32: metadata.namespace must be a non-empty string (got 3)"),
    ("apiVersion: v1\nkind: Component\nmetadata: {name: a}\nspec: [1]\n",
     "e.yaml:4:7: spec must be a mapping (got [1])"),
    ("identifier: ''\n", "e.yaml:1:13: identifier must be a non-empty string (got '')"),
    ("identifier: a\nproperties: [1]\n", "e.yaml:2:13: properties must be a mapping (got [1])"),
    ("just a string\n", "e.yaml:1:1: not an entity: expected a mapping, got str"),
    ("name: x\nowner: y\n", "e.yaml:1:1: not an entity: expected a Backstage entity"),
    ("identifier: sc\nrules: []\n", None),  # a Port entity may not hold rules: still an entity
    ("blueprint: service\ndata: []\n", "e.yaml:1:1: this is a scorecard definition"),
    ("identifier: bp\nschema: {properties: {}}\n", "e.yaml:1:1: this is a Port blueprint"),
    ("a: [1\n", "e.yaml:1:4: invalid YAML: unclosed bracket '['"),
    ("a: 1\na: 2\n", "e.yaml:2:1: invalid YAML: duplicate key 'a'"),
    ("", "e.yaml:1:1: no entity in this file (it is empty)"),
    ("# only a comment\n", "e.yaml:1:1: no entity in this file (it is empty)"),
])
def test_structural_errors(tmp_path: Path, text: str, expected: str | None) -> None:
    entities, errors, _ = load(tmp_path, {"e.yaml": text})
    if expected is None:
        assert errors == []
        return
    assert len(errors) == 1
    assert errors[0].startswith(expected), errors[0]
    assert entities == []


def test_missing_kind_specific_fields_are_not_errors(tmp_path: Path) -> None:
    text = "apiVersion: v1\nkind: API\nmetadata: {name: 'invalid name'}\nspec: {definition: }\n"
    entities, errors, _ = load(tmp_path, {"e.yaml": text})
    assert (entities, errors) == ([("api:default/invalid name", "e.yaml", 1)], [])


def test_bad_document_does_not_lose_good_ones(tmp_path: Path) -> None:
    text = COMPONENT.format(name="a") + "---\nkind: Component\n---\n" + COMPONENT.format(name="c")
    entities, errors, _ = load(tmp_path, {"e.yaml": text})
    assert [e[0] for e in entities] == ["component:default/a", "component:default/c"]
    assert errors == ["e.yaml:6:1: apiVersion must be a non-empty string (missing)"]


def test_templates_are_skipped(tmp_path: Path) -> None:
    files = {
        "cookie.yaml": "apiVersion: v1\nkind: Component\nmetadata:\n"
                       "  name: {{cookiecutter.component_id | jsonify}}\n",
        "nunjucks.yaml": "apiVersion: v1\nkind: Component\nmetadata:\n  name: x\n"
                         "{%- if values.description %}\n  description: y\n{%- endif %}\n",
        "scaffold.yaml": "apiVersion: v1\nkind: Component\nmetadata:\n"
                         "  name: ${{ values.name }}\n",
        "good.yaml": COMPONENT.format(name="good"),
    }
    entities, errors, templates = load(tmp_path, files)
    assert errors == []
    assert [e[0] for e in entities] == ["component:default/good"]
    assert sorted(templates) == ["cookie.yaml", "nunjucks.yaml", "scaffold.yaml"]


def test_unparseable_file_without_markers_is_an_error(tmp_path: Path) -> None:
    _, errors, templates = load(tmp_path, {"e.yaml": "a: {b\n"})
    assert templates == []
    assert errors[0] == "e.yaml:1:4: invalid YAML: unclosed bracket '{'"


def test_locations_are_followed_once(tmp_path: Path) -> None:
    files = {
        "catalog-info.yaml": "apiVersion: v1\nkind: Location\nmetadata: {name: root}\n"
                             "spec:\n  targets:\n    - ./a/catalog-info.yaml\n"
                             "    - ./b/*.yaml\n    - https://example.com/x.yaml\n"
                             "    - ./missing.yaml\n    - ../../outside.yaml\n",
        "a/catalog-info.yaml": COMPONENT.format(name="a"),
        "b/one.yaml": COMPONENT.format(name="b1"),
        "b/two.yaml": COMPONENT.format(name="b2"),
    }
    write_files(tmp_path, files)
    catalog = load_catalog([str(tmp_path / "catalog-info.yaml"),
                            str(tmp_path / "a" / "catalog-info.yaml")], str(tmp_path))
    assert sorted(e.ref for e in catalog.entities) == [
        "component:default/a", "component:default/b1", "component:default/b2",
        "location:default/root"]
    assert [d.format() for d in catalog.diagnostics] == [
        "catalog-info.yaml:9:7: Location target './missing.yaml' not found",
        "catalog-info.yaml:10:7: Location target '../../outside.yaml' leaves the repository",
    ]


def test_duplicate_references(tmp_path: Path) -> None:
    files = {"a.yaml": COMPONENT.format(name="x"),
             "b.yaml": COMPONENT.format(name="x"),
             "c.yaml": COMPONENT.format(name="x") + "spec: {owner: other}\n"}
    entities, errors, _ = load(tmp_path, files)
    assert [e[:2] for e in entities] == [("component:default/x", "a.yaml")]
    assert errors == [("c.yaml:1:1: duplicate entity component:default/x: first defined at "
                      "a.yaml:1:1")]


def test_unsupported_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.yaml").write_bytes(b"name: caf\xe9\n")
    (tmp_path / "main.tf").write_text("resource {}")
    catalog = load_catalog([str(tmp_path / n) for n in ("bin.yaml", "latin.yaml", "main.tf",
                                                        "gone.yaml")], str(tmp_path))
    assert [d.format() for d in catalog.diagnostics] == [
        "bin.yaml:1:1: not a text file (it contains NUL bytes)",
        "latin.yaml:1:10: not valid UTF-8 (byte 0xe9)",
        "main.tf:1:1: unsupported file type: a catalog file ends in .yaml, .yml or .json",
        "gone.yaml:1:1: cannot read file: No such file or directory",
    ]


def test_bom_and_crlf(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_bytes(b"\xef\xbb\xbf" + COMPONENT.format(name="a").replace(
        "\n", "\r\n").encode())
    catalog = load_catalog([str(tmp_path / "e.yaml")], str(tmp_path))
    assert [e.ref for e in catalog.entities] == ["component:default/a"]


@pytest.mark.parametrize(("text", "hint"), [
    ("openapi: 3.0.1\ninfo:\n  title: x\n  x-cortex-tag: x\n", "a Cortex descriptor"),
    ("version: 1\nservice:\n  name: x\n", "an OpsLevel descriptor"),
    ('{"axioms": {}, "rules": {"all": {}}}', "a repolinter configuration"),
])
def test_other_tools_descriptors_are_named(tmp_path: Path, text: str, hint: str) -> None:
    name = "e.json" if text.startswith("{") else "e.yaml"
    _, errors, _ = load(tmp_path, {name: text})
    assert errors == [(f"{name}:1:1: not an entity ({hint}, which scorecard does not read): "
                      "expected a Backstage entity (apiVersion, kind, metadata) or a Port "
                      "entity (identifier)")]
