"""``--repo`` values: unsafe transports and options are refused with one line, a URL that does
not exist says why, and a broken or interrupted clone left in the cache is repaired without
touching any other repository.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import git, write_files
from tests.robustness.conftest import Run
from tests.robustness.scm import COMPONENT, check, outcomes, scorecard


@pytest.mark.parametrize(("value", "message"), [
    ("ext::sh -c touch% {marker}", ("--repo 'ext::sh -c touch% {marker}': git helper transports "
     "('<helper>::') are refused")),
    ("fd::3", "--repo 'fd::3': git helper transports ('<helper>::') are refused"),
    ("FILE::x", "--repo 'FILE::x': git helper transports ('<helper>::') are refused"),
    ("-uhttps://example.com/x", ("--repo '-uhttps://example.com/x': a repository may not start "
     "with '-'")),
    ("--upload-pack=touch {marker}", ("--repo '--upload-pack=touch {marker}': a repository may "
     "not start with '-'")),
    ("ftp://example.com/x.git", ("--repo 'ftp://example.com/x.git': unsupported URL scheme 'ftp' "
     "(use https, ssh, git or file)")),
    ("git+ssh://example.com/x", ("--repo 'git+ssh://example.com/x': unsupported URL scheme "
     "'git+ssh' (use https, ssh, git or file)")),
])
def test_unsafe_repo_values_are_refused(tmp_path: Path, cli: Callable[..., Run], value: str,
                                        message: str) -> None:
    marker = tmp_path / "MARKER"
    write_files(tmp_path, {"catalog-info.yaml": COMPONENT})
    run = cli("check", "--repo", value.format(marker=marker), "-f", "json")
    assert run.exit_code == 2
    assert run.lines == [f"scorecard: error: {message.format(marker=marker)}"]
    assert not marker.exists()


@pytest.fixture
def file_urls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the cache at a fresh folder (file:// works as given: no GIT_ALLOW_PROTOCOL)."""
    monkeypatch.delenv("GIT_ALLOW_PROTOCOL", raising=False)  # file:// must work unaided
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    cache = tmp_path / "cache"
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(cache))
    return cache


def test_url_that_does_not_exist(tmp_path: Path, cli: Callable[..., Run],
                                 file_urls: Path) -> None:
    """One line that says why: git's first ``fatal:`` line, not the tail of its advice."""
    write_files(tmp_path, {"catalog-info.yaml": COMPONENT})
    url = f"file://{tmp_path}/missing.git"
    run = cli("check", "--repo", url, "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith(f"scorecard: error: {url}:1:1: cannot clone {url}: ")
    assert "does not appear to be a git repository" in run.lines[0]
    assert not list(file_urls.glob("*.tmp-*"))


def cache_entry(cache: Path, url: str) -> Path:
    """The cache folder of a URL (the layout of core/repos.py)."""
    return cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".git")


@pytest.fixture
def remote(make_repo: Callable, tmp_path: Path) -> tuple[str, Path]:
    """A repository to clone by URL, and a plain folder with a catalog file."""
    source = make_repo({"README.md": "x\n"}, name="remote")
    here = tmp_path / "here"
    write_files(here, {"catalog-info.yaml": COMPONENT})
    return f"file://{source}", here


def test_interrupted_clone_left_in_the_cache(scs: Path, file_urls: Path,
                                             remote: tuple[str, Path]) -> None:
    """A leftover ``<hash>.git.tmp-<pid>`` (this pid and another) and a broken, empty
    ``<hash>.git``: the run clones again and reads the remote."""
    url, here = remote
    entry = cache_entry(file_urls, url)
    entry.mkdir(parents=True)
    for pid in (os.getpid(), 999_999):
        leftover = Path(f"{entry}.tmp-{pid}")
        write_files(leftover, {"HEAD": "junk"})
    sc = scorecard(scs, ("exists", "README.md"))
    assert outcomes(check(here, ["catalog-info.yaml"], sc, repo=url)) == [
        (True, "README.md found")]
    assert (entry / "HEAD").is_file()
    assert not Path(f"{entry}.tmp-{os.getpid()}").exists()
    assert outcomes(check(here, ["catalog-info.yaml"], sc, repo=url)) == [  # fetch, reused
        (True, "README.md found")]


def test_broken_cache_entry_that_is_a_file(scs: Path, file_urls: Path,
                                           remote: tuple[str, Path]) -> None:
    url, here = remote
    entry = cache_entry(file_urls, url)
    entry.parent.mkdir(parents=True)
    entry.write_text("junk")
    sc = scorecard(scs, ("exists", "README.md"))
    assert outcomes(check(here, ["catalog-info.yaml"], sc, repo=url)) == [
        (True, "README.md found")]


def test_broken_cache_entry_inside_another_repository(tmp_path: Path, scs: Path,
                                                      make_repo: Callable,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      file_urls: Path,
                                                      remote: tuple[str, Path]) -> None:
    """The cache lives inside some repository (a dotfiles home, say) and a cache entry is an
    empty folder: git must not walk up and fetch (and prune) in that repository, and the
    entry must be repaired."""
    url, here = remote
    home = make_repo({"f": "x"}, name="home")
    git(home, "remote", "add", "origin", url.removeprefix("file://"))
    git(home, "fetch", "-q", "origin")
    git(home, "update-ref", "refs/remotes/origin/kept", "HEAD")
    before = git(home, "for-each-ref", "--format=%(refname)").split()
    cache = home / "cache"
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(cache))
    cache_entry(cache, url).mkdir(parents=True)
    sc = scorecard(scs, ("exists", "README.md"))
    result = check(here, ["catalog-info.yaml"], sc, repo=url)
    assert git(home, "for-each-ref", "--format=%(refname)").split() == before
    assert outcomes(result) == [(True, "README.md found")]
