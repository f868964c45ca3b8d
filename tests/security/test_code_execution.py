"""Nothing in a checkout, a cache entry or a repository's configuration runs a program.

Each test plants a real program that would create a marker file, runs scorecard, and
asserts the marker never appears; a control step then shows that plain git, without
scorecard's hardening, does run it (so the test can fail).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import git
from tests.robustness.conftest import Run
from tests.security.conftest import (
    COMPONENT,
    README_SCORECARD,
    Daemon,
    entry_of,
    marker_program,
    new_commit,
    plant_hooks,
)


def test_cache_entry_committed_in_the_repository_is_never_used(
        tmp_path: Path, make_repo: Callable, served_repo: tuple[Daemon, str], isolated: Path,
        cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    """The attack of issue 9: ``.scorecard.yaml`` sets ``cache.dir`` inside the repository
    and the PR commits a "cache entry" at the predictable path, with hooks (and even
    scorecard's marker). ``check --repo URL`` refuses the cache folder in one line."""
    daemon, url = served_repo
    marker = tmp_path / "PWNED"
    repo = make_repo({"catalog-info.yaml": COMPONENT, "sc.yaml": README_SCORECARD,
                      ".scorecard.yaml": "cache:\n  dir: .cache\n"}, commit=False)
    entry = entry_of(repo / ".cache", url)
    git(tmp_path, "clone", "-q", "--mirror", url, str(entry))
    plant_hooks(entry, marker)
    from scorecard_cli.core.clones import MARKER, _marker_text

    (entry / MARKER).write_text(_marker_text(url), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a cache entry with hooks")
    monkeypatch.delenv("SCORECARD_CACHE_DIR")
    new_commit(daemon, make_repo, "two")
    run = cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", cwd=repo)
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("scorecard: error: .scorecard.yaml:2:8: cache.dir: the "
                                   "cache folder ")
    assert "lies inside the repository being checked" in run.lines[0]
    assert not marker.exists()
    git(tmp_path, f"--git-dir={entry}", "fetch", "-q", url, "+refs/*:refs/*")  # control
    assert marker.exists()


def test_cache_folder_from_the_environment_inside_the_repository(
        tmp_path: Path, make_repo: Callable, served_repo: tuple[Daemon, str], isolated: Path,
        cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a trusted setting may not put cache entries where a PR can commit them."""
    _, url = served_repo
    repo = make_repo({"catalog-info.yaml": COMPONENT, "sc.yaml": README_SCORECARD})
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(repo / "cache"))
    run = cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", cwd=repo)
    assert run.exit_code == 2
    assert run.lines == [(f"scorecard: error: the cache folder {repo / 'cache'} lies inside the "
                         f"repository being checked ({repo}); set $SCORECARD_CACHE_DIR to a "
                         "folder outside it")]
    assert not (repo / "cache").exists()


def _first_run(cli: Callable[..., Run], here: Path, url: str, *extra: str) -> Run:
    run = cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", *extra, cwd=here)
    assert run.exit_code == 0, run.stderr
    assert run.rules() == {"readme": (True, None)}
    return run


def test_hooks_and_programs_in_a_cache_entry_never_run(
        tmp_path: Path, make_repo: Callable, served_repo: tuple[Daemon, str], isolated: Path,
        cli: Callable[..., Run]) -> None:
    """A genuine cache entry (outside the checkout) that someone later gave hooks, a
    ``core.fsmonitor``, a ``core.hooksPath``, an ``uploadpack`` and an ``sshCommand``:
    fetching into it and reading it at a ref run none of them."""
    daemon, url = served_repo
    marker = tmp_path / "PWNED"
    here = tmp_path / "here"
    here.mkdir()
    (here / "catalog-info.yaml").write_text(COMPONENT, encoding="utf-8")
    (here / "sc.yaml").write_text(README_SCORECARD, encoding="utf-8")
    _first_run(cli, here, url)
    entry = entry_of(isolated, url)
    plant_hooks(entry, marker)
    program = marker_program(tmp_path / "prog.sh", marker)
    plant_hooks(tmp_path / "hooks-root", marker)
    hooks = tmp_path / "hooks-root" / "hooks"
    for key, value in (("core.fsmonitor", program), ("core.hooksPath", hooks),
                       ("remote.origin.uploadpack", program), ("core.sshCommand", program)):
        git(tmp_path, "config", "--file", str(entry / "config"), key, str(value))
    new_commit(daemon, make_repo, "two")
    _first_run(cli, here, url)  # fetches the new commit
    _first_run(cli, here, url, "--ref", "HEAD")
    assert not marker.exists()
    new_commit(daemon, make_repo, "three")
    git(tmp_path, "config", "--file", str(entry / "config"), "--unset", "core.hooksPath")
    git(tmp_path, f"--git-dir={entry}", "fetch", "-q", url, "+refs/*:refs/*")  # control
    assert marker.exists()


def test_a_folder_scorecard_did_not_make_is_never_run_in(
        tmp_path: Path, make_repo: Callable, served_repo: tuple[Daemon, str], isolated: Path,
        cli: Callable[..., Run]) -> None:
    """At the entry's path sits a repository scorecard did not clone (no marker) with hooks:
    it is replaced by a fresh clone, and git never runs in it."""
    _, url = served_repo
    marker = tmp_path / "PWNED"
    entry = entry_of(isolated, url)
    git(tmp_path, "clone", "-q", "--mirror", url, str(entry))
    plant_hooks(entry, marker)
    here = tmp_path / "here"
    here.mkdir()
    (here / "catalog-info.yaml").write_text(COMPONENT, encoding="utf-8")
    (here / "sc.yaml").write_text(README_SCORECARD, encoding="utf-8")
    _first_run(cli, here, url)
    assert not marker.exists()
    assert not (entry / "hooks" / "reference-transaction").exists()  # a fresh clone


def test_fsmonitor_of_the_checked_repository_never_runs(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    """``core.fsmonitor`` (and ``core.hooksPath``) in the configuration of the repository
    being checked: ``check .`` lists the working tree without running it."""
    marker = tmp_path / "PWNED"
    repo = make_repo({"catalog-info.yaml": COMPONENT, "sc.yaml": README_SCORECARD,
                      "README.md": "x\n"})
    (repo / "untracked.md").write_text("x\n", encoding="utf-8")
    program = marker_program(tmp_path / "fsmonitor.sh", marker)
    plant_hooks(tmp_path / "hooks-root", marker)
    git(repo, "config", "core.fsmonitor", str(program))
    git(repo, "config", "core.hooksPath", str(tmp_path / "hooks-root" / "hooks"))
    run = cli("check", ".", "-s", "sc.yaml", "-f", "json", cwd=repo)
    assert run.exit_code == 0, run.stderr
    assert run.rules() == {"readme": (True, None)}
    assert not marker.exists()
    run = cli("check", ".", "-s", "sc.yaml", "-f", "json", "--ref", "HEAD", cwd=repo)
    assert run.rules() == {"readme": (True, None)}
    assert not marker.exists()
    git(repo, "status", "--porcelain")  # control: plain git runs the fsmonitor
    assert marker.exists()


def test_lazy_fetch_of_a_partial_clone_never_runs_its_remote(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    """A bare repository of unknown origin (a downloaded artifact, say: its configuration
    is not the checkout's own) claims to be a partial clone whose promisor remote's
    ``uploadpack`` is a program, and lacks a blob. ``--repo lib.git --ref HEAD`` reads it:
    git must not fetch the blob lazily (which would run the program). (A bare repository
    committed inside the checkout is never opened: ``--repo vendor/lib.git`` names the
    checkout that holds it.)"""
    marker = tmp_path / "PWNED"
    program = marker_program(tmp_path / "upload-pack.sh", marker)
    source = make_repo({"README.md": "hello\n"}, name="source")
    here = make_repo({"catalog-info.yaml": COMPONENT, "sc.yaml": (
        "id: sc\nrules:\n  - {id: text, level: Bronze, type: scm.file.contains, "
        "params: {path: README.md, pattern: hello}}\n")}, name="checkout")
    lib = tmp_path / "lib.git"
    git(tmp_path, "clone", "-q", "--bare", str(source), str(lib))
    blob = git(lib, "rev-parse", "HEAD:README.md")
    (lib / "objects" / blob[:2] / blob[2:]).unlink()
    for key, value in (("core.repositoryformatversion", "1"),
                       ("extensions.partialClone", "origin"),
                       ("remote.origin.url", f"file://{tmp_path}/nowhere"),
                       ("remote.origin.promisor", "true"),
                       ("remote.origin.uploadpack", str(program))):
        git(lib, "config", key, value)
    run = cli("check", "--repo", str(lib), "--ref", "HEAD", "-s", "sc.yaml", "-f", "json",
              cwd=here)
    [(passed, error)] = run.rules().values()
    assert not passed
    assert error == f"cannot read object {blob[:12]} of README.md: missing or corrupt"
    assert not marker.exists()
    subprocess.run(["git", f"--git-dir={lib}", "cat-file", "-p", blob], capture_output=True,
                   check=False)  # control: plain git fetches it lazily, running the program
    assert marker.exists()


@pytest.mark.parametrize("template", ["ssh://-oProxyCommand=touch%20{marker}/x",
                                      "ssh://host/-oProxyCommand=touch%20{marker}",
                                      "ssh://-oProxyCommand=touch%20{marker}@host/x"])
def test_ssh_urls_that_smuggle_options(tmp_path: Path, isolated: Path,
                                       cli: Callable[..., Run], template: str) -> None:
    """An ssh URL whose host or user is an ssh option: no program runs, one line."""
    marker = tmp_path / "PWNED"
    here = tmp_path / "here"
    here.mkdir()
    (here / "catalog-info.yaml").write_text(COMPONENT, encoding="utf-8")
    (here / "sc.yaml").write_text(README_SCORECARD, encoding="utf-8")
    url = template.format(marker=marker)
    run = cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", cwd=here)
    assert run.exit_code == 2
    assert len(run.lines) == 1 and run.lines[0].startswith("scorecard: error: ")
    assert not marker.exists()
