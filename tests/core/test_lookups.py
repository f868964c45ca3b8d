"""Property lookups (SPEC §4): Port bare names never read a top-level field, the $
meta-properties do, Backstage bare names search their scopes, and a failing rule's fix
names the field that was looked up. Relation conditions on both dialects (SPEC §5.1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scorecard_cli.core.check import CheckOptions, run_check

PORT_TOP_LEVEL = ("identifier", "title", "blueprint", "team", "icon", "createdAt", "updatedAt",
                  "createdBy", "updatedBy")


def _run(tmp_path: Path, entity: dict, conditions: list, filter_: dict | None = None,
         catalog: str = "e.json") -> list[dict]:
    scorecard = {"identifier": "sc", "title": "SC", "rules": [
        {"identifier": "r", "title": "r", "level": "Bronze",
         "query": {"combinator": "and", "conditions": conditions}}]}
    if filter_ is not None:
        scorecard["filter"] = filter_
    (tmp_path / "sc.json").write_text(json.dumps(scorecard), encoding="utf-8")
    text = json.dumps(entity) if catalog.endswith(".json") else yaml.safe_dump(entity)
    (tmp_path / catalog).write_text(text, encoding="utf-8")
    result = run_check(CheckOptions(paths=[catalog], scorecards=["sc.json"], cwd=str(tmp_path),
                                    use_config=False, now=1_796_126_400.0))
    assert [d.format() for d in result.errors] == []
    return result.results


def _rule(tmp_path: Path, entity: dict, condition: dict, catalog: str = "e.json") -> dict:
    [record] = _run(tmp_path, entity, [condition], catalog=catalog)
    return record["rules"][0]


def _port(top: dict | None = None, props: dict | None = None, rels: dict | None = None) -> dict:
    entity = {"identifier": "svc", "blueprint": "service", **(top or {})}
    if props is not None:
        entity["properties"] = props
    if rels is not None:
        entity["relations"] = rels
    return entity


TOP_VALUES = {"identifier": "svc", "title": "Top title", "blueprint": "service",
              "team": ["platform"], "icon": "Github", "createdAt": "2025-01-01T00:00:00Z",
              "updatedAt": "2026-01-01T00:00:00Z", "createdBy": "alice", "updatedBy": "bob"}


@pytest.mark.parametrize("key", PORT_TOP_LEVEL)
def test_a_bare_name_reads_the_blueprint_property_not_the_top_level_field(
        tmp_path: Path, key: str) -> None:
    entity = _port(TOP_VALUES, props={key: "from-properties"})
    rule = _rule(tmp_path, entity, {"property": key, "operator": "=", "value": "from-properties"})
    assert rule["passed"] is True


@pytest.mark.parametrize("key", PORT_TOP_LEVEL)
def test_a_bare_name_without_that_property_is_missing_even_when_the_field_is_set(
        tmp_path: Path, key: str) -> None:
    rule = _rule(tmp_path, _port(TOP_VALUES, props={}), {"property": key,
                                                         "operator": "isNotEmpty"})
    assert rule["passed"] is False
    assert rule["details"] == f"{key} is missing (wanted isNotEmpty)"
    assert rule["fix"]["suggestedInputs"]["field"] == f"properties.{key}"


@pytest.mark.parametrize("key", PORT_TOP_LEVEL)
def test_the_meta_property_reads_the_top_level_field(tmp_path: Path, key: str) -> None:
    entity = _port(TOP_VALUES, props={key: "from-properties"})
    expected = TOP_VALUES[key] if key != "team" else "platform"
    operator = "containsAny" if key == "team" else "="
    value = [expected] if key == "team" else expected
    rule = _rule(tmp_path, entity, {"property": f"${key}", "operator": operator, "value": value})
    assert rule["passed"] is True, rule["details"]


@pytest.mark.parametrize("key", PORT_TOP_LEVEL)
def test_a_failing_meta_property_fix_names_the_top_level_field(tmp_path: Path, key: str) -> None:
    if key in ("identifier", "blueprint", "title"):
        pytest.skip("never empty here ($title falls back to the identifier)")
    rule = _rule(tmp_path, _port(props={key: "x"}), {"property": f"${key}",
                                                     "operator": "isNotEmpty"})
    assert rule["passed"] is False
    assert rule["fix"]["suggestedInputs"]["field"] == key


def test_title_meta_property_falls_back_to_the_identifier(tmp_path: Path) -> None:
    rule = _rule(tmp_path, _port(), {"property": "$title", "operator": "=", "value": "svc"})
    assert rule["passed"] is True


def test_a_bare_name_falls_back_to_the_relation(tmp_path: Path) -> None:
    entity = _port(props={}, rels={"domain": "payments"})
    rule = _rule(tmp_path, entity, {"property": "domain", "operator": "=", "value": "payments"})
    assert rule["passed"] is True
    failing = _rule(tmp_path, entity, {"property": "domain", "operator": "=", "value": "x"})
    assert failing["fix"]["suggestedInputs"] == {"file": "e.json", "field": "relations.domain",
                                                 "value": "x"}


def test_a_property_wins_over_a_relation_of_the_same_name(tmp_path: Path) -> None:
    entity = _port(props={"domain": "prop"}, rels={"domain": "rel"})
    assert _rule(tmp_path, entity, {"property": "domain", "operator": "=", "value": "prop"}
                 )["passed"] is True


BACKSTAGE = {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
             "metadata": {"name": "svc", "description": "desc", "annotations": {"tier": "1"}},
             "spec": {"owner": "group:default/team-a", "lifecycle": "production",
                      "system": "shop", "dependsOn": ["resource:db", "component:auth"],
                      "providesApis": ["pay-api"], "subcomponentOf": "platform"},
             "properties": {"slack": "#ignored"}}


@pytest.mark.parametrize(("name", "value", "passed"), [
    ("kind", "Component", True),          # the top level first
    ("lifecycle", "production", True),    # then spec
    ("description", "desc", True),        # then metadata
    ("tier", "1", True),                  # then metadata.annotations
    ("slack", "#ignored", False),         # a Backstage file has no properties block to search
])
def test_backstage_bare_names(tmp_path: Path, name: str, value: str, passed: bool) -> None:
    rule = _rule(tmp_path, BACKSTAGE, {"property": name, "operator": "=", "value": value},
                 catalog="catalog-info.yaml")
    assert rule["passed"] is passed


@pytest.mark.parametrize(("name", "field"), [
    ("lifecycle", "spec.lifecycle"), ("tier", 'metadata.annotations.tier'),
    ("system", "spec.system"), ("newAnnotation", "metadata.annotations.newAnnotation"),
])
def test_backstage_fix_names_the_field_looked_up(tmp_path: Path, name: str, field: str) -> None:
    rule = _rule(tmp_path, BACKSTAGE, {"property": name, "operator": "=", "value": "zzz"},
                 catalog="catalog-info.yaml")
    assert rule["fix"]["suggestedInputs"]["field"] == field


@pytest.mark.parametrize(("relation", "operator", "value", "passed"), [
    ("owner", "=", "group:default/team-a", True),
    ("ownedBy", "=", "group:default/team-a", True),
    ("system", "=", "shop", True),
    ("domain", "isEmpty", None, True),
    ("dependsOn", "contains", "resource:db", True),
    ("dependsOn", "in", ["component:auth"], True),
    ("providesApis", "containsAny", ["pay-api"], True),
    ("providesApi", "isNotEmpty", None, True),
    ("consumesApis", "isEmpty", None, True),
    ("partOf", "containsAny", ["shop"], True),       # system, domain, subcomponentOf...
    ("partOf", "containsAny", ["platform"], True),
    ("subcomponentOf", "=", "platform", True),
    ("memberOf", "isNotEmpty", None, False),
])
def test_backstage_relation_conditions(tmp_path: Path, relation: str, operator: str,
                                       value: object, passed: bool) -> None:
    condition = {"relation": relation, "operator": operator}
    if value is not None:
        condition["value"] = value
    rule = _rule(tmp_path, BACKSTAGE, condition, catalog="catalog-info.yaml")
    assert rule["passed"] is passed, rule["details"]


def test_backstage_relation_fix_names_the_spec_field(tmp_path: Path) -> None:
    rule = _rule(tmp_path, BACKSTAGE, {"relation": "domain", "operator": "isNotEmpty"},
                 catalog="catalog-info.yaml")
    assert rule["fix"]["suggestedInputs"]["field"] == "spec.domain"
    rule = _rule(tmp_path, BACKSTAGE, {"relation": "hasMember", "operator": "isNotEmpty"},
                 catalog="catalog-info.yaml")
    assert rule["fix"]["suggestedInputs"]["field"] == "spec.members"


def test_backstage_relations_list_from_the_catalog_api(tmp_path: Path) -> None:
    entity = {**BACKSTAGE, "spec": {"type": "service"},
              "relations": [{"type": "ownedBy", "targetRef": "group:default/team-b"}]}
    rule = _rule(tmp_path, entity, {"relation": "ownedBy", "operator": "containsAny",
                                    "value": ["group:default/team-b"]},
                 catalog="catalog-info.yaml")
    assert rule["passed"] is True


@pytest.mark.parametrize(("relations", "operator", "value", "passed"), [
    ({"domain": "payments"}, "=", "payments", True),
    ({"domain": "payments"}, "isNotEmpty", None, True),
    ({"domain": None}, "isEmpty", None, True),
    ({}, "isEmpty", None, True),
    ({}, "!=", "payments", True),
    ({"domain": ["a", "b"]}, "contains", "b", True),
    ({"domain": ["a", "b"]}, "notIn", ["c"], True),
    ({"domain": []}, "isNotEmpty", None, False),
])
def test_port_relation_conditions(tmp_path: Path, relations: dict, operator: str,
                                  value: object, passed: bool) -> None:
    condition = {"relation": "domain", "operator": operator}
    if value is not None:
        condition["value"] = value
    entity = _port(props={"domain": "a property, not the relation"}, rels=relations)
    rule = _rule(tmp_path, entity, condition)
    assert rule["passed"] is passed, rule["details"]
    if not passed:
        assert rule["fix"]["suggestedInputs"]["field"] == "relations.domain"


def test_relation_condition_in_a_filter(tmp_path: Path) -> None:
    only_payments = {"combinator": "and", "conditions": [
        {"relation": "domain", "operator": "=", "value": "payments"}]}
    condition = {"property": "$identifier", "operator": "isNotEmpty"}
    assert len(_run(tmp_path, _port(rels={"domain": "payments"}), [condition],
                    only_payments)) == 1
    assert _run(tmp_path, _port(rels={"domain": "search"}), [condition], only_payments) == []
    backstage_filter = {"combinator": "and", "conditions": [
        {"relation": "system", "operator": "=", "value": "shop"}]}
    assert len(_run(tmp_path, BACKSTAGE, [condition], backstage_filter,
                    catalog="catalog-info.yaml")) == 1


def test_a_condition_names_a_property_or_a_relation(tmp_path: Path) -> None:
    (tmp_path / "sc.json").write_text(json.dumps({"identifier": "sc", "rules": [
        {"identifier": "r", "level": "Bronze", "query": {"combinator": "and", "conditions": [
            {"property": "a", "relation": "b", "operator": "isEmpty"}]}},
        {"identifier": "s", "level": "Bronze", "query": {"combinator": "and", "conditions": [
            {"relation": "", "operator": "isEmpty"}]}}]}), encoding="utf-8")
    (tmp_path / "e.json").write_text(json.dumps(_port()), encoding="utf-8")
    result = run_check(CheckOptions(paths=["e.json"], scorecards=["sc.json"], cwd=str(tmp_path),
                                    use_config=False))
    assert [d.message for d in result.errors] == [
        "a condition names either a 'property' or a 'relation', not both",
        "a relation must be a non-empty name (got '')"]
