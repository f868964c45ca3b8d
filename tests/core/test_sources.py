"""Source folders and snapshots (SPEC §6) on real git repositories."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.errors import UsageError
from tests.conftest import git, write_files


def scorecard(tmp_path: Path, *paths: str) -> str:
    rules = [{"id": f"r{i}", "level": "Bronze", "type": "scm.file.exists", "params": {"path": p}}
             for i, p in enumerate(paths)]
    path = tmp_path / "sc.yaml"
    path.write_text(yaml.safe_dump({"id": "sc", "rules": rules}), encoding="utf-8")
    return str(path)


def component(name: str, annotations: dict | None = None) -> str:
    meta: dict = {"name": name}
    if annotations:
        meta["annotations"] = annotations
    return yaml.safe_dump({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                           "metadata": meta})


def outcomes(result: object) -> dict:
    return {(rec["entity"].split("/")[-1], rule["id"]): (rule["passed"], rule["error"])
            for rec in result.results for rule in rec["rules"]}  # type: ignore[attr-defined]


def test_source_location_dir_moves_the_folder(tmp_path: Path, make_repo: Callable) -> None:
    repo = make_repo({
        "catalog/pay.yaml": component("pay", {"backstage.io/source-location": "dir:../src/pay"}),
        "src/pay/README.md": "x",
    })
    result = run_check(CheckOptions(paths=["catalog/pay.yaml"],
                                    scorecards=[scorecard(tmp_path, "README.md")], cwd=str(repo)))
    assert outcomes(result) == {("pay", "r0"): (True, None)}


def test_source_location_url_of_own_remote(tmp_path: Path, make_repo: Callable) -> None:
    url = "url:https://github.com/acme/mono/tree/main/services/pay/"
    repo = make_repo({"catalog-info.yaml": component("pay", {"backstage.io/source-location": url}),
                      "services/pay/README.md": "x"})
    git(repo, "remote", "add", "origin", "git@github.com:acme/mono.git")
    result = run_check(CheckOptions(paths=["catalog-info.yaml"],
                                    scorecards=[scorecard(tmp_path, "README.md")], cwd=str(repo)))
    assert outcomes(result) == {("pay", "r0"): (True, None)}
    assert result.diagnostics == []


def test_source_location_elsewhere_is_ignored_with_a_notice(tmp_path: Path,
                                                            make_repo: Callable) -> None:
    url = "url:https://github.com/other/repo/tree/main/x"
    repo = make_repo({"catalog-info.yaml": component("pay", {"backstage.io/source-location": url}),
                      "README.md": "x"})
    result = run_check(CheckOptions(paths=["catalog-info.yaml"],
                                    scorecards=[scorecard(tmp_path, "README.md")], cwd=str(repo)))
    assert outcomes(result) == {("pay", "r0"): (True, None)}
    [notice] = result.diagnostics
    assert notice.severity == "notice"
    assert "is not a folder of this repository" in notice.message


def test_submodule_wins_over_its_parent(tmp_path: Path, make_repo: Callable) -> None:
    inner = make_repo({"README.md": "inner", "catalog-info.yaml": component("inner")},
                      name="inner")
    outer = make_repo({"OUTER.md": "x"}, name="outer")
    git(outer, "submodule", "add", "-q", str(inner), "libs/inner")
    git(outer, "commit", "-q", "-m", "add submodule")
    result = run_check(CheckOptions(paths=["libs/inner/catalog-info.yaml"],
                                    scorecards=[scorecard(tmp_path, "README.md", "/OUTER.md")],
                                    cwd=str(outer)))
    assert outcomes(result) == {("inner", "r0"): (True, None), ("inner", "r1"): (False, None)}


def test_symlinks_inside_and_outside(tmp_path: Path, make_repo: Callable) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("outside")
    repo = make_repo({"catalog-info.yaml": component("x"), "real.md": "x"}, commit=False)
    os.symlink("real.md", repo / "inside.md")
    os.symlink(str(secret), repo / "outside.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    for ref in (None, "HEAD"):
        result = run_check(CheckOptions(paths=["catalog-info.yaml"], ref=ref, cwd=str(repo),
                                        scorecards=[scorecard(tmp_path, "inside.md",
                                                              "outside.md")]))
        assert outcomes(result) == {
            ("x", "r0"): (True, None),
            ("x", "r1"): (False, "outside.md is a symlink that points outside the repository"),
        }, ref


def test_empty_repository(tmp_path: Path, make_repo: Callable) -> None:
    repo = make_repo({"catalog-info.yaml": component("x"), "README.md": "x"}, commit=False)
    sc = scorecard(tmp_path, "README.md")
    result = run_check(CheckOptions(paths=["catalog-info.yaml"], scorecards=[sc], cwd=str(repo)))
    assert outcomes(result) == {("x", "r0"): (True, None)}
    with pytest.raises(UsageError, match="--ref 'HEAD': no such commit in the repository"):
        run_check(CheckOptions(paths=["catalog-info.yaml"], scorecards=[sc], cwd=str(repo),
                               ref="HEAD"))


def test_repo_path_names_another_repository(tmp_path: Path, make_repo: Callable) -> None:
    other = make_repo({"services/pay/README.md": "x"}, name="other")
    here = tmp_path / "plain"
    write_files(here, {"services/pay/catalog-info.yaml": component("pay"),
                       "loose/catalog-info.yaml": component("loose")})
    sc = scorecard(tmp_path, "README.md", "/services")
    result = run_check(CheckOptions(paths=["services", "loose"], scorecards=[sc], cwd=str(here),
                                    repo=str(other)))
    assert outcomes(result) == {
        ("pay", "r0"): (False, None), ("pay", "r1"): (True, None),  # root: no repo of its own
        ("loose", "r0"): (False, None), ("loose", "r1"): (True, None),
    }


def test_repo_url_is_cloned_into_the_cache(tmp_path: Path, make_repo: Callable,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    remote = make_repo({"svc/README.md": "x"}, name="remote")
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.delenv("GIT_ALLOW_PROTOCOL", raising=False)  # file:// must work unaided
    here = tmp_path / "plain"
    write_files(here, {"svc/catalog-info.yaml": component("svc")})
    sc = scorecard(tmp_path, "README.md")
    for _ in range(2):  # the second run fetches into the existing cache entry
        result = run_check(CheckOptions(paths=["svc"], scorecards=[sc], cwd=str(here),
                                        repo=f"file://{remote}"))
        assert outcomes(result) == {("svc", "r0"): (False, None)}  # root of the clone
    assert len(list((tmp_path / "cache").iterdir())) == 1


@pytest.mark.parametrize(("value", "message"), [
    ("ext::sh -c touch% /tmp/pwned", "git helper transports"),
    ("fd::17", "git helper transports"),
    ("-uhttps://x", "may not start with '-'"),
    ("ftp://example.com/repo.git", "unsupported URL scheme 'ftp'"),
    ("no/such/folder", "no such folder"),
])
def test_unsafe_or_bad_repo_values_are_refused(tmp_path: Path, value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        run_check(CheckOptions(paths=[], cwd=str(tmp_path), repo=value))


def test_url_that_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(tmp_path / "cache"))
    from scorecard_cli.core.errors import ScmError

    with pytest.raises(ScmError, match="cannot clone"):
        run_check(CheckOptions(paths=[], cwd=str(tmp_path),
                               repo=f"file://{tmp_path}/missing.git"))
    assert not any((tmp_path / "cache").glob("*.tmp-*"))


def test_bare_repository_needs_a_ref(tmp_path: Path, make_repo: Callable) -> None:
    source = make_repo({"README.md": "x"}, name="src")
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(source), str(bare))
    here = tmp_path / "plain"
    write_files(here, {"catalog-info.yaml": component("x")})
    sc = scorecard(tmp_path, "README.md")
    result = run_check(CheckOptions(paths=["."], scorecards=[sc], cwd=str(here), repo=str(bare)))
    assert outcomes(result) == {("x", "r0"): (True, None)}  # a bare repo is read at HEAD
