"""Badges: SVG that parses, says the level, in its color; safe file names."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.reporters.badge import badge_files, badge_svg, file_name
from tests.report.conftest import record

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_a_badge_is_svg_with_the_level_in_its_color() -> None:
    svg = badge_svg("Production Readiness", "Gold", "gold")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert _texts(svg) == ["Production Readiness", "Gold"]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert "#d4a017" in fills
    assert int(root.get("width")) > 100


def test_hostile_text_stays_text() -> None:
    svg = badge_svg('<a href="x">', "&amp;</text>", None)
    assert _texts(svg) == ['<a href="x">', "&amp;</text>"]


def test_file_names_never_leave_the_folder() -> None:
    assert file_name("component:default/payments") == "component-default-payments"
    assert file_name("..") == "_.."
    assert "/" not in file_name("a/../../b") and "\\" not in file_name("a\\b")
    records = [record("c:a/b", "ops", "Gold", {"a": True}), record("c:a-b", "ops", "Gold",
                                                                   {"a": True})]
    paths = [p for p, _ in badge_files(records)]
    assert paths[0] == "ops/c-a-b.svg" and paths[1].startswith("ops/c-a-b-") and len(set(paths)) == 2


def test_badge_command_and_report_badges(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    done = runner.invoke(app, ["badge", "--entity", "Component:default/payments",
                               "--scorecard", "ownership", "-s", "scorecards", "-o", "b.svg"])
    assert done.exit_code == 0, done.output
    assert _texts(Path("b.svg").read_text())[0] == "Ownership"
    done = runner.invoke(app, ["report", ".", "-s", "scorecards", "--badges", "badges",
                               "-o", "r.txt"])
    assert done.exit_code == 0, done.output
    written = sorted(p.relative_to("badges").as_posix() for p in Path("badges").rglob("*.svg"))
    assert "ownership/component-default-payments.svg" in written and len(written) >= 5


def test_badge_for_an_unknown_pair_says_what_exists(acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    done = runner.invoke(app, ["badge", "--entity", "component:default/payments",
                               "--scorecard", "nope", "-s", "scorecards"])
    assert done.exit_code == 2
    assert "it is graded by: ownership, production-readiness" in done.stderr


def test_every_level_color_keeps_its_text_readable() -> None:
    from scorecard_cli.reporters.colors import HEX, NONE_HEX, contrast, text_on

    for name, background in [*HEX.items(), ("none", NONE_HEX)]:
        assert contrast(background, text_on(background)) >= 4.5, name
