"""Every format of ``scorecard report``: JSON against the result schema, Markdown parsed,
HTML self-contained and escaped, the terminal tables."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.schemas import load_schema
from tests.report.conftest import document, record, scorecard

runner = CliRunner()
HOSTILE = '<script>alert(1)</script>|*x*'
CARD = scorecard("ops", [("a", "Bronze"), ("b", "Silver")])


@pytest.fixture
def hostile(write_json) -> Path:
    """A result file whose names and texts try to break out of every format."""
    results = [record(f"c:{HOSTILE}{i}", "ops", "Bronze", {"a": True, "b": False},
                      team=f"team {HOSTILE}") for i in range(3)]
    results[0]["rules"][1]["details"] = "</script><img src=x onerror=alert(1)>"
    return write_json("r.json", document([CARD], results))


def _report(args: list[str]) -> str:
    done = runner.invoke(app, ["report", *args])
    assert done.exit_code == 0, done.output
    return done.stdout


def test_json_is_a_result_document(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    report = json.loads(_report([".", "-s", "scorecards", "-f", "json"]))
    errors = list(Draft202012Validator(load_schema("result")).iter_errors(report))
    assert errors == []
    assert {"aggregates", "initiatives", "trends"} <= set(report)
    assert report["aggregates"]["scorecards"][0]["entities"] > 0


def test_markdown_parses_and_escapes(hostile: Path) -> None:
    from markdown_it import MarkdownIt

    text = _report(["--from", str(hostile), "-f", "markdown"])
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "alert(1)</script>" not in html
    tables = re.findall(r"<table>", html)
    assert len(tables) >= 3  # levels, teams, rules
    assert '```mermaid\npie showData title "Ops"' in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_html_is_self_contained_and_escaped(hostile: Path) -> None:
    page = _report(["--from", str(hostile), "-f", "html"])
    parsed = _Collector()
    parsed.feed(page)
    tags = [t for t, _ in parsed.tags]
    assert tags.count("script") == 2  # the data and the code, nothing injected
    assert "img" not in tags and "link" not in tags
    for _, attrs in parsed.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (name, value)
    assert "default-src 'none'" in page
    data = json.loads(next(s for s in parsed.scripts if s.lstrip().startswith("[")))
    assert data[0]["entity"].startswith(f"c:{HOSTILE}")
    assert "svg" in tags and "title" in tags and "desc" in tags  # charts say what they show


def test_table_lists_levels_teams_and_rules(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    text = _report([".", "-s", "scorecards"])
    assert "Levels per scorecard" in text and "Lowest level per team" in text
    assert "Rules passed least" in text and "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_group_by_a_property(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    report = json.loads(_report([".", "-s", "scorecards", "-f", "json",
                                 "--group-by", "spec.lifecycle"]))
    groups = {g["group"] for g in report["aggregates"]["groups"]}
    assert "production" in groups and report["aggregates"]["groupBy"] == "spec.lifecycle"
    assert all("spec.lifecycle" in r["groups"] for r in report["results"])
