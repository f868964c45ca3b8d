"""``validate`` on catalog files: Backstage's full rules and Port entities, located."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Check = Callable[..., list[str]]

COMPONENT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec:
  type: service
  lifecycle: production
  owner: group:default/team-payments
"""


def entity(kind: str, spec: str, api_version: str = "backstage.io/v1alpha1") -> str:
    """A Backstage entity of ``kind`` whose spec block (line 5 on) is ``spec``."""
    return f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\n{spec}"


# (catalog-info.yaml text, expected "line:col: message" lines)
CASES = {
    "invalid entity name": (
        COMPONENT.replace("name: payments", "name: invalid component"),
        [("4:9: 'invalid component' is not a valid entity name (letters and digits, separated "
         "by '-', '_' or '.', at most 63 characters)")]),
    "entity name that ends with a separator": (
        COMPONENT.replace("name: payments", "name: payments-"),
        [("4:9: 'payments-' is not a valid entity name (letters and digits, separated by '-', "
         "'_' or '.', at most 63 characters)")]),
    "entity name too long": (
        COMPONENT.replace("name: payments", "name: " + "a" * 64),
        ["4:9: " + repr("a" * 64)[:57] + "... is not a valid entity name (letters and digits, "
         "separated by '-', '_' or '.', at most 63 characters)"]),
    "missing name": (
        COMPONENT.replace("  name: payments\n", "  title: Payments\n"),
        ["4:3: missing required key 'name'"]),
    "invalid namespace": (
        COMPONENT.replace("name: payments", "name: payments\n  namespace: Team_A"),
        [("5:14: 'Team_A' is not a valid namespace (lower-case letters and digits, separated "
         "by '-', at most 63 characters)")]),
    "invalid tags": (
        COMPONENT.replace("name: payments", "name: payments\n  tags: [go 1.15, Java, ok, 5]"),
        [("5:10: 'go 1.15' is not a valid tag (lower-case letters, digits and ':+#', separated "
         "by single '-')"),
         ("5:19: 'Java' is not a valid tag (lower-case letters, digits and ':+#', separated by "
         "single '-')"),
         "5:29: item 4 of 'tags' must be a string (got 5)"]),
    "invalid label key and value": (
        COMPONENT.replace("name: payments", "name: payments\n  labels:\n    Bad Key: x\n"
                          "    example.com/tier: tier one"),
        [("6:5: 'Bad Key' is not a valid label key ([prefix/]name: a DNS prefix, then letters "
         "and digits separated by '-', '_' or '.')"),
         ("7:23: 'tier one' is not a valid label value (letters and digits, separated by '-', "
         "'_' or '.')")]),
    "annotation value that is not a string": (
        COMPONENT.replace("name: payments",
                          "name: payments\n  annotations:\n    backstage.io/techdocs-ref: 5"),
        ["6:32: 'backstage.io/techdocs-ref' must be a string (got 5)"]),
    "invalid annotation key": (
        COMPONENT.replace("name: payments",
                          "name: payments\n  annotations:\n    Backstage.io/x: y"),
        [("6:5: 'Backstage.io/x' is not a valid annotation key ([prefix/]name: a DNS prefix, "
         "then letters and digits separated by '-', '_' or '.')")]),
    "link without url": (
        COMPONENT.replace("name: payments",
                          "name: payments\n  links:\n    - title: Runbook\n      icon: docs"),
        ["6:7: missing required key 'url'"]),
    "missing spec fields": (
        COMPONENT.replace("  lifecycle: production\n  owner: group:default/team-payments\n", ""),
        ["6:3: missing required key 'lifecycle'", "6:3: missing required key 'owner'"]),
    "empty spec field": (
        COMPONENT.replace("lifecycle: production", "lifecycle: ''"),
        ["7:14: 'lifecycle' must not be empty"]),
    "component without spec": (
        COMPONENT.split("spec:")[0],
        ["1:1: missing required key 'spec'"]),
    "spec that is not a mapping": (
        COMPONENT.split("spec:")[0] + "spec: [1]\n",
        ["5:7: 'spec' must be a mapping (got [1])"]),
    "unknown top-level key": (
        COMPONENT.replace("metadata:", "metdata:"),
        ["1:1: missing required key 'metadata'",
         "3:1: unknown key 'metdata' (did you mean 'metadata'?)"]),
    "missing apiVersion and kind": (
        "metadata: {name: x}\n",
        ["1:1: missing required key 'apiVersion'", "1:1: missing required key 'kind'"]),
    "invalid kind": (
        COMPONENT.replace("kind: Component", "kind: My-Kind"),
        [("2:7: 'My-Kind' is not a valid kind (a letter followed by letters and digits, at "
         "most 63)")]),
    "unknown apiVersion for a core kind": (
        COMPONENT.replace("backstage.io/v1alpha1", "backstage.io/v2"),
        [("1:13: 'backstage.io/v2' is not an apiVersion of kind Component (known: "
         "backstage.io/v1alpha1, backstage.io/v1beta1)")]),
    "API without definition": (
        entity("API", "spec: {type: openapi, lifecycle: production, owner: team-a}\n"),
        ["5:7: missing required key 'definition'"]),
    "API definition of the wrong type": (
        entity("API", "spec: {type: openapi, lifecycle: production, owner: a, definition: 5}\n"),
        [("5:68: 'definition' must be a string: the definition's text, or a $text, $json or "
         "$yaml placeholder naming its file (others, such as $openapi, are a Backstage "
         "plugin's) (got 5)")]),
    "API definition with a bad placeholder": (
        entity("API", "spec: {type: grpc, lifecycle: x, owner: a, definition: {text: a.proto}}\n"),
        [("5:56: 'definition' must be a string: the definition's text, or a $text, $json or "
         "$yaml placeholder naming its file (others, such as $openapi, are a Backstage "
         "plugin's) (got {'text': 'a.proto'})")]),
    "API definition with a plugin's placeholder": (
        entity("API", "spec: {type: openapi, lifecycle: x, owner: a, definition: {$openapi: "
               "a.yaml}}\n"),
        [("5:59: 'definition' must be a string: the definition's text, or a $text, $json or "
         "$yaml placeholder naming its file (others, such as $openapi, are a Backstage "
         "plugin's) (got {'$openapi': 'a.yaml'})")]),
    "API definition from a URL: a notice only": (
        entity("API", "spec: {type: openapi, lifecycle: x, owner: a, definition: {$text: "
               "'https://example.com/api.yaml'}}\n"),
        [("5:59: notice: $text https://example.com/api.yaml is a URL: not fetched (scorecard "
          "works offline); rules that read this value see the placeholder")]),
    "API definition from a missing file": (
        entity("API", "spec: {type: openapi, lifecycle: x, owner: a, definition: {$text: "
               "./api.yaml}}\n"),
        ["5:59: $text './api.yaml': cannot read file: No such file or directory"]),
    "Resource without owner": (
        entity("Resource", "spec: {type: database}\n"),
        ["5:7: missing required key 'owner'"]),
    "System without owner": (
        entity("System", "spec: {domain: commerce}\n"),
        ["5:7: missing required key 'owner'"]),
    "Domain without owner": (
        entity("Domain", "spec: {}\n"),
        ["5:7: missing required key 'owner'"]),
    "Group without children": (
        entity("Group", "spec: {type: team}\n"),
        ["5:7: missing required key 'children'"]),
    "User without spec": (
        entity("User", ""),
        ["1:1: missing required key 'spec'"]),
    "User without memberOf": (
        entity("User", "spec: {}\n"),
        ["5:7: missing required key 'memberOf'"]),
    "Location target that is missing": (
        entity("Location", "spec: {targets: [./a.yaml]}\n"),
        ["5:18: Location target './a.yaml' not found"]),
    "unknown kind": (
        entity("Environment", "spec: {}\n"),
        [("2:7: unknown kind 'Environment' (Backstage knows Component, API, Resource, System, "
          "Domain, Group, User, Location, Template; declare other kinds under 'kinds:' in "
          ".scorecard.yaml)")]),
    "kind in the wrong case": (
        COMPONENT.replace("kind: Component", "kind: component"),
        ["2:7: unknown kind 'component' (kinds are case-sensitive: 'Component')"]),
    "retired Template apiVersion": (
        entity("Template", "spec: {type: x, steps: [{action: a}]}\n", "backstage.io/v1beta2"),
        [("1:13: 'backstage.io/v1beta2' is no longer read by Backstage for kind Template "
          "(known: scaffolder.backstage.io/v1beta3)")]),
    "relations and status in a source file": (
        COMPONENT + "relations: []\nstatus: {}\n",
        ["9:1: 'relations' is filled in by the catalog: Backstage refuses it in a catalog file",
         "10:1: 'status' is filled in by the catalog: Backstage refuses it in a catalog file"]),
    "link URLs that are not absolute": (
        COMPONENT.replace("name: payments", "name: payments\n  links:\n    - url: /docs\n"
                          "    - url: https://exa mple.com\n    - {url: 'mailto:a@b', "
                          "title: ' '}"),
        ["6:12: '/docs' is not a valid URL (an absolute URL such as https://example.com)",
         ("7:12: 'https://exa mple.com' is not a valid URL (an absolute URL such as "
          "https://example.com)"),
         "8:34: ' ' must not be blank"]),
    "Template without steps": (
        entity("Template", "spec: {type: service}\n", "scaffolder.backstage.io/v1beta3"),
        ["5:7: missing required key 'steps'"]),
    "Template step without action": (
        entity("Template", "spec: {type: service, steps: [{id: fetch}]}\n",
               "scaffolder.backstage.io/v1beta3"),
        ["5:31: missing required key 'action'"]),
    "unknown kind and metadata that is not a mapping": (
        "apiVersion: v1\nkind: Thing\nmetadata: thing\n",
        [("2:7: unknown kind 'Thing' (Backstage knows Component, API, Resource, System, "
          "Domain, Group, User, Location, Template; declare other kinds under 'kinds:' in "
          ".scorecard.yaml)"), "3:11: 'metadata' must be a mapping (got 'thing')"]),
    "not an entity at all": (
        "- 7\n",
        ["1:3: not an entity: expected a mapping (got 7)"]),
    "Port entity problems": (
        '{"identifier": "svc", "team": 5, "relations": {"dependsOn": [1]}, "extra": true}\n',
        ["1:31: 'team' must be a team name or a list of names (got 5)",
         "1:62: item 1 of 'dependsOn' must be a string (got 1)",
         "1:67: unknown key 'extra'"]),
    "Port entity with a blank identifier": (
        '{"identifier": " ", "blueprint": "service"}\n',
        ["1:16: 'identifier' must not be blank (got ' ')"]),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_error_at_its_place(check: Check, text: str, expected: list[str]) -> None:
    assert check("catalog-info.yaml", text) == [f"catalog-info.yaml:{e}" for e in expected]


VALID = {
    "component": COMPONENT,
    "User": entity("User", "spec: {memberOf: [team-a], profile: {email: a@b}}\n"),
    "Group": entity("Group", "spec: {type: team, children: [], profile: {displayName: A}}\n"),
    "Location with a remote target": entity("Location", "spec: {targets: [https://x/a.yaml]}\n"),
    "Location without target": entity("Location", "spec: {type: url}\n"),
    "Template": entity("Template", "spec: {type: x, steps: [{action: a}], parameters: [{}]}\n",
                       "scaffolder.backstage.io/v1beta3"),
    "metadata extras": COMPONENT.replace(
        "name: payments", "name: Payments.v2_x\n  namespace: team-a\n  title: P\n  tags: [c++, "
        "k8s:prod, a-b]\n  labels: {tier: '', example.com/x: y}\n  annotations: "
        "{backstage.io/source-location: 'url:https://x'}\n  links: [{url: https://x, type: y}]"),
    "Port entity": '{"identifier": "svc", "blueprint": "service", "title": "S", "icon": "X", '
                   '"team": ["a"], "properties": {"x": 1}, "relations": {"a": "b", "c": null}}',
    "a list of entities": "- {identifier: a}\n- {identifier: b, team: t}\n",
}


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_valid(check: Check, text: str) -> None:
    assert check("catalog-info.yaml", text) == []


def test_every_problem_of_a_multi_document_file(check: Check) -> None:
    text = COMPONENT.replace("name: payments", "name: pay ments").replace(
        "  owner: group:default/team-payments\n", "") + "---\n" + entity(
        "Group", "spec: {type: team}\n").replace("name: x", "name: x\n  tags: [A]")
    assert check("catalog-info.yaml", text) == [
        ("catalog-info.yaml:4:9: 'pay ments' is not a valid entity name (letters and digits, "
        "separated by '-', '_' or '.', at most 63 characters)"),
        "catalog-info.yaml:6:3: missing required key 'owner'",
        ("catalog-info.yaml:13:10: 'A' is not a valid tag (lower-case letters, digits and ':+#', "
        "separated by single '-')"),
        "catalog-info.yaml:14:7: missing required key 'children'",
    ]


def test_templates_are_skipped(check: Check, tmp_path) -> None:
    skeleton = COMPONENT.replace("name: payments", "name: ${{ values.name }}")
    assert check("skeleton/catalog-info.yaml", skeleton) == []
    unparseable = "apiVersion: v1\n{%- if x %}\nkind: Component\n{%- endif %}\n"
    assert check("cookie/catalog-info.yaml", unparseable) == []
    # in a list, the templated item is skipped and the others are still checked
    mixed = "- {identifier: '{{ cookiecutter.id }}', team: 5}\n- null\n- {identifier: b, team: 5}\n"
    assert check("mixed.yaml", mixed) == [
        "mixed.yaml:3:25: 'team' must be a team name or a list of names (got 5)"]
