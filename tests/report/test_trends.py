"""Trends across three result files of different dates, and regressions since the last."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from scorecard_cli.cli import app
from tests.report.conftest import document, record, scorecard

runner = CliRunner()
CARD = scorecard("ops", [("a", "Bronze"), ("b", "Silver")])


def _run(entity_levels: dict[str, str | None], when: str, team: str = "red") -> dict:
    outcomes = {"Gold": (True, True), "Silver": (True, True), "Bronze": (True, False),
                None: (False, False)}
    return document([CARD], [record(e, "ops", lv, dict(zip("ab", outcomes[lv])), team)
                             for e, lv in entity_levels.items()], generatedAt=when)


def test_three_dated_files_give_three_points_and_the_latest_regressions(write_json) -> None:
    files = [write_json("3.json", _run({"c:x": "Silver", "c:y": None}, "2026-11-03T00:00:00Z")),
             write_json("1.json", _run({"c:x": "Bronze", "c:y": "Bronze"},
                                       "2026-11-01T00:00:00Z")),
             write_json("2.json", _run({"c:x": "Silver", "c:y": "Silver"},
                                       "2026-11-02T00:00:00Z"))]
    args = ["report", *[a for f in files for a in ("--from", str(f))], "--format", "json"]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    trends = json.loads(done.stdout)["trends"]
    assert [p["label"] for p in trends["points"]] == [
        "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"]
    overall = [next(r for r in p["distribution"] if r["group"] == "*") for p in trends["points"]]
    assert [(o["levels"]["Bronze"], o["levels"]["Silver"], o["none"]) for o in overall] == [
        (2, 0, 0), (0, 2, 0), (0, 1, 1)]
    assert trends["regressions"] == [{"entity": "c:y", "scorecard": "ops", "before": "Silver",
                                      "after": None, "team": "red"}]
    per_team = [r for r in trends["points"][0]["distribution"] if r["group"] == "red"]
    assert per_team and per_team[0]["entities"] == 2


def test_a_repository_that_did_not_report_again_keeps_its_grades(write_json) -> None:
    first = write_json("a.json", document(
        [CARD], [record("c:x", "ops", "Bronze", {"a": True, "b": False}),
                 record("c:other", "ops", "Silver", {"a": True, "b": True})]))
    second = write_json("b.json", document([CARD], [record("c:x", "ops", "Silver",
                                                           {"a": True, "b": True})]))
    done = runner.invoke(app, ["report", "--from", str(first), "--from", str(second),
                               "--format", "json"])
    report = json.loads(done.stdout)
    assert len(report["trends"]["points"]) == 2
    assert {r["entity"]: r["level"] for r in report["results"]} == {"c:other": "Silver",
                                                                     "c:x": "Silver"}


def test_one_file_per_repository_is_one_point_and_no_trend(write_json) -> None:
    files = [write_json(f"{n}.json", document([CARD], [record(f"c:{n}", "ops", "Gold",
                                                              {"a": True, "b": True})]))
             for n in ("pay", "search", "web")]
    done = runner.invoke(app, ["report", *[a for f in files for a in ("--from", str(f))],
                               "-f", "json"])
    report = json.loads(done.stdout)
    assert report["trends"] is None and report["summary"]["entities"] == 3
    assert done.stderr == ""


def test_markdown_shows_the_trend_table_and_regressions(write_json) -> None:
    files = [write_json("1.json", _run({"c:x": "Silver"}, "2026-11-01T00:00:00Z")),
             write_json("2.json", _run({"c:x": "Bronze"}, "2026-11-08T00:00:00Z"))]
    done = runner.invoke(app, ["report", "--from", str(files[0]), "--from", str(files[1]),
                               "-f", "markdown"])
    assert "### Trends" in done.stdout
    assert "| 2026-11-08T00:00:00Z | 0 | 1 | 0 | 0 | 0 |" in done.stdout
    assert "c:x in ops: Silver → Bronze" in done.stdout
