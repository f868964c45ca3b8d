"""The robustness list of issue 9: one entity's bad ``source-location`` stays its own, an
unreachable remote keeps its cache entry, ``--offline``, a network timeout, ``file://``
URLs, credentials never echoed, and file names that look like options."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import write_files
from tests.robustness.conftest import Run
from tests.security.conftest import (
    COMPONENT,
    README_SCORECARD,
    Daemon,
    Silent,
    entry_of,
    silent_on,
)

TWO_RULES = ("id: sc\nrules:\n"
             "  - {id: readme, level: Bronze, type: scm.file.exists, params: {path: README.md}}\n"
             "  - {id: text, level: Bronze, type: scm.file.contains, "
             "params: {path: README.md, pattern: hello}}\n")


def _entity(name: str, location: str | None = None) -> str:
    annotation = (f"  annotations: {{backstage.io/source-location: '{location}'}}\n"
                  if location else "")
    return (f"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n"
            f"{annotation}spec: {{owner: team-a}}\n")


@pytest.mark.parametrize("location", ["dir:/etc", "dir:/", "dir:~/x", "dir:C:/x",
                                      "dir::(top)*", "dir:../../..", "dir:*"])
def test_one_bad_source_location_breaks_no_other_entity(
        make_repo: Callable, cli: Callable[..., Run], location: str) -> None:
    repo = make_repo({"sc.yaml": TWO_RULES, "good/catalog-info.yaml": _entity("good"),
                      "good/README.md": "hello\n", "bad/catalog-info.yaml":
                      _entity("bad", location), "bad/README.md": "hello\n"})
    run = cli("check", "good", "bad", "-s", "sc.yaml", "-f", "json", cwd=repo)
    assert run.rules("component:default/good") == {"readme": (True, None), "text": (True, None)}
    if location in ("dir:*", "dir::(top)*"):  # a folder of that literal name: absent
        assert run.rules("component:default/bad") == {"readme": (False, None),
                                                       "text": (False, None)}
        return
    assert run.rules("component:default/bad") == {"readme": (True, None), "text": (True, None)}
    assert run.lines == [(f"bad/catalog-info.yaml:1:1: notice: backstage.io/source-location "
                         f"'{location}' is not a folder of this repository; using the catalog "
                         "file's folder")]


def _here(tmp_path: Path) -> Path:
    here = tmp_path / "here"
    write_files(here, {"catalog-info.yaml": COMPONENT, "sc.yaml": README_SCORECARD})
    return here


def test_unreachable_remote_keeps_the_cache_entry(
        tmp_path: Path, served_repo: tuple[Daemon, str], isolated: Path,
        cli: Callable[..., Run]) -> None:
    daemon, url = served_repo
    here = _here(tmp_path)
    run = cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", cwd=here)
    assert run.exit_code == 0, run.stderr
    daemon.stop()
    run = cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", cwd=here)
    assert run.exit_code == 0
    assert run.rules() == {"readme": (True, None)}
    [line] = run.lines
    assert line.startswith(f"{url}:1:1: notice: cannot fetch {url}: ")
    assert "; using the cached clone last fetched " in line
    assert entry_of(isolated, url).is_dir()


def test_offline_uses_the_entry_without_fetching(
        tmp_path: Path, served_repo: tuple[Daemon, str], isolated: Path,
        cli: Callable[..., Run]) -> None:
    daemon, url = served_repo
    here = _here(tmp_path)
    run = cli("check", "--repo", url, "--offline", "-s", "sc.yaml", "-f", "json", cwd=here)
    assert run.exit_code == 2
    assert run.lines == [(f"scorecard: error: {url}:1:1: --offline: no cached clone of {url} in "
                         f"{isolated} (run once without --offline)")]
    cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", cwd=here)
    daemon.stop()
    run = cli("check", "--repo", url, "--offline", "-s", "sc.yaml", "-f", "json", cwd=here)
    assert (run.exit_code, run.lines) == (0, [])
    assert run.rules() == {"readme": (True, None)}


def test_network_timeout(tmp_path: Path, silent_server: Silent, isolated: Path,
                         monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Run]) -> None:
    """A server that accepts and never answers: the clone ends at the timeout."""
    monkeypatch.setenv("SCORECARD_NETWORK_TIMEOUT", "1")
    url = f"git://127.0.0.1:{silent_server.port}/x.git"
    run = cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", cwd=_here(tmp_path))
    assert run.exit_code == 2
    assert run.lines == [(f"scorecard: error: {url}:1:1: cannot clone {url}: timed out after "
                         "1 s ($SCORECARD_NETWORK_TIMEOUT)")]
    assert not list(isolated.glob("*.tmp-*"))


def test_file_urls_work_as_given(tmp_path: Path, make_repo: Callable, isolated: Path,
                                 cli: Callable[..., Run]) -> None:
    """No GIT_ALLOW_PROTOCOL in the environment (see ``isolated``): ``file://`` is what
    the user asked for, so it is allowed (and only it)."""
    assert "GIT_ALLOW_PROTOCOL" not in os.environ
    source = make_repo({"README.md": "x"}, name="src")
    run = cli("check", "--repo", f"file://{source}", "-s", "sc.yaml", "-f", "json",
              cwd=_here(tmp_path))
    assert (run.exit_code, run.lines) == (0, [])
    assert run.rules() == {"readme": (True, None)}


def test_credentials_are_masked_in_every_message(
        tmp_path: Path, served_repo: tuple[Daemon, str], isolated: Path,
        silent_server: Silent, cli: Callable[..., Run],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A token in a ``--repo`` URL never appears: not in a clone error (where git drops the
    scheme), a timeout, an offline miss, a refused scheme, nor a failed fetch's notice."""
    from scorecard_cli.core.clones import MARKER, _marker_text

    _daemon, url = served_repo
    here = _here(tmp_path)
    secret = "hunter2-TOKEN"
    silent = f"https://x:{secret}@127.0.0.1:{silent_server.port}/r"
    with_token = url.replace("git://", f"git://user:{secret}@")
    masked = url.replace("git://", "git://***@")
    runs = [cli("check", "--repo", with_token, "-s", "sc.yaml", "-f", "json", cwd=here)]
    assert runs[-1].lines[0].startswith(f"scorecard: error: {masked}:1:1: cannot clone {masked}")
    runs.append(cli("check", "--repo", silent, "--offline", "-s", "sc.yaml", cwd=here))
    runs.append(cli("check", "--repo", f"ftp://x:{secret}@example.com/r", cwd=here))
    monkeypatch.setenv("SCORECARD_NETWORK_TIMEOUT", "1")
    runs.append(cli("check", "--repo", silent, "-s", "sc.yaml", cwd=here))
    # A cache entry for the URL with the token (made from a clone of the plain URL): its
    # fetch fails, and the notice says so without the token.
    cli("check", "--repo", url, "-s", "sc.yaml", "-f", "json", cwd=here)
    entry = entry_of(isolated, with_token)
    shutil.copytree(entry_of(isolated, url), entry)
    (entry / MARKER).write_text(_marker_text(with_token), encoding="utf-8")
    runs.append(cli("check", "--repo", with_token, "-s", "sc.yaml", "-f", "json", cwd=here))
    assert runs[-1].lines[0].startswith(f"{masked}:1:1: notice: cannot fetch {masked}: ")
    for run in runs:
        assert secret not in run.stdout + run.stderr, run.stderr
        assert "***@" in run.stderr
    assert [run.exit_code for run in runs] == [2, 2, 2, 2, 0]


def test_file_names_that_look_like_options(make_repo: Callable,
                                           cli: Callable[..., Run]) -> None:
    """pre-commit passes file names after ``--``: a file named ``--help.yaml`` or
    ``-s.yaml`` is a file, for check and validate."""
    full = COMPONENT.replace("{owner: team-a}", "{owner: team-a, type: service, lifecycle: x}")
    repo = make_repo({"--help.yaml": full, "-s.yaml": full.replace("svc", "other"),
                      "sc.yaml": README_SCORECARD, "README.md": "x"})
    run = cli("check", "-s", "sc.yaml", "-f", "json", "--", "--help.yaml", "-s.yaml", cwd=repo)
    assert run.exit_code == 0, run.stderr
    assert run.entities == ["component:default/other", "component:default/svc"]
    run = cli("validate", "--", "--help.yaml", "-s.yaml", cwd=repo)
    assert (run.exit_code, run.stdout.strip()) == (0, "2 files checked: 0 problems")


CONTAINS = ("id: sc\nrules:\n  - {id: text, level: Bronze, type: scm.file.contains, "
            "params: {path: README.md, pattern: hello}}\n")


def test_file_contents_of_a_clone_are_fetched_within_bounds(
        tmp_path: Path, served_repo: tuple[Daemon, str], isolated: Path,
        cli_process: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    """The clone has no blobs (the server allows filters, as GitHub does). At ``--ref``,
    the blobs a rule reads are fetched by scorecard, from the URL given, within the
    timeout: never by git's lazy fetch (no timeout, and even ``--offline``)."""
    daemon, url = served_repo
    here = tmp_path / "here"
    write_files(here, {"catalog-info.yaml": COMPONENT, "sc.yaml": CONTAINS,
                       "exists.yaml": README_SCORECARD})
    args = ("check", "--repo", url, "-s", "sc.yaml", "-f", "json", "--ref", "HEAD")
    monkeypatch.setenv("SCORECARD_NETWORK_TIMEOUT", "2")  # the cache: see ``isolated``
    run = cli_process(*args, "--offline", cwd=here)  # no clone yet
    assert run.exit_code == 2
    run = cli_process(*args, cwd=here)  # clones (no blobs), then fetches README.md
    assert (run.exit_code, run.lines, run.rules()) == (0, [], {"text": (True, None)})
    shutil.rmtree(isolated)
    cli_process("check", "--repo", url, "-s", "exists.yaml", cwd=here)  # a new clone: no blob
    daemon.stop()
    run = cli_process(*args, "--offline", cwd=here)
    assert run.rules() == {"text": (False, ("cannot read README.md at 'HEAD': its contents are "
                                           "not in the cached clone (--offline)"))}
    with silent_on(daemon.port):  # the remote now accepts and never answers
        run = cli_process(*args, cwd=here)
    assert run.rules() == {"text": (False, (f"cannot read README.md at 'HEAD': cannot fetch its "
                                           f"contents from {url}: timed out after 2 s "
                                           "($SCORECARD_NETWORK_TIMEOUT)"))}
    assert run.lines[0].startswith(f"{url}:1:1: notice: cannot fetch {url}: timed out after 2 s")


def test_blobless_checkout_still_reads_at_a_ref(tmp_path: Path, make_repo: Callable,
                                                 isolated: Path, cli: Callable[..., Run]) -> None:
    """The checkout's own ``.git`` is trusted: in a blobless CI checkout
    (``--filter=blob:none``), a blob read at ``--ref`` is fetched by git as usual."""
    source = make_repo({"README.md": "hello\n"}, name="source")
    from tests.conftest import git

    git(source, "config", "uploadpack.allowFilter", "true")
    git(tmp_path, "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{source}",
        str(tmp_path / "work"))
    work = tmp_path / "work"
    write_files(work, {"catalog-info.yaml": COMPONENT, "sc.yaml": CONTAINS})
    missing = git(work, "rev-list", "--objects", "--missing=print", "--no-walk", "HEAD")
    assert "?" in missing  # README.md's blob is not there yet
    run = cli("check", "catalog-info.yaml", "--ref", "HEAD", "-s", "sc.yaml", "-f", "json",
              cwd=work)
    assert run.rules() == {"text": (True, None)}
