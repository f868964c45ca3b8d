"""Nothing is written outside the repository or through a symlink, and an interrupted run
leaves the old file or the complete new one, saying ``scorecard: interrupted``."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard_cli.core.atomic import atomic_write
from tests.conftest import REPO_ROOT, write_files
from tests.robustness.conftest import Run
from tests.security.conftest import COMPONENT, README_SCORECARD, Silent


def _repo(make_repo: Callable) -> Path:
    return make_repo({"catalog-info.yaml": COMPONENT, "sc.yaml": README_SCORECARD,
                      "README.md": "x\n"})


def test_output_at_a_committed_symlink_replaces_the_link(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    """The Action's fixed ``scorecard.sarif`` committed as a symlink to a file outside:
    the report replaces the link, the outside file is untouched."""
    victim = tmp_path / "victim"
    victim.write_text("keep me\n", encoding="utf-8")
    repo = _repo(make_repo)
    os.symlink(victim, repo / "scorecard.sarif")
    run = cli("check", "-s", "sc.yaml", "-f", "sarif", "-o", "scorecard.sarif", cwd=repo)
    assert run.exit_code == 0, run.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (repo / "scorecard.sarif").is_symlink()
    assert json.loads((repo / "scorecard.sarif").read_text(encoding="utf-8"))["version"]


def test_output_at_a_dangling_symlink_creates_nothing_where_it_points(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    repo = _repo(make_repo)
    target = tmp_path / "elsewhere" / "created"
    target.parent.mkdir()
    os.symlink(target, repo / "report.json")
    run = cli("check", "-s", "sc.yaml", "-f", "json", "-o", "report.json", cwd=repo)
    assert run.exit_code == 0, run.stderr
    assert not target.exists()
    assert json.loads((repo / "report.json").read_text(encoding="utf-8"))["version"] == 1


def test_output_in_a_symlinked_folder_that_leads_out(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    repo = _repo(make_repo)
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", repo / "reports")
    run = cli("check", "-s", "sc.yaml", "-f", "json", "-o", "reports/r.json", cwd=repo)
    assert run.exit_code == 2
    assert run.lines == [("scorecard: error: reports/r.json:1:1: cannot write: its folder is a "
                         "symlink (or under one) that points outside the repository")]
    assert list((tmp_path / "outside").iterdir()) == []


def test_init_never_writes_through_a_symlink(tmp_path: Path, make_repo: Callable,
                                             cli: Callable[..., Run]) -> None:
    """A dangling ``.scorecard.yaml`` link and a ``scorecards`` folder linked outside."""
    repo = make_repo({"README.md": "x"})
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside / "config", repo / ".scorecard.yaml")
    run = cli("init", cwd=repo)
    assert run.exit_code == 2
    assert run.lines[0].endswith(".scorecard.yaml already exists (use --force to overwrite it)")
    run = cli("init", "--force", cwd=repo)
    assert run.exit_code == 0, run.stderr
    assert not (outside / "config").exists()
    assert not (repo / ".scorecard.yaml").is_symlink()
    (repo / "scorecards" / "production-readiness.yaml").unlink()
    (repo / "scorecards").rmdir()
    os.symlink(outside, repo / "scorecards")
    run = cli("init", "--force", cwd=repo)
    assert run.exit_code == 2
    assert run.lines == [("scorecard: error: scorecards/production-readiness.yaml:1:1: cannot "
                         "write: its folder is a symlink (or under one) that points outside "
                         "the repository")]
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_run_keeps_the_old_report(tmp_path: Path, silent_server: Silent,
                                              signum: int) -> None:
    """The run is blocked cloning from a server that never answers; the signal ends it
    with one line, the old report is intact, no temporary file or git process is left."""
    here = tmp_path / "here"
    write_files(here, {"catalog-info.yaml": COMPONENT, "sc.yaml": README_SCORECARD,
                       "report.json": "old report\n"})
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "SCORECARD_CACHE_DIR":
           str(tmp_path / "cache"), "GIT_CONFIG_GLOBAL": os.devnull}
    process = subprocess.Popen(
        [sys.executable, "-m", "scorecard_cli", "check", "-s", "sc.yaml", "-f", "json", "-o",
         "report.json", "--repo", f"git://127.0.0.1:{silent_server.port}/x.git"],
        cwd=here, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert silent_server.connected.wait(120), "scorecard never connected"
        process.send_signal(signum)
        _out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert err.splitlines() == ["scorecard: interrupted"]
    assert process.returncode == 128 + signum
    assert (here / "report.json").read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in here.iterdir()) == ["catalog-info.yaml", "report.json",
                                                      "sc.yaml"]
    assert not list((tmp_path / "cache").glob("*.tmp-*"))
    leftover = subprocess.run(["pgrep", "-f", f"127.0.0.1:{silent_server.port}"],
                              capture_output=True, text=True, check=False).stdout.split()
    assert leftover == []


def test_atomic_write_leaves_old_or_new(tmp_path: Path) -> None:
    """The helper others reuse: a failure while writing (here: data of the wrong type)
    leaves the old file and no temporary file; the new file gets the usual mode."""
    from scorecard_cli.core.atomic import atomic_write

    target = tmp_path / "f.txt"
    target.write_text("old\n", encoding="utf-8")
    atomic_write(str(target), "new\n", str(tmp_path))
    assert target.read_text(encoding="utf-8") == "new\n"
    with pytest.raises(TypeError):
        atomic_write(str(target), 42, str(tmp_path))  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
    assert (target.stat().st_mode & 0o777) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _null_device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own


def test_output_to_a_device_writes_into_it_and_keeps_the_device(tmp_path: Path) -> None:
    device = tmp_path / "null"
    _null_device(device)
    atomic_write(str(device), b"report")
    assert stat.S_ISCHR(os.lstat(device).st_mode)  # still the device, not a regular file
    assert list(tmp_path.iterdir()) == [device]  # no temporary file left either


def test_output_to_a_named_pipe_streams_into_it(tmp_path: Path) -> None:
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    atomic_write(str(pipe), b"streamed")
    reader.join(10)
    assert received == [b"streamed"] and stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_output_to_dev_stdout_goes_to_stdout(tmp_path: Path) -> None:
    if not os.path.exists("/dev/stdout"):
        pytest.skip("no /dev/stdout here")
    before = os.readlink("/dev/stdout") if os.path.islink("/dev/stdout") else None
    catalog = tmp_path / "catalog-info.yaml"
    catalog.write_text("apiVersion: backstage.io/v1alpha1\nkind: Component\n"
                       "metadata: {name: a}\nspec: {owner: team}\n")
    done = subprocess.run([sys.executable, "-m", "scorecard_cli", "check", str(catalog),
                           "--no-config", "-f", "json", "--output", "/dev/stdout"],
                          check=False, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["results"]
    after = os.readlink("/dev/stdout") if os.path.islink("/dev/stdout") else None
    assert after == before


def test_a_symlink_in_the_checkout_to_dev_stdout_is_still_replaced(tmp_path: Path) -> None:
    link = tmp_path / "scorecard.sarif"
    link.symlink_to("/dev/stdout")
    atomic_write(str(link), b"x")
    assert not link.is_symlink() and link.read_bytes() == b"x"
