"""Wrong types at every level of an entity and of a scorecard.

Entities: ``check`` validates structure only (SPEC §4), so a wrong type is an input error
exactly where the structural check looks (apiVersion, kind, metadata, metadata.name,
metadata.namespace, spec; identifier, properties, relations), a template marker there skips
the file, and anywhere else the entity is evaluated by every rule type and rendered in every
format without an exception. Scorecards: a wrong type anywhere drops that scorecard with
located errors, or is accepted; the other scorecard always runs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import REPORTERS, RenderOptions, get_reporter
from tests.robustness.conftest import Run, write

WRONG: list[Any] = [5, 1.5, float("inf"), [1], ["a", None], [], {"a": 1}, {}, None, True, "",
                    " ", "{{ x }}", "a\nb"]
BACKSTAGE = {
    "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
    "metadata": {"name": "n", "namespace": "ns", "title": "T", "description": "D",
                 "annotations": {"backstage.io/source-location": "dir:.",
                                 "backstage.io/techdocs-ref": "dir:."},
                 "labels": {"a": "b"}, "tags": ["a"],
                 "links": [{"url": "https://x", "title": "Runbook", "type": "doc"}]},
    "spec": {"owner": "group:g", "lifecycle": "production", "type": "service", "system": "s"},
}
PORT = {"identifier": "p", "title": "P", "blueprint": "service", "team": ["t"],
        "properties": {"links": [{"url": "x", "title": "y"}], "tags": ["a"]},
        "relations": {"r": "x"}}
EVERY_RULE = {"id": "all", "rules": [
    {"id": "f", "level": "Bronze", "type": "entity.field.exists", "params": {"field": "owner"}},
    {"id": "t", "level": "Bronze", "type": "entity.field.exists", "params": {"field": "$title"}},
    {"id": "l", "level": "Bronze", "type": "entity.link.exists",
     "params": {"titleContains": "run", "type": "doc"}},
    {"id": "fe", "level": "Silver", "type": "scm.file.exists", "params": {"path": "README.md"}},
    {"id": "any", "level": "Silver", "type": "scm.anyOf", "params": {"paths": ["CODEOWNERS"]}},
    {"id": "fc", "level": "Silver", "type": "scm.file.contains",
     "params": {"path": "README.md", "pattern": "^#"}},
    {"id": "rc", "level": "Gold", "type": "scm.recentCommit", "params": {"days": 30}},
    {"id": "q", "level": "Gold", "query": {"combinator": "or", "conditions": [
        {"property": "tags", "operator": "containsAny", "value": ["a"]},
        {"property": "$team", "operator": "beginsWith", "value": "g"},
        {"property": "metadata.links[0].url", "operator": "contains", "value": "x"},
        {"property": "properties.created", "operator": "<", "value": "2024-01-01"}]}},
    {"id": "fx", "level": "Gold", "type": "entity.field.exists", "params": {"field": "missing"},
     "fixAction": {"actionId": "x", "suggestedInputs": {
         "a": "{{ entity.metadata.title }} {{ entity.spec.owner }} {{ entity.$team }}"}}},
]}
STRUCTURAL = {
    ("apiVersion",): "text", ("kind",): "text", ("metadata",): "mapping with a name",
    ("metadata", "name"): "text", ("metadata", "namespace"): "text", ("spec",): "mapping",
    ("identifier",): "text", ("properties",): "mapping or null", ("relations",): "mapping or null",
}
TEMPLATE_KEYS = {("kind",), ("metadata", "name"), ("metadata", "namespace"), ("identifier",),
                 ("blueprint",)}


def paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every key path in a document, parents first."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from paths(value, (*prefix, index))


def replaced(data: dict, path: tuple, value: Any) -> dict:
    """A deep copy of ``data`` with the value at ``path`` replaced."""
    copied = copy.deepcopy(data)
    node = copied
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copied


def expected(path: tuple, value: Any) -> str:
    """``error``, ``template`` or ``evaluated`` for a value at a path (SPEC §4)."""
    if path in TEMPLATE_KEYS and isinstance(value, str) and "{{" in value:
        return "template"
    wanted = STRUCTURAL.get(path)
    if wanted == "text":
        return "evaluated" if isinstance(value, str) and value.strip() else "error"
    if wanted == "mapping":
        return "evaluated" if isinstance(value, dict) else "error"
    if wanted == "mapping with a name":
        name = value.get("name") if isinstance(value, dict) else None
        return "evaluated" if isinstance(name, str) and name.strip() else "error"
    if wanted == "mapping or null":
        return "evaluated" if value is None or isinstance(value, dict) else "error"
    return "evaluated"


@pytest.fixture
def workspace(make_repo: Callable, scs: Path) -> tuple[Path, list[str]]:
    """A repository with source files, and the scorecards: every rule type, and built-ins."""
    repo = make_repo({"README.md": "# x\n", "CODEOWNERS": "* @t\n", "docs/index.md": "x"})
    (scs / "all.json").write_text(json.dumps(EVERY_RULE), encoding="utf-8")
    return repo, [str(scs / "all.json")]


def outcome(result: RunResult) -> str:
    """How one entity file came out, after rendering every format."""
    for name in REPORTERS:
        get_reporter(name)(result, RenderOptions(verbose=True))
    errors = result.errors
    if errors:
        assert len(errors) == 1, [e.format() for e in errors]
        assert errors[0].file == "catalog-info.json"
        assert not result.results
        return "error"
    if result.templates:
        return "template"
    assert [r["scorecard"] for r in result.results] == ["all"]
    return "evaluated"


@pytest.mark.parametrize("base", [BACKSTAGE, PORT], ids=["backstage", "port"])
def test_wrong_types_at_every_level_of_an_entity(workspace: tuple[Path, list[str]],
                                                 base: dict) -> None:
    repo, scorecards = workspace
    seen = 0
    for path in paths(base):
        for value in WRONG:
            (repo / "catalog-info.json").write_text(json.dumps(replaced(base, path, value)),
                                                    encoding="utf-8")
            result = run_check(CheckOptions(paths=["catalog-info.json"], scorecards=scorecards,
                                            cwd=str(repo), locate_fields=True))
            assert outcome(result) == expected(path, value), (path, value)
            seen += 1
    assert seen == len(list(paths(base))) * len(WRONG)


SCORECARD = {
    "id": "sc", "title": "T", "description": "d", "blueprint": "Component",
    "levels": ["Basic", {"title": "Bronze", "color": "bronze"}],
    "filter": {"combinator": "and", "conditions": [
        {"property": "kind", "operator": "=", "value": "Component"}]},
    "rules": [
        {"id": "r", "title": "R", "description": "D", "level": "Bronze",
         "type": "entity.field.exists", "params": {"field": "spec.owner"},
         "fixAction": {"actionId": "a", "suggestedInputs": {"x": 1}}},
        {"id": "q", "level": "Bronze", "query": {"combinator": "and", "conditions": [
            {"property": "kind", "operator": "=", "value": "x"}]}},
        {"id": "l", "level": "Bronze", "type": "entity.link.exists",
         "params": {"titleContains": "a", "urlStartsWith": "c"}},
        {"id": "a", "level": "Bronze", "type": "scm.anyOf", "params": {"paths": ["a", "b"]}},
        {"id": "c", "level": "Bronze", "type": "scm.file.contains",
         "params": {"path": "a", "pattern": "x"}},
        {"id": "t", "level": "Bronze", "type": "scm.recentCommit", "params": {"days": 3}},
    ],
}


def test_wrong_types_at_every_level_of_a_scorecard(cli: Callable[..., Run],
                                                   tmp_path: Path) -> None:
    """Each replacement: no exception, and either the scorecard is dropped with errors
    located inside its file, or it loads without any; ``ok`` always runs."""
    write(tmp_path, "e.yaml", "apiVersion: v1\nkind: Component\nmetadata: {name: e}\n")
    write(tmp_path, "ok.yaml", "id: ok\nrules: []\n")
    dropped = 0
    for path in paths(SCORECARD):
        for value in WRONG[:-1]:  # newlines in names: test_values.py::test_diagnostics_stay_*
            text = json.dumps(replaced(SCORECARD, path, value), indent=1)
            write(tmp_path, "sc.json", text)
            run = cli("check", "e.yaml", "-s", "sc.json", "-s", "ok.yaml", "-f", "json")
            ran = {r["scorecard"] for r in run.doc["results"]}
            assert "ok" in ran, (path, value)
            if ran - {"ok"} or run.doc["summary"]["skipped"]:
                assert run.lines == [], (path, value)
                continue
            dropped += 1
            assert run.exit_code == 2, (path, value)
            for line in run.lines:
                file, number = line.split(":")[:2]
                assert file == "sc.json", line
                assert 1 <= int(number) <= text.count("\n") + 1, line
    assert dropped > 200


@pytest.mark.parametrize(("text", "line"), [
    ("just text\n", "sc.yaml:1:1: a scorecard must be a mapping (got 'just text')"),
    ("id: 5\nrules: []\n", "sc.yaml:1:5: 'id' must be a non-empty string (got 5)"),
    ("id: a\nlevels: Gold\n", "sc.yaml:2:9: 'levels' must be a non-empty list (got 'Gold')"),
    ("id: a\nlevels: []\n", "sc.yaml:2:9: 'levels' must be a non-empty list (got [])"),
    ("id: a\nlevels: [Basic, 3]\n", "sc.yaml:2:17: a level is a name or {title, color} (got 3)"),
    ("id: a\nlevels: [{title: Gold, color: 1}]\n",
     "sc.yaml:2:31: level color must be a string (got 1)"),
    ("id: a\nblueprint: [x]\n", "sc.yaml:2:12: 'blueprint' must be a string (got ['x'])"),
    ("id: a\nfilter: [x]\n", "sc.yaml:2:9: a query must be a mapping, got ['x']"),
    ("id: a\nrules: {a: 1}\n", "sc.yaml:2:8: 'rules' must be a list (got {'a': 1})"),
    ("id: a\nrules: [x]\n", "sc.yaml:2:9: a rule must be a mapping (got 'x')"),
    ("id: a\nrules:\n  - {id: r, level: Gold, type: 5, params: {field: x}}\n",
     "sc.yaml:3:32: 'type' must be a non-empty string (got 5)"),
    ("id: a\nrules:\n  - {id: r, level: Gold, type: entity.field.exists, params: [x]}\n",
     "sc.yaml:3:61: 'params' must be a mapping, got ['x']"),
    ("id: a\nrules:\n  - {id: r, level: Gold, type: entity.field.exists, params: {field: 5}}\n",
     "sc.yaml:3:69: param 'field' must be a string, got 5"),
    ("id: a\nrules:\n  - {id: r, level: Gold, query: [x]}\n",
     "sc.yaml:3:33: a query must be a mapping, got ['x']"),
    ("id: a\nrules:\n  - {id: r, level: Gold, type: scm.recentCommit, params: {days: true}}\n",
     "sc.yaml:3:65: param 'days' must be a number, got True"),
    ("id: a\nrules:\n  - {id: r, level: Gold, type: scm.anyOf, params: {paths: README.md}}\n",
     "sc.yaml:3:59: param 'paths' must be a list, got 'README.md'"),
    (("id: a\nrules:\n  - {id: r, level: Gold, type: entity.field.exists, params: {field: x}, "
     "fixAction: [x]}\n"), "sc.yaml:3:84: 'fixAction' must be a mapping (got ['x'])"),
])
def test_wrong_types_in_a_scorecard_are_located(cli: Callable[..., Run], tmp_path: Path,
                                                text: str, line: str) -> None:
    write(tmp_path, "e.yaml", "identifier: e\n")
    write(tmp_path, "ok.yaml", "id: ok\nrules: []\n")
    write(tmp_path, "sc.yaml", text)
    run = cli("check", "e.yaml", "-s", "sc.yaml", "-s", "ok.yaml", "-f", "json")
    assert (run.exit_code, run.lines) == (2, [line])
    assert [r["scorecard"] for r in run.doc["results"]] == ["ok"]


@pytest.mark.parametrize("text", [
    "id: a\ntitle: [x]\nrules: []\n",
    "id: a\ndescription: {x: 1}\nrules: []\n",
    ("id: a\nrules:\n  - {id: r, title: 5, level: Gold, type: entity.field.exists, "
    "params: {field: x}}\n"),
    ("id: a\nrules:\n  - {id: r, description: [x], level: Gold, type: entity.field.exists, "
    "params: {field: x}}\n"),
])
def test_titles_and_descriptions_of_the_wrong_type(cli: Callable[..., Run], tmp_path: Path,
                                                   text: str) -> None:
    """SPEC §2: wrong types are definition errors; a title that is a list must not be
    silently replaced by the id."""
    write(tmp_path, "e.yaml", "identifier: e\n")
    write(tmp_path, "sc.yaml", text)
    run = cli("check", "e.yaml", "-s", "sc.yaml", "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("sc.yaml:")
