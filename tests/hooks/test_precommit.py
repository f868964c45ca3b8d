"""The pre-commit hooks, exercised with the real ``pre-commit`` tool (``try-repo``) on
temporary git repositories: what is staged counts, what is only on disk does not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import GIT_ENV, REPO_ROOT, git, write_files

HOOKS = {hook["id"]: hook for hook in
         yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}

GOOD = {
    "apiVersion": "backstage.io/v1alpha1",
    "kind": "Component",
    "metadata": {"name": "payments", "description": "Takes money."},
    "spec": {"type": "service", "lifecycle": "production", "owner": "team-payments"},
}
NEEDS_CODEOWNERS = {
    "id": "owned", "title": "Owned",
    "rules": [{"id": "codeowners", "title": "Has CODEOWNERS", "level": "Bronze",
               "type": "scm.file.exists", "params": {"path": "/CODEOWNERS"}}],
}


def test_every_entry_ends_the_options() -> None:
    """pre-commit appends file names: after ``--`` a file named ``--output=x`` is a path."""
    for hook in HOOKS.values():
        assert hook["entry"].split()[-1] == "--", hook["id"]
    assert "--staged" in HOOKS["scorecard-check"]["entry"].split()
    assert "--staged" in HOOKS["scorecard-check-all"]["entry"].split()


def test_hook_file_patterns() -> None:
    check = re.compile(HOOKS["scorecard-check"]["files"])
    validate = re.compile(HOOKS["scorecard-validate"]["files"])
    exclude = re.compile(HOOKS["scorecard-validate"]["exclude"])
    examples = [str(p.relative_to(REPO_ROOT)) for p in
                (REPO_ROOT / "examples").rglob("catalog-info.y*ml")]
    assert len(examples) >= 5
    for path in examples:
        assert check.search(path) and validate.search(path), path
    scorecards = [str(p.relative_to(REPO_ROOT)) for p in
                  (REPO_ROOT / "examples" / "acme" / "scorecards").iterdir()]
    assert len(scorecards) >= 2
    for path in [*scorecards, ".scorecard.yaml", "sub/.scorecard.yml", "platform-scorecard.json"]:
        assert validate.search(path) and not exclude.search(path), path
        assert not check.search(path), path
    for other in ("README.md", "my-catalog-info.yaml.bak", "scorecards/README.md",
                  "services/pay/config.yaml"):
        assert not check.search(other) and not validate.search(other), other
    assert exclude.search("schemas/scorecard.schema.json")


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if _precommit() is None:
        pytest.skip("pre-commit is not installed")
    return tmp_path_factory.mktemp("pre-commit-home")


def _precommit() -> str | None:
    beside = Path(sys.executable).parent / "pre-commit"  # the venv running the tests
    return str(beside) if beside.is_file() else shutil.which("pre-commit")


def try_repo(consumer: Path, home: Path, hook: str) -> subprocess.CompletedProcess:
    """Run one hook of this repository (its committed state and tracked changes) on the
    staged files of ``consumer``."""
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run([str(_precommit()), "try-repo", str(REPO_ROOT), hook, "--verbose"],
                          cwd=consumer, env=env, capture_output=True, text=True, check=False,
                          timeout=900)


@pytest.mark.parametrize("hook", ["scorecard-validate", "scorecard-check"])
def test_hook_blocks_a_commit_that_removes_the_owner(make_repo: object, precommit_home: Path,
                                                     hook: str) -> None:
    consumer = make_repo({"catalog-info.yaml": yaml.safe_dump(GOOD), "README.md": "# Payments\n",
                          ".scorecard.yaml": "failBelow: Bronze\n"},
                         name=f"consumer-{hook}")  # type: ignore[operator]
    write_files(consumer, {"catalog-info.yaml": yaml.safe_dump(
        {**GOOD, "metadata": {**GOOD["metadata"], "title": "Payments"}})})
    git(consumer, "add", "-A")
    good = try_repo(consumer, precommit_home, hook)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    broken = {**GOOD, "spec": {k: v for k, v in GOOD["spec"].items() if k != "owner"}}
    write_files(consumer, {"catalog-info.yaml": yaml.safe_dump(broken)})
    git(consumer, "add", "-A")
    bad = try_repo(consumer, precommit_home, hook)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    expected = ("missing required key 'owner'" if hook == "scorecard-validate"
                else "spec.owner is missing")
    assert expected in bad.stdout


def test_check_hook_reads_the_index_not_untracked_files(make_repo: object,
                                                        precommit_home: Path) -> None:
    """An untracked CODEOWNERS is on disk but not in the commit: it must not count."""
    consumer = make_repo({  # type: ignore[operator]
        "catalog-info.yaml": yaml.safe_dump(GOOD),
        "scorecards/owned.yaml": yaml.safe_dump(NEEDS_CODEOWNERS),
        ".scorecard.yaml": "scorecards: [scorecards/]\nfailBelow: Bronze\n"}, name="untracked")
    write_files(consumer, {"CODEOWNERS": "* @team-payments\n",
                           "catalog-info.yaml": yaml.safe_dump({**GOOD, "metadata": {
                               **GOOD["metadata"], "title": "Payments"}})})
    git(consumer, "add", "catalog-info.yaml")  # CODEOWNERS stays untracked
    bad = try_repo(consumer, precommit_home, "scorecard-check")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "/CODEOWNERS not found" in bad.stdout
    assert "gate failed" in bad.stdout
    everything = try_repo(consumer, precommit_home, "scorecard-check-all")
    assert everything.returncode == 1, everything.stdout + everything.stderr

    git(consumer, "add", "CODEOWNERS")
    good = try_repo(consumer, precommit_home, "scorecard-check")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    git(consumer, "rm", "-q", "--cached", "CODEOWNERS")  # deleted in the commit, kept on disk
    gone = try_repo(consumer, precommit_home, "scorecard-check-all")
    assert gone.returncode == 1, gone.stdout + gone.stderr


def test_validate_hook_covers_scorecards_and_config(make_repo: object,
                                                    precommit_home: Path) -> None:
    consumer = make_repo({  # type: ignore[operator]
        "catalog-info.yaml": yaml.safe_dump(GOOD),
        "scorecards/owned.yaml": yaml.safe_dump(NEEDS_CODEOWNERS),
        ".scorecard.yaml": "scorecards: [scorecards/]\n"}, name="validate")
    broken_rule = {**NEEDS_CODEOWNERS, "rules": [{**NEEDS_CODEOWNERS["rules"][0], "leve": "x"}]}
    write_files(consumer, {"scorecards/owned.yaml": yaml.safe_dump(broken_rule),
                           ".scorecard.yaml": "scorecards: [scorecards/]\nfailBellow: Gold\n"})
    git(consumer, "add", "-A")
    bad = try_repo(consumer, precommit_home, "scorecard-validate")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "scorecards/owned.yaml:" in bad.stdout and "unknown key 'leve'" in bad.stdout
    assert ".scorecard.yaml:2:1: unknown key 'failBellow'" in bad.stdout


def test_a_file_named_like_an_option_is_a_path(make_repo: object, precommit_home: Path) -> None:
    """Without ``--`` in the entry, ``--output=x/catalog-info.yaml`` would be an option."""
    consumer = make_repo({"--output=evil/catalog-info.yaml": yaml.safe_dump(GOOD),  # type: ignore[operator]
                          "README.md": "x"}, name="dashes")
    write_files(consumer, {"--output=evil/catalog-info.yaml": yaml.safe_dump(
        {**GOOD, "metadata": {**GOOD["metadata"], "title": "Payments"}})})
    git(consumer, "add", "-A")  # the staged file is what pre-commit passes
    for hook in ("scorecard-check", "scorecard-validate"):
        run = try_repo(consumer, precommit_home, hook)
        assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(p.name for p in (consumer / "--output=evil").iterdir()) == ["catalog-info.yaml"]
    assert not (consumer / "evil").exists()
