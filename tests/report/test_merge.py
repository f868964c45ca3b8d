"""``report --from``: result files merged — shards, duplicates, versions, empty input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from tests.report.conftest import document, record, scorecard

runner = CliRunner()
CARD = scorecard("ops", [("a", "Bronze"), ("b", "Silver")])
FILES = ["services/checkout/catalog-info.yaml", "services/payments/catalog-info.yaml",
         "services/search/catalog-info.yaml", "services/legacy-billing/catalog-info.yaml",
         "services/recommendations-experiment/catalog-info.yaml", "port/entities.json"]


def _json(args: list[str]) -> dict:
    done = runner.invoke(app, args)
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)


def test_shards_merge_into_exactly_the_unsharded_result(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    common = ["-s", "scorecards", "--format", "json", "--output"]
    runner.invoke(app, ["check", *FILES, *common, "whole.json"])
    runner.invoke(app, ["check", *FILES[::2], *common, "shard-1.json"])
    runner.invoke(app, ["check", *FILES[1::2], *common, "shard-2.json"])
    whole = json.loads(Path("whole.json").read_text())
    assert whole["results"] and len(whole["results"]) > len(
        json.loads(Path("shard-1.json").read_text())["results"])
    merged = _json(["report", "--from", "shard-2.json", "--from", "shard-1.json",
                    "--format", "json"])
    alone = _json(["report", "--from", "whole.json", "--format", "json"])
    assert merged == alone
    for key in ("results", "scorecards", "summary", "aggregates", "diagnostics"):
        assert merged[key] == whole[key], key


@pytest.mark.parametrize("newest_last", [True, False])
def test_the_newest_file_wins_a_duplicate_with_a_notice(write_json, newest_last: bool) -> None:
    old = write_json("old.json", document(
        [CARD], [record("c:x", "ops", "Bronze", {"a": True, "b": False}),
                 record("c:y", "ops", "Gold", {"a": True, "b": True})],
        generatedAt="2026-11-01T00:00:00Z"))
    new = write_json("new.json", document(
        [CARD], [record("c:x", "ops", "Silver", {"a": True, "b": True})],
        generatedAt="2026-11-20T00:00:00Z"))
    order = [old, new] if newest_last else [new, old]
    done = runner.invoke(app, ["report", "--from", str(order[0]), "--from", str(order[1]),
                               "--format", "json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert [(r["entity"], r["level"]) for r in report["results"]] == [("c:x", "Silver"),
                                                                      ("c:y", "Gold")]
    notices = done.stderr.strip().splitlines()
    assert len(notices) == 1 and "old.json" in notices[0] and "1 of its results" in notices[0]


def test_without_times_the_later_argument_wins(write_json) -> None:
    first = write_json("a.json", document([CARD], [record("c:x", "ops", "Bronze",
                                                          {"a": True, "b": False})]))
    second = write_json("b.json", document([CARD], [record("c:x", "ops", "Silver",
                                                           {"a": True, "b": True})]))
    done = runner.invoke(app, ["report", "--from", str(first), "--from", str(second),
                               "-f", "json"])
    assert json.loads(done.stdout)["results"][0]["level"] == "Silver"


@pytest.mark.parametrize(("content", "message"), [
    ({"version": 2, "scorecards": [], "results": []}, "result version 2 is newer"),
    ({"results": []}, "not a scorecard result document"),
    ({"version": "1", "scorecards": [], "results": []}, "'version' must be a whole number"),
    ({"version": 1, "scorecards": [], "results": [{"entity": "x"}]}, "a result needs"),
    ("not json {", "not valid JSON"),
    ("", "the file is empty"),
    ({"version": 1, "scorecards": [CARD], "results": []}, "no results to report"),
])
def test_bad_result_files_are_one_clear_line(write_json, tmp_path: Path, content: object,
                                             message: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    done = runner.invoke(app, ["report", "--from", str(path)])
    assert done.exit_code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "r.json" in lines[0], done.stderr
    assert "Traceback" not in done.output


def test_a_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    done = runner.invoke(app, ["report", "--from", str(tmp_path / "nope.json")])
    assert done.exit_code == 2 and "cannot read file" in done.stderr


def test_paths_and_from_together_are_a_usage_error(write_json) -> None:
    path = write_json("r.json", document([CARD], [record("c:x", "ops", "Gold",
                                                         {"a": True, "b": True})]))
    done = runner.invoke(app, ["report", ".", "--from", str(path)])
    assert done.exit_code == 2 and "not both" in done.stderr


@pytest.mark.parametrize("shards", [2, 3])
def test_check_shards_merge_into_the_whole_run(acme: Path, monkeypatch, shards: int) -> None:
    monkeypatch.chdir(acme)
    common = ["-s", "scorecards", "--no-cache", "--format", "json", "--output"]
    runner.invoke(app, ["check", ".", *common, "whole.json"])
    args = ["report", "--format", "json"]
    for k in range(1, shards + 1):
        runner.invoke(app, ["check", ".", "--shard", f"{k}/{shards}", *common, f"s{k}.json"])
        args += ["--from", f"s{k}.json"]
    merged = _json(args)
    whole = json.loads(Path("whole.json").read_text())
    for key in ("results", "scorecards", "summary", "aggregates", "diagnostics"):
        assert merged[key] == whole[key], key
