"""Property paths and emptiness (SPEC §4)."""

from __future__ import annotations

import pytest

from scorecard_cli.core.model import Entity
from scorecard_cli.core.paths import MISSING, is_empty, lookup, parse_path


def backstage(data: dict) -> Entity:
    spec = data.get("spec", {})
    return Entity(ref="component:default/x", dialect="backstage", blueprint="Component",
                  data=data, file="/x.yaml", display="x.yaml",
                  meta={"$identifier": "x", "$title": "X", "$team": spec.get("owner"),
                        "$blueprint": "Component"})


ENTITY = backstage({
    "apiVersion": "backstage.io/v1alpha1",
    "kind": "Component",
    "owner": "top-level-owner-key",
    "metadata": {
        "name": "x",
        "description": "desc",
        "annotations": {"backstage.io/techdocs-ref": "dir:.", "jira/key": "ABC",
                        "lifecycle": "from-annotations"},
        "links": [{"url": "https://a", "title": "Runbook"}],
    },
    "spec": {"owner": "team-a", "lifecycle": "production", "weird.key": 1},
})


@pytest.mark.parametrize(("path", "expected"), [
    ("spec.owner", "team-a"),
    ("metadata.links[0].url", "https://a"),
    ("metadata.links[-1].title", "Runbook"),
    ('metadata.annotations["backstage.io/techdocs-ref"]', "dir:."),
    ("metadata.annotations['jira/key']", "ABC"),
    ('spec["weird.key"]', 1),
    ("$identifier", "x"),
    ("$title", "X"),
    ("$team", "team-a"),
    ("$blueprint", "Component"),
    ("owner", "top-level-owner-key"),  # bare: top level wins over spec
    ("lifecycle", "production"),  # bare: spec before annotations
    ("description", "desc"),  # bare: metadata
    ("jira/key", "ABC"),  # bare: annotations last
    ("spec.missing", MISSING),
    ("metadata.links[5].url", MISSING),
    ("spec.owner.deeper", MISSING),
    ("nothing", MISSING),
])
def test_lookup(path: str, expected: object) -> None:
    assert lookup(ENTITY, parse_path(path)) == expected or (
        expected is MISSING and lookup(ENTITY, parse_path(path)) is MISSING)


@pytest.mark.parametrize("path", ["", "a..b", "a.", ".a", "x[", "x[abc]", "x[\"a]", "$nope",
                                  "a[0", "a]"])
def test_malformed_paths_are_rejected(path: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        parse_path(path)


@pytest.mark.parametrize(("value", "empty"), [
    (MISSING, True), (None, True), ("", True), ("  \t", True), ([], True), ({}, True),
    (0, False), (False, False), ("x", False), ([0], False), ({"a": None}, False), (0.0, False),
])
def test_emptiness(value: object, empty: bool) -> None:
    assert is_empty(value) is empty
