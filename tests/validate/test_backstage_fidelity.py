"""validate as Backstage's catalog: declared kinds, files reached through Locations,
duplicates, placeholders, and link URLs as JavaScript's ``new URL()`` reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard_cli.core.config import load_config
from scorecard_cli.core.errors import ConfigError
from scorecard_cli.core.urls import is_valid_url
from scorecard_cli.core.validate import validate_paths
from tests.conftest import write_files

ENV = "apiVersion: {version}\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n  tier: {tier}\n"


def _messages(root: Path, *paths: str) -> list[str]:
    return [d.format() for d in validate_paths(list(paths), str(root)).diagnostics]


def test_a_declared_kind_is_accepted(tmp_path: Path) -> None:
    write_files(tmp_path, {
        ".scorecard.yaml": "kinds:\n  - Environment\n",
        "env.yaml": ENV.format(version="backstage.io/v1alpha1", kind="Environment", tier=1,
                               name="prod"),
        "lower.yaml": ENV.format(version="backstage.io/v1alpha1", kind="environment", tier=1,
                                 name="test"),
    })
    assert _messages(tmp_path, "env.yaml", "lower.yaml") == [
        "lower.yaml:2:7: unknown kind 'environment' (kinds are case-sensitive: 'Environment')"]


def test_declared_api_versions_and_schema(tmp_path: Path) -> None:
    write_files(tmp_path, {
        ".scorecard.yaml": "kinds:\n  - kind: Environment\n    apiVersions: [acme.io/v1]\n"
                           "    schema: schemas/environment.yaml\n",
        "schemas/environment.yaml": "type: object\nrequired: [spec]\nproperties:\n  spec:\n"
                                    "    type: object\n    required: [tier]\n    properties:\n"
                                    "      tier: {enum: [gold, silver]}\n",
        "good.yaml": ENV.format(version="acme.io/v1", kind="Environment", tier="gold",
                                name="a"),
        "bad-tier.yaml": ENV.format(version="acme.io/v1", kind="Environment", tier="bronze",
                                    name="b"),
        "bad-version.yaml": ENV.format(version="acme.io/v2", kind="Environment", tier="gold",
                                       name="c"),
        "bad-envelope.yaml": ENV.format(version="acme.io/v1", kind="Environment", tier="gold",
                                        name="pro d"),
    })
    messages = _messages(tmp_path, "good.yaml", "bad-tier.yaml", "bad-version.yaml",
                         "bad-envelope.yaml")
    assert messages[0].startswith("bad-tier.yaml:6:9: 'bronze' is not allowed for 'tier'")
    assert messages[1] == ("bad-version.yaml:1:13: 'acme.io/v2' is not an apiVersion of kind "
                           "Environment (known: acme.io/v1)")
    assert messages[2].startswith("bad-envelope.yaml:4:9: 'pro d' is not a valid entity name")
    assert len(messages) == 3


@pytest.mark.parametrize(("kinds", "message"), [
    ("5", "'kinds' must be a list of kinds (got 5)"),
    ("[{kind: A, api: [x]}]", "unknown key 'api' in a kind (known: kind, apiVersions, schema)"),
    ("[{apiVersions: [x]}]", "a kind needs 'kind' as a non-empty string (got None)"),
    ("[{kind: A, apiVersions: x}]", "'apiVersions' must be a list of apiVersions (got 'x')"),
    ("[[A]]", "a kind is a name or {kind, apiVersions, schema} (got ['A'])"),
])
def test_bad_kinds_in_the_configuration(tmp_path: Path, kinds: str, message: str) -> None:
    (tmp_path / ".scorecard.yaml").write_text(f"kinds: {kinds}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path / ".scorecard.yaml"), str(tmp_path))
    assert caught.value.message == message
    validation = validate_paths([".scorecard.yaml"], str(tmp_path))
    assert not validation.ok  # validate reports the same file by its schema


def test_a_schema_that_is_not_a_schema_is_a_located_configuration_error(tmp_path: Path) -> None:
    write_files(tmp_path, {
        ".scorecard.yaml": "catalog: []\nkinds:\n  - kind: Environment\n"
                           "    schema: env.json\n",
        "env.json": '{"type": 5}',
        "env.yaml": ENV.format(version="backstage.io/v1alpha1", kind="Environment", tier=1,
                               name="prod"),
    })
    for paths in (["env.yaml"], ["env.yaml", ".scorecard.yaml"]):
        messages = sorted(_messages(tmp_path, *paths))
        assert len(messages) == 2
        assert messages[0].startswith(".scorecard.yaml:4:13: schema of kind Environment is not "
                                      "a valid JSON Schema")
        assert messages[1].startswith("env.yaml:2:7: unknown kind 'Environment'")


def test_locations_are_followed_and_their_files_validated(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Location\n"
                             "metadata: {name: root}\nspec:\n  targets:\n    - ./teams/*.yaml\n"
                             "    - ./missing.yaml\n    - ../outside.yaml\n",
        "teams/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: a}\n"
                        "spec: {type: team}\n",
        "teams/b.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: a}\n"
                        "spec: {type: team, children: []}\n",
    })
    root = tmp_path
    (root / ".git").mkdir()  # the repository's boundary
    validation = validate_paths(["catalog-info.yaml"], str(root))
    assert validation.files == ["catalog-info.yaml", "teams/a.yaml", "teams/b.yaml"]
    assert [d.format() for d in validation.diagnostics] == [
        "catalog-info.yaml:7:7: Location target './missing.yaml' not found",
        "catalog-info.yaml:8:7: Location target '../outside.yaml' leaves the repository",
        "teams/a.yaml:4:7: missing required key 'children'",
        "teams/b.yaml:1:1: duplicate entity group:default/a: first defined at teams/a.yaml:1:1",
    ]


def test_the_same_entity_twice_in_one_file(tmp_path: Path) -> None:
    one = "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: s}\n"
    (tmp_path / "catalog-info.yaml").write_text(
        one + "spec: {owner: a}\n---\n" + one + "spec: {owner: b}\n---\n" + one
        + "spec: {owner: a}\n", encoding="utf-8")
    assert _messages(tmp_path, "catalog-info.yaml") == [
        ("catalog-info.yaml:6:1: duplicate entity system:default/s: first defined at "
        "catalog-info.yaml:1:1")]


def test_placeholders_are_resolved_before_validation(tmp_path: Path) -> None:
    api = ("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: a}\n"
           "spec: {type: openapi, lifecycle: l, owner: o, definition: {$text: ./api.yaml}}\n")
    write_files(tmp_path, {"catalog-info.yaml": api, "api.yaml": "openapi: 3.0.0\n",
                           "empty/catalog-info.yaml": api, "empty/api.yaml": ""})
    assert _messages(tmp_path, "catalog-info.yaml") == []
    assert _messages(tmp_path, "empty/catalog-info.yaml") == [
        "empty/catalog-info.yaml:4:59: 'definition' must not be empty"]


# What JavaScript's new URL() says of each (node 20), as Backstage checks link URLs.
URLS = {
    "https://example.com": True, "https://example.com/a b": True, "http://": False,
    "http:example.com": True, "https:///example.com": True, "/docs": False,
    "docs.example.com": False, "localhost:3000": True, "mailto:a@b": True,
    "https://exa mple.com": False, "https://example.com:99999": False,
    "https://[::1]:8080/x": True, "https://user:pw@host/x": True,
    "  https://example.com  ": True, "https://example.com:abc": False, "ws://": False,
    "file:///etc": True, "foo://bar baz": False, "foo://": True, "urn:isbn:123": True,
    "https://a<b.com": False, "C:\\x": True, "https://#x": False,
    "https://ex%41mple.com": True, "http://1.2.3.4.5": False, "http://0x7f.1": True,
    "http://256.1.1.1": False, "http://09.1.1.1": False, "http://1.2.3.4.": True,
    "http://example.123": False, "http://127.0.0.1:8080": True,
}


@pytest.mark.parametrize("url", URLS)
def test_link_urls_as_new_url_reads_them(url: str) -> None:
    assert is_valid_url(url) is URLS[url]


@pytest.mark.parametrize(("schema", "files", "message"), [
    ("missing.json", {}, "schema of kind Environment: cannot read file"),
    ("list.yaml", {"list.yaml": "- a\n"}, ("schema of kind Environment: a JSON Schema is a "
     "mapping (got ['a'])")),
])
def test_a_kind_schema_that_cannot_be_read(tmp_path: Path, schema: str, files: dict,
                                           message: str) -> None:
    write_files(tmp_path, {".scorecard.yaml": f"kinds:\n  - {{kind: Environment, schema: "
                                              f"{schema}}}\n",
                           "env.yaml": ENV.format(version="a/v1", kind="Environment", tier=1,
                                                  name="e"), **files})
    messages = _messages(tmp_path, "env.yaml")
    assert messages[0].startswith(f".scorecard.yaml:2:33: {message}")  # at the schema's path


def test_a_kind_schema_ref_that_cannot_be_resolved_is_a_problem_not_a_crash(
        tmp_path: Path) -> None:
    write_files(tmp_path, {
        ".scorecard.yaml": "kinds:\n  - {kind: Environment, schema: s.json}\n",
        "s.json": '{"$ref": "other.json#/x"}',
        "env.yaml": ENV.format(version="a/v1", kind="Environment", tier=1, name="e"),
    })
    messages = _messages(tmp_path, "env.yaml")
    assert len(messages) == 1
    assert "has a $ref that cannot be resolved here" in messages[0]
