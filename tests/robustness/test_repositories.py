"""Odd and broken repositories, on real git repositories built by the fixtures (never mocks).

A repository problem is an evaluation error on the ``scm.*`` rules it touches (the entity
rules still run and the exit code does not change), or, for ``--repo``, one usage line and
exit 2. Nothing outside the repository is ever read, and no repository is ever changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard_cli.core.errors import UsageError
from tests.conftest import git, write_files
from tests.robustness.conftest import Run
from tests.robustness.scm import COMPONENT, NOT_IN_REPO, check, outcomes, scorecard


def test_not_a_git_repository(tmp_path: Path, scs: Path, cli: Callable[..., Run]) -> None:
    plain = tmp_path / "plain"
    write_files(plain, {"catalog-info.yaml": COMPONENT, "README.md": "x"})
    sc = scorecard(scs, ("field", "spec.owner"), ("exists", "README.md"),
                   ("contains", "README.md"), ("anyOf", ["README.md"]), ("recent", 30))
    for ref in (None, "HEAD"):
        result = check(plain, ["catalog-info.yaml"], sc, ref=ref)
        assert outcomes(result) == [(True, "spec.owner is 't'")] + [(False, NOT_IN_REPO)] * 4
        assert result.diagnostics == []
    run = cli("check", "catalog-info.yaml", "-s", sc, "--repo", ".", cwd=plain)
    assert (run.exit_code, run.lines) == (2, [("scorecard: error: --repo '.': not a git "
                                              "repository")])


def test_empty_repository_without_commits(scs: Path, make_repo: Callable) -> None:
    repo = make_repo({"catalog-info.yaml": COMPONENT, "README.md": "hello"}, commit=False)
    sc = scorecard(scs, ("exists", "README.md"), ("contains", "README.md"), ("recent", 30))
    assert outcomes(check(repo, ["catalog-info.yaml"], sc)) == [
        (True, "README.md found"), (True, "README.md has a line matching '.'"),
        (False, "no commit touches the repository")]
    with pytest.raises(UsageError, match="--ref 'HEAD': no such commit in the repository"):
        check(repo, ["catalog-info.yaml"], sc, ref="HEAD")
    assert check(repo, ["."], sc).results  # discovery works without a commit too


@pytest.fixture
def two_commits(make_repo: Callable) -> Path:
    """Two commits: the first has README.md, the second (main, tagged ``dup``) removed it;
    the branch ``dup`` points at the first."""
    repo = make_repo({"catalog-info.yaml": COMPONENT, "README.md": "x", "gone.md": "y"})
    git(repo, "branch", "dup")
    git(repo, "rm", "-q", "README.md")
    git(repo, "commit", "-q", "-m", "drop the readme")
    git(repo, "tag", "dup")
    return repo


BAD_REFS = ["nope", "", "HEAD..HEAD~1", "HEAD:README.md", "HEAD\nmain", "HEAD~99"]


@pytest.mark.parametrize("ref", BAD_REFS)
def test_a_ref_that_resolves_nowhere_is_a_usage_error(scs: Path, two_commits: Path,
                                                      ref: str) -> None:
    """SPEC §6: a --ref that names no commit in any repository read is a usage error."""
    sc = scorecard(scs, ("exists", "README.md"), ("field", "spec.owner"))
    with pytest.raises(UsageError) as raised:
        check(two_commits, ["catalog-info.yaml"], sc, ref=ref)
    assert raised.value.message == f"--ref {ref!r}: no such commit in the repository (.)"


def test_a_ref_starting_with_a_dash_is_refused(scs: Path, two_commits: Path) -> None:
    sc = scorecard(scs, ("exists", "README.md"))
    with pytest.raises(UsageError, match="a ref may not start with '-'"):
        check(two_commits, ["catalog-info.yaml"], sc, ref="--output=/tmp/x")


def test_a_ref_that_resolves_in_another_repository(scs: Path, two_commits: Path,
                                                   make_repo: Callable) -> None:
    """Where the ref resolves in one repository, the others get a bad-ref evaluation error
    on their file rules; the entity rules still run. Where it resolves in none of them, it
    is a usage error naming them."""
    other = make_repo({"catalog-info.yaml": COMPONENT.replace("name: x", "name: o"),
                       "README.md": "x"}, name="other")
    git(other, "branch", "only-here")
    sc = scorecard(scs, ("exists", "README.md"), ("field", "spec.owner"))
    paths = [str(two_commits / "catalog-info.yaml"), str(other / "catalog-info.yaml")]
    result = check(two_commits.parent, paths, sc, ref="only-here")
    by_entity = {r["entity"]: [(x["passed"], x["error"] or x["details"]) for x in r["rules"]]
                 for r in result.results}
    assert by_entity == {
        "component:default/o": [(True, "README.md found"), (True, "spec.owner is 't'")],
        "component:default/x": [
            (False, "bad ref 'only-here': no such commit in this repository"),
            (True, "spec.owner is 't'")]}
    with pytest.raises(UsageError) as raised:
        check(two_commits.parent, paths, sc, ref="nowhere")
    assert raised.value.message == ("--ref 'nowhere': no such commit in any repository read "
                                    f"({other.name}, {two_commits.name})")


def test_a_blob_is_not_a_commit(scs: Path, two_commits: Path) -> None:
    blob = git(two_commits, "rev-parse", "HEAD~1:README.md")
    sc = scorecard(scs, ("exists", "README.md"))
    with pytest.raises(UsageError, match=f"--ref '{blob}': no such commit"):
        check(two_commits, ["catalog-info.yaml"], sc, ref=blob)


def test_ambiguous_ref_follows_git(scs: Path, two_commits: Path) -> None:
    """A branch and a tag both named ``dup``: git's rule (refs/tags before refs/heads) picks
    the tag; the full name picks either one."""
    sc = scorecard(scs, ("exists", "README.md"))
    assert outcomes(check(two_commits, ["catalog-info.yaml"], sc, ref="dup")) == [
        (False, "README.md not found")]
    assert outcomes(check(two_commits, ["catalog-info.yaml"], sc, ref="refs/tags/dup")) == [
        (False, "README.md not found")]
    assert outcomes(check(two_commits, ["catalog-info.yaml"], sc, ref="refs/heads/dup")) == [
        (True, "README.md found")]


def test_shallow_clone(tmp_path: Path, scs: Path, make_repo: Callable) -> None:
    source = make_repo({"catalog-info.yaml": COMPONENT, "README.md": "hello"}, name="source")
    git(source, "commit", "-q", "--allow-empty", "-m", "second")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{source}", str(shallow))
    assert git(shallow, "rev-parse", "--is-shallow-repository") == "true"
    sc = scorecard(scs, ("exists", "README.md"), ("contains", "README.md"), ("recent", 100_000))
    passing = [(True, "README.md found"), (True, "README.md has a line matching '.'")]
    for ref in (None, "HEAD"):
        result = check(shallow, ["catalog-info.yaml"], sc, ref=ref, now=1767225600.0)
        assert outcomes(result) == [*passing, (True, "last commit 0 days ago")]
    with pytest.raises(UsageError, match="--ref 'HEAD~1': no such commit"):
        check(shallow, ["catalog-info.yaml"], sc, ref="HEAD~1")


def test_bare_repository(tmp_path: Path, scs: Path, make_repo: Callable) -> None:
    source = make_repo({"README.md": "hello", "docs/index.md": "x"}, name="source")
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(source), str(bare))
    plain = tmp_path / "plain"
    write_files(plain, {"catalog-info.yaml": COMPONENT})
    sc = scorecard(scs, ("exists", "README.md"), ("contains", "docs/index.md"))
    expected = [(True, "README.md found"), (True, "docs/index.md has a line matching '.'")]
    for ref in (None, "main", "HEAD"):
        assert outcomes(check(plain, ["catalog-info.yaml"], sc, repo=str(bare), ref=ref)) == \
            expected
    write_files(bare, {"catalog-info.yaml": COMPONENT})  # a bare repository has no work tree
    assert outcomes(check(bare, ["catalog-info.yaml"], sc)) == [(False, NOT_IN_REPO)] * 2


@pytest.fixture
def with_submodule(make_repo: Callable) -> Path:
    """outer/ with OUTER.md and a submodule libs/inner holding README.md and a catalog file."""
    inner = make_repo({"README.md": "inner", "catalog-info.yaml": COMPONENT}, name="inner")
    outer = make_repo({"OUTER.md": "x",
                       "catalog-info.yaml": COMPONENT.replace("name: x", "name: o")},
                      name="outer")
    git(outer, "submodule", "add", "-q", str(inner), "libs/inner")
    git(outer, "commit", "-q", "-m", "add a submodule")
    return outer


def test_submodule_is_its_own_repository(scs: Path, with_submodule: Path) -> None:
    sc = scorecard(scs, ("exists", "README.md"), ("exists", "/OUTER.md"),
                   ("exists", "../../OUTER.md"), ("contains", "README.md"))
    for ref in (None, "HEAD"):
        assert outcomes(check(with_submodule, ["libs/inner/catalog-info.yaml"], sc,
                              ref=ref)) == [
            (True, "README.md found"), (False, "/OUTER.md not found"),
            (False, "path '../../OUTER.md' leaves the repository"),
            (True, "README.md has a line matching '.'")]


def test_parent_sees_a_submodule_as_a_folder(scs: Path, with_submodule: Path) -> None:
    sc = scorecard(scs, ("exists", "libs/inner"), ("exists", "libs/inner/README.md"))
    for ref in (None, "HEAD"):
        assert outcomes(check(with_submodule, ["catalog-info.yaml"], sc, ref=ref)) == [
            (True, "libs/inner found"), (False, "libs/inner/README.md not found")]


def test_reading_a_submodule_as_a_file(scs: Path, with_submodule: Path) -> None:
    """The same answer as for any folder, with and without --ref (not a git object error)."""
    sc = scorecard(scs, ("contains", "libs/inner"))
    for ref in (None, "HEAD"):
        assert outcomes(check(with_submodule, ["catalog-info.yaml"], sc, ref=ref)) == [
            (False, "libs/inner is a folder, not a file")], ref


def test_catalog_files_in_submodules_are_found(scs: Path, with_submodule: Path) -> None:
    """Checking the parent folder finds the submodule's catalog file too: it is neither
    ignored nor inside .git, and the submodule is its repository."""
    sc = scorecard(scs, ("exists", "README.md"))
    result = check(with_submodule, ["."], sc)
    assert [r["entity"] for r in result.results] == ["component:default/o",
                                                     "component:default/x"]


@pytest.fixture
def corrupt(make_repo: Callable) -> tuple[Path, str]:
    """A repository whose README.md blob was deleted from .git/objects (other.md is fine)."""
    repo = make_repo({"catalog-info.yaml": COMPONENT, "README.md": "hello\n", "other.md": "y\n"})
    sha = git(repo, "rev-parse", "HEAD:README.md")
    blob = repo / ".git" / "objects" / sha[:2] / sha[2:]
    blob.chmod(0o644)
    blob.unlink()
    return repo, sha


def test_corrupt_object_is_an_evaluation_error(scs: Path, corrupt: tuple[Path, str]) -> None:
    repo, sha = corrupt
    sc = scorecard(scs, ("exists", "README.md"), ("contains", "README.md"),
                   ("contains", "other.md"))
    result = check(repo, ["catalog-info.yaml"], sc, ref="HEAD")
    listed, read, other = outcomes(result)
    assert listed == (True, "README.md found")  # the tree still lists it
    assert read[0] is False
    assert read[1].startswith(f"cannot read object {sha[:12]}")
    assert other == (True, "other.md has a line matching '.'")
    assert outcomes(check(repo, ["catalog-info.yaml"], sc)) == [  # the working tree is fine
        (True, "README.md found"), (True, "README.md has a line matching '.'"),
        (True, "other.md has a line matching '.'")]


def test_corrupt_object_message_is_one_readable_line(scs: Path,
                                                     corrupt: tuple[Path, str]) -> None:
    """The error names the file and says the object is missing or corrupt, without Python
    byte reprs (``b'…'``) or git's raw output."""
    repo, _ = corrupt
    sc = scorecard(scs, ("contains", "README.md"))
    [(passed, error)] = outcomes(check(repo, ["catalog-info.yaml"], sc, ref="HEAD"))
    assert passed is False
    assert error is not None
    assert "b'" not in error
    assert "README.md" in error
    assert len(error) < 200


def test_corrupt_tree_is_not_called_a_missing_commit(scs: Path, make_repo: Callable) -> None:
    repo = make_repo({"catalog-info.yaml": COMPONENT, "sub/README.md": "x"})
    sha = git(repo, "rev-parse", "HEAD:sub")
    tree = repo / ".git" / "objects" / sha[:2] / sha[2:]
    tree.chmod(0o644)
    tree.unlink()
    sc = scorecard(scs, ("exists", "sub/README.md"))
    [(passed, error)] = outcomes(check(repo, ["catalog-info.yaml"], sc, ref="HEAD"))
    assert passed is False
    assert error is not None
    assert "no such commit" not in error  # HEAD is a commit: its tree is what is broken
    assert outcomes(check(repo, ["catalog-info.yaml"], sc)) == [(True, "sub/README.md found")]


def test_corrupt_index(scs: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    """A truncated .git/index: the working tree cannot be listed, which is an evaluation
    error of the scm rules, not a crash; the catalog file is still found and evaluated."""
    repo = make_repo({"catalog-info.yaml": COMPONENT, "README.md": "x"})
    (repo / ".git" / "index").write_bytes(b"DIRCgarbage")
    sc = scorecard(scs, ("exists", "README.md"), ("field", "spec.owner"))
    run = cli("check", "-s", sc, "-f", "json", cwd=repo)
    assert run.exit_code == 0
    rules = run.rules()
    assert rules["r1"] == (True, None)
    assert rules["r0"][0] is False
    assert "index" in (rules["r0"][1] or "")
