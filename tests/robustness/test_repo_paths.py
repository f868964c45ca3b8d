"""Paths and symlinks in rules, on real repositories: ``..``, absolute, backslash and very long
paths, symlinks inside and pointing outside, unreadable files. Nothing outside the
repository is ever read; an unsafe path is an evaluation error of the rule that names it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import git, write_files
from tests.robustness.scm import COMPONENT, check, outcomes, scorecard


@pytest.fixture
def linked(tmp_path: Path, make_repo: Callable) -> Path:
    """A repository with committed symlinks inside it and out of it, and a secret outside."""
    secret = tmp_path / "secret"
    write_files(secret, {"passwd": "root:x:0:0\n", "inner.md": "secret\n"})
    repo = make_repo({"catalog-info.yaml": COMPONENT, "real.md": "x\n", "dir/a.md": "x\n"},
                     commit=False)
    for name, target in [("in.md", "real.md"), ("out.md", str(secret / "passwd")),
                         ("outrel.md", "../secret/passwd"), ("indir", "dir"),
                         ("outdir", str(secret)), ("dangling.md", "nowhere"),
                         ("loop1", "loop2"), ("loop2", "loop1")]:
        os.symlink(target, repo / name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    return repo


OUTSIDE = "{} is a symlink that points outside the repository"
SYMLINK_CASES = [
    # path, exists (working tree), exists (--ref), contains (working tree), contains (--ref)
    ("in.md", (True, "in.md found"), (True, "in.md found"),
     (True, "in.md has a line matching '.'"), (True, "in.md has a line matching '.'")),
    ("out.md", (False, OUTSIDE.format("out.md")), (False, OUTSIDE.format("out.md")),
     (False, OUTSIDE.format("out.md")), (False, OUTSIDE.format("out.md"))),
    ("outrel.md", (False, OUTSIDE.format("outrel.md")), (False, OUTSIDE.format("outrel.md")),
     (False, OUTSIDE.format("outrel.md")), (False, OUTSIDE.format("outrel.md"))),
    ("outdir", (False, OUTSIDE.format("outdir")), (False, OUTSIDE.format("outdir")),
     (False, OUTSIDE.format("outdir")), (False, OUTSIDE.format("outdir"))),
    ("outdir/passwd", (False, "outdir/passwd not found"), (False, "outdir/passwd not found"),
     (False, "outdir/passwd not found"), (False, "outdir/passwd not found")),
    ("indir/a.md", (False, "indir/a.md not found"), (False, "indir/a.md not found"),
     (False, "indir/a.md not found"), (False, "indir/a.md not found")),
    ("dangling.md", (True, "dangling.md found"), (True, "dangling.md found"),
     (False, "cannot read dangling.md: No such file or directory"),
     (False, "dangling.md not found")),
    ("loop1", (True, "loop1 found"), (True, "loop1 found"),
     (False, "cannot read loop1: Too many levels of symbolic links"),
     (False, "loop2: too many levels of symbolic links")),
]


@pytest.mark.parametrize(("path", "wt_exists", "ref_exists", "wt_contains", "ref_contains"),
                         SYMLINK_CASES, ids=[c[0] for c in SYMLINK_CASES])
def test_symlinks_inside_and_outside(scs: Path, linked: Path, path: str, wt_exists: tuple,
                                     ref_exists: tuple, wt_contains: tuple,
                                     ref_contains: tuple) -> None:
    sc = scorecard(scs, ("exists", path), ("contains", path))
    assert outcomes(check(linked, ["catalog-info.yaml"], sc)) == [wt_exists, wt_contains]
    assert outcomes(check(linked, ["catalog-info.yaml"], sc, ref="HEAD")) == [ref_exists,
                                                                              ref_contains]


def test_symlinked_folder_with_a_catalog_file_outside(tmp_path: Path, scs: Path,
                                                      make_repo: Callable) -> None:
    """A folder symlinked to the outside holding a catalog file: named through the link, the
    file is not read (its real path is outside the repository: one located error);
    discovery does not follow the link."""
    outside = tmp_path / "outside"
    write_files(outside, {"catalog-info.yaml": COMPONENT, "a.md": "secret\n"})
    repo = make_repo({"README.md": "x"})
    os.symlink(str(outside), repo / "link")
    sc = scorecard(scs, ("exists", "a.md"), ("contains", "a.md"))
    result = check(repo, ["link/catalog-info.yaml"], sc)
    assert result.results == []
    assert [d.format() for d in result.diagnostics] == [
        ("link/catalog-info.yaml:1:1: this file is a symlink (or under one) that points outside "
        "the repository; not read")]
    result = check(repo, ["."], sc)
    assert [d.format() for d in result.diagnostics] == [
        ".:1:1: no catalog-info.yaml or catalog-info.yml found in this folder"]


def test_tracked_folder_replaced_by_a_symlink_to_the_outside(tmp_path: Path, scs: Path,
                                                             make_repo: Callable) -> None:
    """``dir/a.md`` is tracked; on disk ``dir`` became a symlink to a folder outside that also
    holds an ``a.md``. Reading ``dir/a.md`` from the working tree must not read that file."""
    secret = tmp_path / "secret"
    write_files(secret, {"a.md": "TOP SECRET\n"})
    repo = make_repo({"catalog-info.yaml": COMPONENT, "dir/a.md": "public\n"})
    shutil.rmtree(repo / "dir")
    os.symlink(str(secret), repo / "dir")
    sc = {"id": "sc", "rules": [{"id": "leak", "level": "Bronze", "type": "scm.file.contains",
                                 "params": {"path": "dir/a.md", "pattern": "SECRET"}}]}
    (scs / "leak.yaml").write_text(yaml.safe_dump(sc), encoding="utf-8")
    [(passed, message)] = outcomes(check(repo, ["catalog-info.yaml"], str(scs / "leak.yaml")))
    assert passed is False  # today: "dir/a.md has a line matching 'SECRET'", read outside
    assert "outside the repository" in message or "not found" in message, message


PATH_CASES = [
    ("../../CODEOWNERS", (True, "../../CODEOWNERS found")),
    ("../../../CODEOWNERS", (False, "path '../../../CODEOWNERS' leaves the repository")),
    ("/CODEOWNERS", (True, "/CODEOWNERS found")),
    ("/../CODEOWNERS", (False, "path '/../CODEOWNERS' leaves the repository")),
    ("./../pay/README.md", (True, "./../pay/README.md found")),
    ("/etc/passwd", (False, "/etc/passwd not found in svc/pay")),
    ("//etc/passwd", (False, "path '//etc/passwd': drive letters and UNC paths are not allowed")),
    ("C:/Windows", (False, "path 'C:/Windows': drive letters and UNC paths are not allowed")),
    ("~/.ssh/id_rsa", (False, "path '~/.ssh/id_rsa': '~' is not allowed")),
    ("svc\\pay", (False, "path 'svc\\pay': use '/' as the separator, not '\\'")),
    ("..\\..\\CODEOWNERS", (False, ("path '..\\..\\CODEOWNERS': use '/' as the separator, "
                            "not '\\'"))),
    ("\\\\server\\share", (False, "path '\\\\server\\share': use '/' as the separator, not '\\'")),
    ("c:\\x", (False, "path 'c:\\x': use '/' as the separator, not '\\'")),
    ("%2e%2e/CODEOWNERS", (False, "%2e%2e/CODEOWNERS not found in svc/pay")),
    ("file:///etc/passwd", (False, "file:///etc/passwd not found in svc/pay")),
    ("**/README.md", (False, "**/README.md not found in svc/pay")),
]


@pytest.mark.parametrize(("path", "expected"), PATH_CASES, ids=[c[0] for c in PATH_CASES])
def test_dotdot_absolute_and_backslash_paths(scs: Path, make_repo: Callable, path: str,
                                             expected: tuple) -> None:
    repo = make_repo({"svc/pay/catalog-info.yaml": COMPONENT, "CODEOWNERS": "* @t\n",
                      "svc/pay/README.md": "x\n"})
    sc = scorecard(scs, ("exists", path), ("anyOf", [path, "README.md"]))
    any_of = expected if expected[0] or expected[1].startswith("path '") else (
        True, "README.md found")
    for ref in (None, "HEAD"):
        assert outcomes(check(repo, ["svc/pay/catalog-info.yaml"], sc, ref=ref)) == [
            expected, any_of]


@pytest.mark.parametrize("path", ["a" * 4000, "a/" * 2000 + "b", "x/" * 30 + "y" * 3000])
def test_very_long_paths(scs: Path, make_repo: Callable, path: str) -> None:
    repo = make_repo({"catalog-info.yaml": COMPONENT})
    sc = scorecard(scs, ("exists", path), ("contains", path))
    for ref in (None, "HEAD"):
        assert outcomes(check(repo, ["catalog-info.yaml"], sc, ref=ref)) == [
            (False, f"{path} not found"), (False, f"{path} not found")]


def test_unreadable_file(scs: Path, make_repo: Callable) -> None:
    repo = make_repo({"catalog-info.yaml": COMPONENT, "secret.md": "x\n"})
    target = repo / "secret.md"
    target.chmod(0)
    try:
        if os.access(target, os.R_OK):
            pytest.skip("this user can read a file with mode 000 (root)")
        sc = scorecard(scs, ("exists", "secret.md"), ("contains", "secret.md"))
        assert outcomes(check(repo, ["catalog-info.yaml"], sc)) == [
            (True, "secret.md found"), (False, "cannot read secret.md: Permission denied")]
    finally:
        target.chmod(0o644)
