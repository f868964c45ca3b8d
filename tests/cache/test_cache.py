"""The result cache: what it reuses, what makes it miss, its bound, its failures, the
``cache`` command, and two runs sharing it at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core import resultcache
from scorecard_cli.core.resultstore import FILE_NAME
from tests.cache.helpers import (
    DAY,
    SERVICES,
    START,
    build_monorepo,
    commit,
    run,
    scorecard,
    write_scorecard,
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return build_monorepo(tmp_path / "repo")


def test_an_unchanged_run_is_served_from_the_cache(repo: Path) -> None:
    cold, first = run(repo, cache=True, now=START)
    warm, second = run(repo, cache=True, now=START)
    assert first == {"hits": 0, "misses": len(SERVICES)}
    assert second == {"hits": len(SERVICES), "misses": 0}
    assert warm == cold == run(repo, cache=False, now=START)[0]


def test_one_changed_file_misses_alone(repo: Path) -> None:
    run(repo, cache=True, now=START)
    (repo / "services/svc-b/README.md").write_text("# B\n## Usage\n")
    warm, counts = run(repo, cache=True, now=START)
    assert counts == {"hits": len(SERVICES) - 1, "misses": 1}
    assert warm == run(repo, cache=False, now=START)[0]
    assert json.loads(warm)["results"][1]["rules"][3]["passed"] is True


def test_a_new_commit_and_the_clock_are_facts(repo: Path) -> None:
    write_scorecard(repo, scorecard(preset=False))
    run(repo, cache=True, now=START + 40 * DAY)
    # Half a day later the rounded age in the message is the same: reused.
    assert run(repo, cache=True, now=START + 40.2 * DAY)[1]["hits"] == len(SERVICES)
    # A day later it says "41 days ago": computed again.
    later, counts = run(repo, cache=True, now=START + 41 * DAY)
    assert counts["misses"] == len(SERVICES)
    commit(repo, START + 40 * DAY)  # svc-a changes: only its result is computed again
    warm, counts = run(repo, cache=True, now=START + 41 * DAY)
    assert counts == {"hits": len(SERVICES) - 1, "misses": 1}
    assert warm == run(repo, cache=False, now=START + 41 * DAY)[0] != later


def test_a_date_preset_holds_for_its_clock_only(repo: Path) -> None:
    run(repo, cache=True, now=START + 40 * DAY)
    assert run(repo, cache=True, now=START + 40 * DAY)[1]["hits"] == len(SERVICES)
    assert run(repo, cache=True, now=START + 40.2 * DAY)[1]["misses"] == len(SERVICES)


def test_another_tool_version_misses(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(repo, cache=True, now=START)
    monkeypatch.setattr(resultcache, "_CODE", b"another build")
    assert run(repo, cache=True, now=START)[1]["misses"] == len(SERVICES)


def test_other_options_do_not_share_results(repo: Path) -> None:
    run(repo, cache=True, now=START)
    _, counts = run(repo, cache=True, now=START, fail_below="Gold")
    assert counts["misses"] == len(SERVICES)
    _, counts = run(repo, cache=True, now=START, locate_fields=True)
    assert counts["misses"] == len(SERVICES)


def test_no_cache_writes_nothing(repo: Path) -> None:
    run(repo, cache=False, now=START)
    assert not (Path(os.environ["SCORECARD_CACHE_DIR"]) / FILE_NAME).exists()


def test_the_size_is_bounded(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORECARD_CACHE_MAX_MB", "0.02")  # 20 KiB: two or three runs' worth
    for day in range(8):  # each clock gives new results (the age in the messages)
        run(repo, cache=True, now=START + (40 + day) * DAY)
    from scorecard_cli.core.resultstore import ResultStore

    store = ResultStore(os.environ["SCORECARD_CACHE_DIR"])
    info = store.info()
    store.close()
    assert 0 < info["bytes"] <= 20 * 1024
    assert info["entries"] < 8 * len(SERVICES)  # the oldest runs' results were evicted
    # The newest results survived eviction: the last run is reused.
    assert run(repo, cache=True, now=START + 47 * DAY)[1]["hits"] == len(SERVICES)


def test_a_damaged_cache_file_is_rebuilt(repo: Path) -> None:
    folder = Path(os.environ["SCORECARD_CACHE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILE_NAME).write_bytes(b"this is not a database" * 100)
    cold, counts = run(repo, cache=True, now=START)
    assert counts == {"hits": 0, "misses": len(SERVICES)}
    assert run(repo, cache=True, now=START) == (cold, {"hits": len(SERVICES), "misses": 0})


def test_an_unusable_cache_folder_is_a_notice(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("SCORECARD_CACHE_DIR", str(blocker / "cache"))
    document, counts = run(repo, cache=True, now=START)
    assert counts is None
    notices = [d for d in json.loads(document)["diagnostics"] if "result cache" in d["message"]]
    assert [d["severity"] for d in notices] == ["notice"]
    assert json.loads(document)["results"] == json.loads(run(repo, False, START)[0])["results"]


def test_json_reports_the_counts(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(START + 10 * DAY))  # the date preset
    runner = CliRunner()
    args = ["check", "services", "-s", str(repo.parent / "sc.yaml"), "--format", "json",
            "--no-config"]
    first = json.loads(runner.invoke(app, args).stdout)
    second = json.loads(runner.invoke(app, args).stdout)
    bypass = json.loads(runner.invoke(app, [*args, "--no-cache"]).stdout)
    assert first["cache"] == {"hits": 0, "misses": len(SERVICES)}
    assert second["cache"] == {"hits": len(SERVICES), "misses": 0}
    assert "cache" not in bypass
    assert first["results"] == second["results"] == bypass["results"]


def test_cache_info_and_clear(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    runner = CliRunner()
    empty = runner.invoke(app, ["cache", "info"])
    assert empty.exit_code == 0 and "entries: 0" in empty.stdout
    run(repo, cache=True, now=START)
    info = runner.invoke(app, ["cache", "info"])
    assert info.exit_code == 0
    assert f"path: {Path(os.environ['SCORECARD_CACHE_DIR']) / FILE_NAME}" in info.stdout
    assert "entries: 0" not in info.stdout
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "cleared" in cleared.stdout
    assert "entries: 0" in runner.invoke(app, ["cache", "info"]).stdout
    assert run(repo, cache=True, now=START)[1]["misses"] == len(SERVICES)


def test_two_runs_at_once_share_one_cache(tmp_path: Path) -> None:
    repo = build_monorepo(tmp_path / "repo")
    rules = scorecard(preset=False)
    rules["rules"] = [r for r in rules["rules"] if r["id"] != "recent"]  # no clock here
    write_scorecard(repo, rules)
    for i in range(40):  # enough entities for the two runs to overlap
        folder = repo / "services" / f"extra-{i:02d}"
        folder.mkdir()
        (folder / "catalog-info.yaml").write_text(
            f"apiVersion: v1\nkind: Component\nmetadata: {{name: extra-{i}}}\n")
    argv = [sys.executable, "-m", "scorecard_cli", "check", "services", "-s",
            str(tmp_path / "sc.yaml"), "--format", "json", "--no-config"]
    env = {**os.environ, "SCORECARD_CACHE_DIR": str(tmp_path / "shared-cache")}
    both = [subprocess.Popen(argv, cwd=repo, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [proc.communicate(timeout=120) for proc in both]
    assert [proc.returncode for proc in both] == [0, 0], [err for _, err in outputs]
    cold = subprocess.run([*argv, "--no-cache"], cwd=repo, env=env, capture_output=True,
                          check=True).stdout
    documents = [json.loads(out) for out, _ in outputs]
    for document in documents:
        counts = document.pop("cache")
        assert counts["hits"] + counts["misses"] == 43
        assert document == json.loads(cold)
    third = json.loads(subprocess.run(argv, cwd=repo, env=env, capture_output=True,
                                      check=True).stdout)
    assert third["cache"] == {"hits": 43, "misses": 0}
