"""Scorecard definitions (SPEC §2): both dialects, wrappers, defaults, located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorecard_cli.core.scorecards import load_definitions

NATIVE = """\
id: production-readiness
title: Production Readiness
blueprint: Component
levels: [Basic, Bronze, Silver, Gold]
filter:
  combinator: and
  conditions: [{property: spec.lifecycle, operator: "!=", value: experimental}]
rules:
  - id: has-owner
    title: Has an owner
    level: Bronze
    type: entity.field.exists
    params: {field: spec.owner}
  - id: has-readme
    title: Has a README
    level: silver
    type: scm.file.exists
    params: {path: README.md}
    fixAction:
      actionId: scm.createOrUpdateFile@v1
      suggestedInputs: {path: README.md, content: "# {{ entity.title }}\\n"}
"""


def load(tmp_path: Path, name: str, text: str) -> tuple[list, list[str]]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    defs = load_definitions([str(tmp_path / name)], str(tmp_path))
    return defs.scorecards, [d.format() for d in defs.diagnostics]


def test_native(tmp_path: Path) -> None:
    [sc], errors = load(tmp_path, "sc.yaml", NATIVE)
    assert errors == []
    assert (sc.id, sc.title, sc.blueprint) == ("production-readiness", "Production Readiness",
                                              "Component")
    assert [lv.title for lv in sc.levels] == ["Basic", "Bronze", "Silver", "Gold"]
    assert [lv.color for lv in sc.levels] == ["paleBlue", "bronze", "silver", "gold"]
    assert [(r.id, r.level, r.type) for r in sc.rules] == [
        ("has-owner", "Bronze", "entity.field.exists"), ("has-readme", "Silver", "scm.file.exists")]
    assert sc.filter is not None
    assert (sc.file, sc.line) == ("sc.yaml", 1)


def test_port_wrapper_and_default_levels(tmp_path: Path) -> None:
    data = [{"blueprint": "service", "data": [
        {"identifier": "a", "title": "A", "id": "sc_123", "createdAt": "2024-01-01",
         "createdBy": "x", "updatedAt": "y", "updatedBy": "z",
         "rules": [{"identifier": "r", "title": "R", "level": "Gold", "description": "d",
                    "query": {"combinator": "and",
                              "conditions": [{"property": "$team", "operator": "isNotEmpty"}]}}]},
        {"identifier": "b", "title": "B", "levels": [{"title": "Low", "color": "green"}],
         "rules": []}]}]
    scorecards, errors = load(tmp_path, "sc.json", json.dumps(data, indent=2))
    assert errors == []
    assert [(s.id, s.blueprint) for s in scorecards] == [("a", "service"), ("b", "service")]
    assert [lv.title for lv in scorecards[0].levels] == ["Basic", "Bronze", "Silver", "Gold"]
    assert scorecards[0].rules[0].type == "entity.query"
    assert scorecards[0].rules[0].description == "d"


def test_list_and_multiple_documents(tmp_path: Path) -> None:
    text = "- {id: a, rules: []}\n- {id: b, rules: []}\n---\nid: c\nrules: []\n"
    scorecards, errors = load(tmp_path, "sc.yaml", text)
    assert errors == []
    assert [s.id for s in scorecards] == ["a", "b", "c"]


BAD = [
    ("id: a\nrules:\n  - {id: r, level: Gold, type: entity.nope, params: {}}\n",
     "sc.yaml:3:32: unknown rule type 'entity.nope'"),
    (("id: a\nrules:\n  - {id: r, level: Platinum, type: entity.field.exists, "
     "params: {field: x}}\n"),
     ("sc.yaml:3:20: rule level 'Platinum' is not a level of this scorecard "
     "(Basic, Bronze, Silver, Gold)")),
    (("id: a\nrules:\n  - {id: r, level: Gold, type: entity.field.exists, params: {field: x}}\n"
     "  - {id: r, level: Gold, type: entity.field.exists, params: {field: y}}\n"),
     "sc.yaml:4:5: duplicate rule id 'r'"),
    ("id: a\nrules:\n  - {id: r, level: Gold, type: scm.file.exists, params: {}}\n",
     "sc.yaml:3:57: missing required param 'path'"),
    ("id: a\nrules:\n  - {id: r, level: Gold, type: scm.recentCommit, params: {days: soon}}\n",
     "sc.yaml:3:65: param 'days' must be a number, got 'soon'"),
    ("id: a\nrules:\n  - id: r\n    leve: Gold\n    type: entity.field.exists\n",
     "sc.yaml:4:5: unknown key 'leve' in a rule (did you mean 'level'?)"),
    ("id: a\ntitel: A\nrules: []\n", ("sc.yaml:2:1: unknown key 'titel' in a scorecard "
     "(did you mean 'title'?)")),
    (("id: a\nrules:\n  - {id: r, level: Gold, query: {conditions: [{property: x, "
     "operator: like, value: 1}]}}\n"), "sc.yaml:3:71: unknown operator 'like'"),
    (("id: a\nrules:\n  - {id: r, level: Gold, type: scm.file.contains, "
     "params: {path: a, pattern: '(('}}\n"), "sc.yaml:3:78: invalid regular expression '(('"),
    ("id: a\nlevels: []\nrules: []\n", "sc.yaml:2:9: 'levels' must be a non-empty list"),
    ("id: a\nlevels: [Gold, gold]\nrules: []\n", "sc.yaml:2:16: duplicate level 'gold'"),
    ("title: no id\nrules: []\n", "sc.yaml:1:1: 'id' must be a non-empty string (missing)"),
    ("id: a\nrules: {}\n", "sc.yaml:2:8: 'rules' must be a list"),
    (("id: a\nrules:\n  - {id: r, level: Gold, type: scm.file.exists, params: {path: a}, "
     "query: {}}\n"), "sc.yaml:3:5: a rule has either 'type' and 'params' or a 'query'"),
    (("id: a\nrules:\n  - {id: r, level: Gold, type: entity.field.exists, params: {field: x},"
     " fixAction: {suggestedInputs: {}}}\n"), "sc.yaml:3:84: 'actionId' must be a non-empty"),
    ("id: [\n", "sc.yaml:1:5: invalid YAML: unclosed bracket '['"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_definition_errors_are_located(tmp_path: Path, text: str, expected: str) -> None:
    scorecards, errors = load(tmp_path, "sc.yaml", text)
    assert scorecards == []
    assert len(errors) == 1
    assert errors[0].startswith(expected), errors[0]


def test_bad_scorecard_is_dropped_and_others_load(tmp_path: Path) -> None:
    text = ("- {id: good, rules: []}\n- {id: bad, rules: [{id: r, level: X, type: "
            "entity.field.exists, params: {field: a}}]}\n- {id: good, rules: []}\n")
    scorecards, errors = load(tmp_path, "sc.yaml", text)
    assert [s.id for s in scorecards] == ["good"]
    assert errors[0].startswith("sc.yaml:2:36: rule level 'X'")
    assert errors[1] == "sc.yaml:3:3: duplicate scorecard id 'good': first defined at sc.yaml:1:3"


def test_every_rule_problem_of_a_scorecard_is_reported(tmp_path: Path) -> None:
    text = ("id: a\nrules:\n  - {id: r1, level: X, type: entity.field.exists, params: {field: a}}"
            "\n  - {id: r2, level: Gold, type: nope}\n")
    _, errors = load(tmp_path, "sc.yaml", text)
    assert len(errors) == 2


def test_folder_of_definitions(tmp_path: Path) -> None:
    (tmp_path / "defs").mkdir()
    (tmp_path / "defs" / "a.yaml").write_text("id: a\nrules: []\n")
    (tmp_path / "defs" / "b.json").write_text('{"identifier": "b", "rules": []}')
    (tmp_path / "defs" / "notes.txt").write_text("ignored")
    defs = load_definitions([str(tmp_path / "defs")], str(tmp_path))
    assert [s.id for s in defs.scorecards] == ["a", "b"]
    assert defs.diagnostics == []
