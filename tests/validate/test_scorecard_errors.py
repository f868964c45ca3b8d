"""``validate`` on scorecard definitions: every schema and semantic error, at its line and column."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard_cli.core.validate import validate_files

Check = Callable[..., list[str]]

HEADER = "id: prod\nlevels: [Bronze, Silver, Gold]\nrules:\n"  # rules start on line 4


def rule(*lines: str) -> str:
    """A scorecard whose one rule is ``lines`` (line 4 holds the first of them)."""
    return HEADER + "".join(("  - " if i == 0 else "    ") + line + "\n"
                            for i, line in enumerate(lines))


# (scorecard text, expected "line:col: message" lines)
CASES = {
    "unknown top-level key (a typo)": (
        "id: prod\ntitel: Production\nrules: []\n",
        ["2:1: unknown key 'titel' (did you mean 'title'?)"]),
    "unknown rule key 'leve'": (
        rule("id: a", "leve: Bronze", "type: scm.file.exists", "params: {path: README.md}"),
        ["4:5: missing required key 'level'",
         "5:5: unknown key 'leve' (did you mean 'level'?)"]),
    "missing scorecard id": (
        "title: Production\nrules: []\n",
        ["1:1: missing required key 'id'"]),
    "blank scorecard id": (
        "id: ' '\nrules: []\n",
        ["1:5: 'id' must not be blank (got ' ')"]),
    "wrong type for title": (
        "id: prod\ntitle: [a]\n",
        ["2:8: 'title' must be a string (got ['a'])"]),
    "rule level not among the levels": (
        rule("id: a", "level: Platinum", "type: scm.file.exists", "params: {path: README.md}"),
        ["5:12: rule level 'Platinum' is not a level of this scorecard (Bronze, Silver, Gold)"]),
    "rule without id": (
        rule("level: Gold", "type: scm.file.exists", "params: {path: README.md}"),
        ["4:5: missing required key 'id'"]),
    "rule without type or query": (
        rule("id: a", "level: Gold"),
        ["4:5: missing required key 'type'"]),
    "rule that is not a mapping": (
        rule("has-readme"),
        ["4:5: a rule must be a mapping (got 'has-readme')"]),
    "rules that are not a list": (
        "id: prod\nrules: {id: a}\n",
        ["2:8: 'rules' must be a list (got {'id': 'a'})"]),
    "unknown rule type": (
        rule("id: a", "level: Gold", "type: scm.file.exist", "params: {path: README.md}"),
        ["6:11: unknown rule type 'scm.file.exist' (did you mean 'scm.file.exists'?)"]),
    "missing params": (
        rule("id: a", "level: Gold", "type: scm.file.exists"),
        ["4:5: missing required key 'params'"]),
    "missing required param": (
        rule("id: a", "level: Gold", "type: scm.file.contains", "params: {path: Dockerfile}"),
        ["7:13: missing required key 'pattern'"]),
    "unknown param": (
        rule("id: a", "level: Gold", "type: entity.field.exists", "params: {feild: spec.owner}"),
        ["7:13: missing required key 'field'",
         "7:14: unknown key 'feild' (did you mean 'field'?)"]),
    "params that are not a mapping": (
        rule("id: a", "level: Gold", "type: scm.file.exists", "params: README.md"),
        ["7:13: 'params' must be a mapping (got 'README.md')"]),
    "wrong param type": (
        rule("id: a", "level: Gold", "type: scm.recentCommit", "params: {days: ten}"),
        ["7:20: 'days' must be a number (got 'ten')"]),
    "negative days": (
        rule("id: a", "level: Gold", "type: scm.recentCommit", "params: {days: -1}"),
        ["7:20: 'days' must be at least 0 (got -1)"]),
    "blank path": (
        rule("id: a", "level: Gold", "type: scm.file.exists", "params: {path: ' '}"),
        ["7:20: 'path' must not be blank (got ' ')"]),
    "empty list of paths": (
        rule("id: a", "level: Gold", "type: scm.anyOf", "params: {paths: []}"),
        ["7:21: 'paths' must not be empty"]),
    "invalid regular expression": (
        rule("id: a", "level: Gold", "type: scm.file.contains",
             "params: {path: Dockerfile, pattern: '(['}"),
        ["7:41: invalid regular expression '([': unterminated character set at position 2"]),
    "pattern too long": (
        rule("id: a", "level: Gold", "type: scm.file.contains",
             "params: {path: Dockerfile, pattern: " + "a" * 501 + "}"),
        ["7:41: " + repr("a" * 501)[:57] + "... is too long (at most 500 characters)"]),
    "bad property path": (
        rule("id: a", "level: Gold", "type: entity.field.exists", "params: {field: 'spec[x'}"),
        ["7:21: malformed bracket at character 5 of 'spec[x'"]),
    "unknown meta-property": (
        rule("id: a", "level: Gold", "type: entity.field.exists", "params: {field: $teem}"),
        ["7:21: unknown meta-property '$teem' (known: $identifier, $title, $team, $blueprint, $icon, $createdAt, $updatedAt, $createdBy, $updatedBy)"]),
    "unknown operator": (
        rule("id: a", "level: Gold", "query:",
             "  conditions: [{property: tier, operator: '==', value: 1}]"),
        ["7:47: unknown operator '==' (did you mean '='?)"]),
    "unknown combinator": (
        rule("id: a", "level: Gold", "query: {combinator: nand, conditions: []}"),
        ["6:25: unknown combinator 'nand' (did you mean 'and'?)"]),
    "condition without an operator": (
        rule("id: a", "level: Gold", "query: {conditions: [{property: tier}]}"),
        ["6:26: missing required key 'operator'"]),
    "condition with an unknown key": (
        rule("id: a", "level: Gold",
             "query: {conditions: [{property: tier, operator: isEmpty, vaule: 1}]}"),
        ["6:62: unknown key 'vaule' (did you mean 'value'?)"]),
    "operator without a value": (
        rule("id: a", "level: Gold", "query: {conditions: [{property: tier, operator: '='}]}"),
        ["6:26: missing required key 'value'"]),
    "value of the wrong type": (
        rule("id: a", "level: Gold",
             "query: {conditions: [{property: name, operator: beginsWith, value: 5}]}"),
        ["6:72: 'value' must be a string (got 5)"]),
    "ordering against text": (
        rule("id: a", "level: Gold",
             "query: {conditions: [{property: incidents, operator: '<', value: many}]}"),
        ["6:70: operator '<' needs a number or an ISO-8601 date, got 'many'"]),
    "both a query and params": (
        rule("id: a", "level: Gold", "type: entity.query", "params: {conditions: []}",
             "query: {conditions: []}"),
        ["4:5: a rule has either 'type' and 'params' or a 'query', not both"]),
    "a query and another type": (
        rule("id: a", "level: Gold", "type: scm.file.exists", "query: {conditions: []}"),
        ["4:5: a rule has either 'type' and 'params' or a 'query', not both"]),
    "duplicate rule ids": (
        rule("id: a", "level: Gold", "type: scm.file.exists", "params: {path: A}")
        + "  - {id: a, level: Gold, type: scm.file.exists, params: {path: B}}\n",
        ["8:5: duplicate rule id 'a'"]),
    "duplicate rule ids, the first one broken": (
        rule("id: a", "level: Gold", "type: scm.file.exists")
        + "  - {id: a, level: Gold, type: scm.file.exists, params: {path: B}}\n",
        ["4:5: missing required key 'params'", "7:5: duplicate rule id 'a'"]),
    "a level that is neither a name nor a mapping": (
        "id: prod\nlevels: [Bronze, 5]\n",
        ["2:18: a level is a name or {title, color} (got 5)"]),
    "a level with an unknown key": (
        "id: prod\nlevels: [{title: Gold, colour: gold}]\n",
        ["2:24: unknown key 'colour' (did you mean 'color'?)"]),
    "duplicate levels": (
        "id: prod\nlevels: [Gold, gold]\n",
        ["2:16: duplicate level 'gold'"]),
    "empty levels": (
        "id: prod\nlevels: []\n",
        ["2:9: 'levels' must not be empty"]),
    "filter with an unknown operator": (
        "id: prod\nfilter: {conditions: [{property: kind, operator: is, value: x}]}\n",
        [("2:50: unknown operator 'is' (known: =, !=, <, >, <=, >=, contains, doesNotContains, "
         "containsAny, beginsWith, doesNotBeginsWith, endsWith, doesNotEndsWith, isEmpty, "
         "isNotEmpty, in, notIn, between, notBetween)")]),
    "blueprint that is not a string": (
        "id: prod\nblueprint: [Component]\n",
        ["2:12: 'blueprint' must be a string (got ['Component'])"]),
    "fixAction without actionId": (
        rule("id: a", "level: Gold", "type: scm.file.exists", "params: {path: A}",
             "fixAction: {suggestedInputs: {path: A}}"),
        ["8:16: missing required key 'actionId'"]),
    "fixAction with an unknown key": (
        rule("id: a", "level: Gold", "type: scm.file.exists", "params: {path: A}",
             "fixAction: {actionId: x, inputs: {}}"),
        ["8:30: unknown key 'inputs'"]),
    "a scorecard that is not a mapping": (
        "- just a string\n",
        ["1:3: a scorecard must be a mapping (got 'just a string')"]),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_error_at_its_place(check: Check, text: str, expected: list[str]) -> None:
    assert check("scorecard.yaml", text) == [f"scorecard.yaml:{e}" for e in expected]


def test_valid_native_scorecard(check: Check) -> None:
    text = (HEADER
            + "  - {id: a, title: A, description: d, level: Gold, type: entity.link.exists}\n"
            + "  - {id: b, level: bronze, type: entity.query,"
              " params: {combinator: or, conditions: []}}\n"
            + "  - id: c\n    level: Silver\n    type: scm.anyOf\n    params: {paths: [A, B]}\n"
            + "    fixAction: {actionId: scm.createOrUpdateFile@v1, suggestedInputs: {path: A}}\n"
            + "filter: null\ndescription: all good\nblueprint: Component\n")
    assert check("scorecard.yaml", text) == []


def test_every_problem_of_a_file_is_reported_in_order(check: Check) -> None:
    text = """\
id: prod
leve: x
levels: [Basic, Bronze, {title: Silver, colour: grey}]
filter:
  conditions:
    - {property: spec.lifecycle, operator: "==", value: experimental}
rules:
  - id: has-owner
    leve: Bronze
    type: entity.field.exists
    params: {field: spec.owner}
  - id: b
    level: Platinum
    type: scm.file.exist
    params: {path: README.md}
  - id: b
    level: Gold
    query:
      conditions:
        - {property: $teem, operator: isEmpty}
        - {property: incidents, operator: "<", value: lots}
        - {property: tier, operator: "=", value: [1]}
"""
    assert check("sc.yaml", text) == [
        "sc.yaml:2:1: unknown key 'leve' (did you mean 'levels'?)",
        "sc.yaml:3:41: unknown key 'colour' (did you mean 'color'?)",
        "sc.yaml:6:44: unknown operator '==' (did you mean '='?)",
        "sc.yaml:8:5: missing required key 'level'",
        "sc.yaml:9:5: unknown key 'leve' (did you mean 'level'?)",
        ("sc.yaml:13:12: rule level 'Platinum' is not a level of this scorecard "
        "(Basic, Bronze, Silver)"),
        "sc.yaml:14:11: unknown rule type 'scm.file.exist' (did you mean 'scm.file.exists'?)",
        "sc.yaml:16:5: duplicate rule id 'b'",
        "sc.yaml:17:12: rule level 'Gold' is not a level of this scorecard (Basic, Bronze, Silver)",
        ("sc.yaml:20:22: unknown meta-property '$teem' (known: $identifier, $title, $team, "
         "$blueprint, $icon, $createdAt, $updatedAt, $createdBy, $updatedBy)"),
        "sc.yaml:21:55: operator '<' needs a number or an ISO-8601 date, got 'lots'",
        "sc.yaml:22:50: 'value' must be a string, a number or a boolean (got [1])",
    ]


def test_no_problem_is_reported_twice(check: Check) -> None:
    # the schema and the loader both see these; each is reported once, by the schema
    text = rule("id: a", "level: Gold", "type: scm.file.exists", "params: {path: A, pth: B}")
    assert check("sc.yaml", text) == ["sc.yaml:7:23: unknown key 'pth' (did you mean 'path'?)"]


def test_port_dialect_and_wrapper(check: Check, tmp_path: Path) -> None:
    port = [{"blueprint": "service", "data": [
        {"identifier": "ownership", "title": "Ownership", "id": "sc_1", "createdAt": "2024",
         "createdBy": "me", "updatedAt": "2025", "updatedBy": "you",
         "levels": [{"title": "Basic", "color": "paleBlue"}, {"title": "Gold", "color": "gold"}],
         "rules": [
             {"identifier": "hasTeam", "title": "Has a team", "level": "Gold",
              "createdAt": "2024", "query": {"combinator": "and", "conditions": [
                  {"property": "$team", "operator": "isNotEmpty"}]}},
             {"title": "No id", "level": "Gold", "query": {"conditions": []}},
             {"identifier": "x", "level": "Gold", "query": {"conditions": []}, "extra": 1}]}]}]
    text = json.dumps(port, indent=1)
    lines = text.splitlines()
    assert (lines[38], lines[51]) == ("     {", '      "extra": 1')  # the places below
    empty = ("warning: Port refuses a query with no conditions (its API wants at least one); "
             "here 'and' over none passes and 'or' over none fails")
    assert check("ports.json", text) == [
        "ports.json:39:6: missing required key 'identifier'",
        f"ports.json:43:22: {empty}",
        f"ports.json:50:22: {empty}",
        "ports.json:52:7: unknown key 'extra'",
    ]


def test_wrapper_problems(check: Check) -> None:
    text = '[{"blueprint": 5, "data": [], "extra": 1}]\n'
    assert check("wrap.json", text) == [
        "wrap.json:1:16: 'blueprint' must be a string (got 5)",
        "wrap.json:1:31: unknown key 'extra'",
    ]


def test_several_documents_and_a_list(check: Check) -> None:
    text = "id: a\nrules: []\n---\n- id: b\n- id: c\n  leve: 1\n---\n"
    assert check("multi.yaml", text) == [("multi.yaml:6:3: unknown key 'leve' (did you mean "
                                         "'levels'?)")]


def test_duplicate_scorecard_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "first.yaml").write_text("# first\nid: prod\n")
    (tmp_path / "second.yaml").write_text("\n\nid: prod\nrules: []\n")
    found = validate_files(["first.yaml", "second.yaml"], str(tmp_path))
    assert [d.format() for d in found] == [
        "second.yaml:3:1: duplicate scorecard id 'prod': first defined at first.yaml:2:1"]


def test_duplicate_scorecard_ids_in_one_file(check: Check) -> None:
    assert check("sc.yaml", "- id: prod\n- identifier: prod\n") == [
        "sc.yaml:2:3: duplicate scorecard id 'prod': first defined at sc.yaml:1:3"]


def test_syntax_errors_are_one_located_problem(check: Check) -> None:
    assert check("broken.yaml", "id: prod\nrules: [\n") == [
        "broken.yaml:2:8: invalid YAML: unclosed bracket '['"]
    assert check("dup.yaml", "id: prod\nid: again\n") == [
        "dup.yaml:2:1: invalid YAML: duplicate key 'id'"]
    assert check("broken.json", '{"id": "prod",}') == [
        "broken.json:1:15: invalid JSON: Expecting property name enclosed in double quotes"]
