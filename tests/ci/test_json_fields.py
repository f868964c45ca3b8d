"""JSON document fields of issue 10.6: tool, commit (per repository and per result),
owner and team; checked against real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

from scorecard_cli import __version__
from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.heads import head_commit
from scorecard_cli.core.schemas import validator
from tests.conftest import git, write_files

BACKSTAGE = ("apiVersion: backstage.io/v1alpha1\nkind: Component\n"
             "metadata: {name: pay}\nspec: {owner: 'group:default/payments'}\n")
PORT = json.dumps({"identifier": "billing", "blueprint": "service", "team": ["billing-team"]})
SCORECARD = ("id: s\ntitle: S\nrules:\n- {id: readme, title: README, level: Bronze, "
             "type: scm.file.exists, params: {path: README.md}}\n")


def document(cwd: Path, *paths: str, **options: object) -> dict:
    result = run_check(CheckOptions(paths=list(paths), scorecards=["s.yaml"], cwd=str(cwd),
                                    use_config=False, **options))  # type: ignore[arg-type]
    doc = json.loads(json.dumps(result.document()))
    validator("result").validate(doc)
    return doc


def test_tool_commit_owner_and_team(make_repo) -> None:
    root = make_repo({"svc/catalog-info.yaml": BACKSTAGE, "port/billing.json": PORT,
                      "s.yaml": SCORECARD})
    head = git(root, "rev-parse", "HEAD")
    doc = document(root, "svc/catalog-info.yaml", "port/billing.json")
    assert doc["tool"] == {"name": "scorecard", "version": __version__}
    assert doc["commit"] == {".": head}
    by_entity = {r["entity"]: r for r in doc["results"]}
    pay, billing = by_entity["component:default/pay"], by_entity["service:billing"]
    assert (pay["owner"], pay["team"], pay["commit"]) == ("group:default/payments",
                                                          "payments", head)
    assert (billing["owner"], billing["team"]) == ("billing-team", "billing-team")


def test_commit_with_ref_is_the_ref_commit(make_repo) -> None:
    root = make_repo({"svc/catalog-info.yaml": BACKSTAGE, "s.yaml": SCORECARD})
    first = git(root, "rev-parse", "HEAD")
    (root / "svc" / "README.md").write_text("# pay\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "readme")
    doc = document(root, "svc/catalog-info.yaml", ref=first)
    assert doc["commit"] == {".": first} and doc["results"][0]["commit"] == first


def test_outside_a_repository_and_before_the_first_commit(tmp_path: Path, make_repo) -> None:
    write_files(tmp_path / "plain", {"catalog-info.yaml": BACKSTAGE, "s.yaml": SCORECARD})
    doc = document(tmp_path / "plain", "catalog-info.yaml")
    assert doc["commit"] is None and doc["results"][0]["commit"] is None
    empty = make_repo({"catalog-info.yaml": BACKSTAGE, "s.yaml": SCORECARD}, commit=False,
                      name="empty")
    doc = document(empty, "catalog-info.yaml")
    assert doc["commit"] == {".": None} and doc["results"][0]["commit"] is None


def test_head_commit_reads_worktrees_packed_refs_and_detached_heads(make_repo,
                                                                    tmp_path: Path) -> None:
    root = make_repo({"a.txt": "a\n"})
    head = git(root, "rev-parse", "HEAD")
    assert head_commit(str(root)) == head
    git(root, "pack-refs", "--all")  # the branch now lives in packed-refs only
    assert not (root / ".git" / "refs" / "heads" / "main").exists()
    assert head_commit(str(root)) == head
    git(root, "worktree", "add", "-q", "-b", "other", str(tmp_path / "wt"))
    (tmp_path / "wt" / "b.txt").write_text("b\n")
    git(tmp_path / "wt", "add", "-A")
    git(tmp_path / "wt", "commit", "-qm", "b")
    assert head_commit(str(tmp_path / "wt")) == git(tmp_path / "wt", "rev-parse", "HEAD")
    git(root, "checkout", "-q", "--detach")
    assert head_commit(str(root)) == head
    assert head_commit(str(tmp_path)) is None  # not a repository
    (root / ".git" / "HEAD").write_text("ref: refs/heads/../../../../etc\n")
    assert head_commit(str(root)) is None  # a ref that leaves the repository: refused
