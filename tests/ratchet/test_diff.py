"""``scorecard diff`` on real repositories: levels raised and lowered, entities added,
removed and renamed, a scorecard changed; both trees read from git objects only."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scorecard_cli.cli import app
from tests.conftest import git, write_files

runner = CliRunner()

SCORECARD = {
    "id": "ready", "title": "Ready",
    "rules": [
        {"id": "owner", "level": "Bronze", "type": "entity.field.exists",
         "params": {"field": "spec.owner"}},
        {"id": "readme", "level": "Silver", "type": "scm.file.exists",
         "params": {"path": "README.md"}},
    ],
}


def component(name: str, owner: str | None = "team", system: str | None = None) -> str:
    spec = {k: v for k, v in (("owner", owner), ("system", system)) if v}
    return yaml.safe_dump({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                           "metadata": {"name": name}, "spec": spec}, sort_keys=False)


@pytest.fixture
def history(make_repo: Callable, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two commits: ``up`` climbs to Silver, ``down`` drops to Basic, ``old`` is renamed
    ``new`` in place, ``moved`` is renamed while its file moves, ``gone`` is removed,
    ``fresh`` is added, and the scorecard gains a Gold rule."""
    repo = make_repo({
        "sc.yaml": yaml.safe_dump(SCORECARD),
        "up/catalog-info.yaml": component("up"),
        "down/catalog-info.yaml": component("down"),
        "down/README.md": "x",
        "old/catalog-info.yaml": component("old"),
        "mv/catalog-info.yaml": component("moved", system="s"),
        "gone/catalog-info.yaml": component("gone"),
        ".scorecard.yaml": "scorecards: [sc.yaml]\n",
    })
    git(repo, "tag", "v1")
    changed = {**SCORECARD, "rules": [*SCORECARD["rules"], {
        "id": "system", "level": "Gold", "type": "entity.field.exists",
        "params": {"field": "spec.system"}}]}
    write_files(repo, {"sc.yaml": yaml.safe_dump(changed), "up/README.md": "x",
                       "down/catalog-info.yaml": component("down", owner=None),
                       "old/catalog-info.yaml": component("new"),
                       "fresh/catalog-info.yaml": "# a new service, unlike any file before\n"
                       + component("fresh") + "  description: Fresh, with links and tags\n"
                       "  tags: [a, b, c]\n"})
    git(repo, "mv", "mv", "moved-here")
    write_files(repo, {"moved-here/catalog-info.yaml": component("moved-again", system="s")})
    git(repo, "rm", "-q", "-r", "gone")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "second")
    monkeypatch.chdir(repo)
    return repo


def _diff(*args: str) -> tuple[int, dict]:
    done = runner.invoke(app, ["diff", *args, "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return done.exit_code, json.loads(done.stdout)


def _rows(doc: dict) -> dict:
    return {(e["entity"], r["scorecard"]): (e["change"], e["previous"], r["before"] and
                                            r["before"]["level"], r["after"] and
                                            r["after"]["level"], r["change"])
            for e in doc["entities"] for r in e["scorecards"]}


def test_levels_entities_and_scorecard_changes_between_two_commits(history: Path) -> None:
    _, doc = _diff("--base", "v1", "--head", "HEAD")
    assert doc["base"] == {"ref": "v1", "commit": git(history, "rev-parse", "v1")}
    assert _rows(doc) == {
        ("component:default/up", "ready"): ("kept", None, "Bronze", "Silver", "raised"),
        ("component:default/down", "ready"): ("kept", None, "Silver", "Basic", "lowered"),
        ("component:default/new", "ready"): ("renamed", "component:default/old", "Bronze",
                                             "Bronze", "changed"),  # fails the new rule
        ("component:default/moved-again", "ready"): ("renamed", "component:default/moved",
                                                     "Bronze", "Bronze", "same"),
        ("component:default/gone", "ready"): ("removed", None, "Bronze", None, "removed"),
        ("component:default/fresh", "ready"): ("added", None, None, "Bronze", "added"),
    }
    rows = {(e["entity"]): r for e in doc["entities"] for r in e["scorecards"]}
    assert [r["id"] for r in rows["component:default/down"]["newlyFailing"]] == ["owner"]
    assert [r["id"] for r in rows["component:default/up"]["newlyPassing"]] == ["readme"]
    assert [(r["id"], r["passed"]) for r in rows["component:default/up"]["addedRules"]] == [
        ("system", False)]
    assert doc["scorecards"] == [{"scorecard": "ready", "change": "changed", "levels": None,
                                  "addedRules": ["system"], "removedRules": [],
                                  "changedRules": []}]
    assert doc["summary"] == {"raised": 1, "lowered": 1, "newlyFailing": 1, "newlyPassing": 1,
                              "entitiesAdded": 1, "entitiesRemoved": 1, "entitiesRenamed": 2,
                              "regression": True}


def _fingerprint(root: Path) -> dict:
    """Every file's bytes and mode under the repository, .git included."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            found[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(),
                                path.stat().st_mtime_ns)
    return found


def test_the_working_tree_against_a_commit_touches_neither_tree_nor_index(
        history: Path) -> None:
    write_files(history, {"down/catalog-info.yaml": component("down"),
                          "up/catalog-info.yaml": component("up", owner=None)})
    before = _fingerprint(history)
    code, doc = _diff("--base", "HEAD", "--fail-on-regression")
    assert _fingerprint(history) == before
    rows = _rows(doc)
    assert doc["head"] == {"ref": None, "commit": None}
    assert rows[("component:default/down", "ready")][2:] == ("Basic", "Silver", "raised")
    assert rows[("component:default/up", "ready")][2:] == ("Silver", "Basic", "lowered")
    assert code == 1  # up lost its owner: a regression
    assert git(history, "status", "--porcelain") == "M down/catalog-info.yaml\n M up/catalog-info.yaml".lstrip()


def test_no_regression_exits_0_and_the_table_and_markdown_read_well(history: Path) -> None:
    write_files(history, {"fresh/README.md": "x"})
    done = runner.invoke(app, ["diff", "--base", "HEAD", "--fail-on-regression"])
    assert done.exit_code == 0, done.output
    assert "component:default/fresh" in done.stdout and "Bronze → Silver" in done.stdout
    assert "▲ raised" in done.stdout and "+ readme  now passes" in done.stdout
    markdown = runner.invoke(app, ["diff", "--base", "v1", "--head", "HEAD", "-f", "markdown"])
    assert markdown.exit_code == 0
    assert "❌ **Scorecard regression**" in markdown.stdout
    assert "| component:default/down | ready | Silver | Basic | ▼ lowered |" in markdown.stdout
    assert "renamed from component:default/old" in markdown.stdout


def test_a_bad_ref_is_one_line_and_exit_2(history: Path) -> None:
    done = runner.invoke(app, ["diff", "--base", "no-such-ref"])
    assert done.exit_code == 2
    assert done.stderr.strip().splitlines() == [
        "scorecard: error: " + done.stderr.split("scorecard: error: ", 1)[1].strip()]
    assert "no-such-ref" in done.stderr
    outside = runner.invoke(app, ["diff", "--base", "--upload-pack=x"])
    assert outside.exit_code == 2


def test_catalog_files_at_a_ref_are_read_from_git_objects_not_the_disk(history: Path) -> None:
    """A file deleted from disk still exists at the commit; a symlink in the tree is not
    followed."""
    (history / "up" / "catalog-info.yaml").unlink()
    os.symlink("/etc/passwd", history / "leak.yaml")
    write_files(history, {"loc/catalog-info.yaml": yaml.safe_dump({
        "apiVersion": "backstage.io/v1alpha1", "kind": "Location", "metadata": {"name": "l"},
        "spec": {"targets": ["../leak.yaml", "../../outside.yaml"]}})})
    git(history, "add", "-A")
    git(history, "commit", "-q", "-m", "link")
    done = runner.invoke(app, ["diff", "--base", "HEAD~1", "--head", "HEAD", "-f", "json",
                               ".", "leak.yaml"])
    doc = json.loads(done.stdout)
    assert "component:default/up" in {e["entity"] for e in doc["entities"]}
    assert "Location target '../leak.yaml' not found" in done.stderr
    assert "leak.yaml:1:1: no such file or folder at HEAD~1" in done.stderr
    assert "leak.yaml:1:1: not a regular file (a symbolic link at HEAD, which is not " \
        "followed)" in done.stderr
    assert "leaves the repository" in done.stderr
    assert done.exit_code == 2
