"""``--shard K/N``: the union of all shards is the whole run, each result once."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.errors import UsageError
from scorecard_cli.core.shard import parse_shard, shard_of
from tests.cache.helpers import entity
from tests.conftest import git, write_files

SUMS = ("entities", "evaluations", "skipped", "templates", "belowThreshold", "errors")


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "mono"
    root.mkdir()
    git(root, "init", "-q")
    files = {f"services/s{i:02d}/catalog-info.yaml": entity(f"s{i:02d}", owner=None if i % 3
                                                            else "team") for i in range(24)}
    files["services/s05/README.md"] = "# five\n"
    files["catalog-info.yaml"] = ("apiVersion: backstage.io/v1alpha1\nkind: Location\n"
                                  "metadata: {name: root}\nspec: {targets: [apis/pay.yaml]}\n")
    files["apis/pay.yaml"] = ("apiVersion: backstage.io/v1alpha1\nkind: API\n"
                              "metadata: {name: pay}\nspec: {type: openapi, owner: team}\n")
    files["services/dup/catalog-info.yaml"] = entity("s01", owner="someone-else")
    files["services/bad/catalog-info.yaml"] = "kind: [unclosed\n"
    files["services/tpl/catalog-info.yaml"] = "metadata:\n  name: ${{ values.name }}\n"
    write_files(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root


def check(root: Path, *extra: str) -> dict:
    result = CliRunner().invoke(app, ["check", str(root), "--format", "json", "--no-config",
                                      "--fail-below", "Bronze", *extra])
    assert result.exit_code in (1, 2), result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_the_shards_together_are_the_whole_run(catalog: Path, count: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(catalog)
    whole = check(catalog, "--no-cache")
    shards = [check(catalog, "--shard", f"{k}/{count}") for k in range(1, count + 1)]
    merged = sorted((r for s in shards for r in s["results"]),
                    key=lambda r: (r["entity"], r["scorecard"]))
    assert merged == whole["results"]
    assert Counter(json.dumps(d, sort_keys=True) for s in shards for d in s["diagnostics"]) \
        == Counter(json.dumps(d, sort_keys=True) for d in whole["diagnostics"])
    for key in SUMS:
        assert sum(s["summary"][key] for s in shards) == whole["summary"][key], key
    assert whole["summary"]["errors"] >= 2  # the duplicate and the broken file
    if count > 1:
        assert all(s["results"] for s in shards)  # 25+ files: none of these is empty


def test_a_file_lands_in_one_shard_whatever_else_there_is() -> None:
    paths = [f"services/s{i}/catalog-info.yaml" for i in range(200)]
    for count in (2, 3, 7):
        shards = [shard_of(p, count) for p in paths]
        assert set(shards) == set(range(1, count + 1))
        assert shards == [shard_of(p, count) for p in paths]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2"])
def test_bad_shards_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse_shard(text)
    result = CliRunner().invoke(app, ["check", "--shard", text])
    assert result.exit_code == 2
    assert "--shard" in result.stderr
