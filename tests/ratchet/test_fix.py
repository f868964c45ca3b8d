"""``scorecard fix``: dry-run diffs (golden), apply, idempotence, refusals."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from tests.conftest import git, write_files
from tests.ratchet.fix_cases import ARGS, CASES, build
from tests.ratchet.regen_fix_golden import dry_run, golden_path

runner = CliRunner()


@pytest.mark.parametrize("case", sorted(CASES))
def test_dry_run_diff_matches_the_golden_file(case: str, tmp_path: Path) -> None:
    assert dry_run(case, tmp_path) == golden_path(case).read_text(encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(root).parts}


@pytest.mark.parametrize("case", sorted(CASES))
def test_apply_makes_the_rules_pass_and_a_second_apply_changes_nothing(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = runner.invoke(app, ["check", *ARGS[case], "-f", "json"])
    failing = {(r["entity"], rule["id"]) for r in json.loads(before.stdout)["results"]
               for rule in r["rules"] if not rule["passed"]}
    unchanged = _files(tmp_path)
    dry = runner.invoke(app, ["fix", *ARGS[case]])
    assert _files(tmp_path) == unchanged  # the dry run wrote nothing
    done = runner.invoke(app, ["fix", *ARGS[case], "--apply"])
    assert done.exit_code == 0, done.output
    assert _files(tmp_path) != unchanged and "edited" in done.stdout
    after = runner.invoke(app, ["check", *ARGS[case], "-f", "json"])
    still = {(r["entity"], rule["id"]) for r in json.loads(after.stdout)["results"]
             for rule in r["rules"] if not rule["passed"]}
    shown_only = {match.groups() for match in re.finditer(
        r"^shown, not applied: (\S+) [^/]+/([^:]+):", dry.stderr, re.MULTILINE)}
    assert still == shown_only  # every applied fix passes now; only the shown ones remain
    assert still < failing
    applied = _files(tmp_path)
    again = runner.invoke(app, ["fix", *ARGS[case], "--apply"])
    assert again.exit_code == 0 and again.stdout == ""
    assert "nothing to change" in again.stderr
    assert _files(tmp_path) == applied


@pytest.fixture
def repo(make_repo: Callable, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo({})
    build_case = CASES["backstage"]
    build_case(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "case")
    monkeypatch.chdir(root)
    return root


def _scorecard(root: Path, path: str, content: str = "x\n", action: str =
               "scm.createOrUpdateFile@v1") -> None:
    write_files(root, {"hostile.yaml": json.dumps({
        "id": "hostile", "rules": [{
            "id": "plant", "level": "Bronze", "type": "scm.file.exists",
            "params": {"path": "never-there.txt"},
            "fixAction": {"actionId": action,
                          "suggestedInputs": {"path": path, "content": content}}}]})})


@pytest.mark.parametrize("path", ["../../outside.txt", "/../escape.txt", "/.git/hooks/post-checkout",
                                  ".GIT/config"])
def test_writes_outside_the_repository_or_into_git_are_refused(repo: Path, path: str) -> None:
    _scorecard(repo, path)
    before = _files(repo.parent)
    hooks = sorted((repo / ".git" / "hooks").iterdir()) if (repo / ".git" / "hooks").is_dir() \
        else []
    done = runner.invoke(app, ["fix", "svc", "-s", "hostile.yaml", "--apply"])
    assert done.exit_code == 1
    assert "not applied: " in done.stderr and "refused" in done.stderr
    assert _files(repo.parent) == before
    assert (sorted((repo / ".git" / "hooks").iterdir()) if hooks else []) == hooks
    assert not (repo / ".git" / "hooks" / "post-checkout").exists()


def test_writes_through_a_symlinked_folder_or_file_are_refused(repo: Path,
                                                               tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, repo / "svc" / "docs")
    done = runner.invoke(app, ["fix", "svc", "-s", "sc.yaml", "--rule", "docs", "--apply"])
    assert done.exit_code == 1 and "symbolic link" in done.stderr
    assert list(elsewhere.iterdir()) == []
    real = repo / "real-catalog.yaml"  # inside the repository, so that check reads it
    real.write_text((repo / "svc" / "catalog-info.yaml").read_text())
    (repo / "svc" / "catalog-info.yaml").unlink()
    os.symlink(real, repo / "svc" / "catalog-info.yaml")
    text = real.read_bytes()
    done = runner.invoke(app, ["fix", "svc", "-s", "sc.yaml", "--apply"])
    assert done.exit_code == 1 and "symbolic link" in done.stderr
    assert real.read_bytes() == text and (repo / "svc" / "catalog-info.yaml").is_symlink()


def test_an_existing_file_is_replaced_only_with_force(repo: Path) -> None:
    _scorecard(repo, "NOTES.md", "# suggested\n")
    write_files(repo, {"svc/NOTES.md": "# mine\n"})
    done = runner.invoke(app, ["fix", "svc", "-s", "hostile.yaml", "--apply"])
    assert done.exit_code == 1 and "without --force" in done.stderr
    assert (repo / "svc" / "NOTES.md").read_text() == "# mine\n"
    done = runner.invoke(app, ["fix", "svc", "-s", "hostile.yaml"])
    assert "NOTES.md" not in done.stdout
    done = runner.invoke(app, ["fix", "svc", "-s", "hostile.yaml", "--apply", "--force"])
    assert done.exit_code == 0, done.output
    assert (repo / "svc" / "NOTES.md").read_text() == "# suggested\n"


def test_other_actions_are_shown_not_applied_and_filters_select(repo: Path) -> None:
    done = runner.invoke(app, ["fix", "svc", "-s", "sc.yaml", "--rule", "ticket", "--apply"])
    assert done.exit_code == 0 and done.stdout == ""
    assert "shown, not applied: component:default/ledger ready/ticket: an action " \
        "scorecard cannot perform here (jira.createIssue@v1" in done.stderr
    only = runner.invoke(app, ["fix", "svc", "-s", "sc.yaml", "--entity", "payments",
                               "--rule", "lifecycle"])
    assert only.stdout.count("+  lifecycle: production") == 1
    assert "ledger" not in only.stdout
