"""The HTML report in a real headless browser (Debian's chromium, driven by Playwright):
it loads without console errors, shows the expected counts, filters and sorts by keyboard,
and is saved as a screenshot for review (``$SCORECARD_ARTIFACTS``, else ``.artifacts/``)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from tests.conftest import REPO_ROOT
from tests.report.conftest import document, record, scorecard

runner = CliRunner()
CHROMIUM = os.environ.get("SCORECARD_CHROMIUM") or shutil.which("chromium") or shutil.which(
    "chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine "
                                "(.ci/run installs Debian's chromium package)")


@pytest.fixture(scope="module")
def browser():
    """One headless chromium for the module."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append(f"request {r.url}")
            if not r.url.startswith("file:") else None)
    page.goto(path.as_uri())
    return page, problems


def _artifacts() -> Path:
    folder = Path(os.environ.get("SCORECARD_ARTIFACTS") or REPO_ROOT / ".artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_example_report_in_a_browser(browser, acme: Path, monkeypatch) -> None:
    monkeypatch.chdir(acme)
    runner.invoke(app, ["report", ".", "-s", "scorecards", "-f", "json", "-o", "r.json"])
    report = json.loads(Path("r.json").read_text())
    done = runner.invoke(app, ["report", "--from", "r.json", "-f", "html", "-o", "r.html"])
    assert done.exit_code == 0, done.output
    page, problems = _open(browser, acme / "r.html")
    rows = len(report["results"])
    assert page.text_content("#entity-count") == (
        f"Showing {rows} of {rows} matching rows ({rows} in all).")
    tiles = dict(zip(page.locator(".tiles dt").all_text_contents(),
                     page.locator(".tiles dd").all_text_contents()))
    assert tiles["Entities"] == str(report["summary"]["entities"])
    assert page.locator("#entity-table tbody tr").count() == rows

    page.focus("#f-text")
    page.keyboard.type("payments")
    wanted = sum(1 for r in report["results"]
                 if "payments" in " ".join([r["entity"], r.get("title") or "", r.get("team")
                                            or "", r["source"]]).lower())
    assert 0 < wanted < rows
    assert page.locator("#entity-table tbody tr").count() == wanted
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    assert page.locator("#entity-table tbody tr").count() == rows

    page.focus("button[data-key=rank]")
    page.keyboard.press("Enter")
    header = page.locator("th:has(button[data-key=rank])")
    assert header.get_attribute("aria-sort") == "ascending"
    first = page.locator("#entity-table tbody tr").first.locator("td").nth(3).text_content()
    assert first in ("no level", "Basic")
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    first = page.locator("#entity-table tbody tr").first.locator("td").nth(3).text_content()
    assert first == "Gold"
    page.screenshot(path=str(_artifacts() / "report-acme.png"), full_page=True)
    assert problems == []


def test_a_large_report_pages_its_rows(browser, tmp_path: Path) -> None:
    card = scorecard("ops", [("a", "Bronze"), ("b", "Silver")])
    results = [record(f"c:svc-{i:04d}", "ops", ["Bronze", "Silver"][i % 2],
                      {"a": True, "b": bool(i % 2)}, team=f"team-{i % 7}")
               for i in range(1500)]
    source = tmp_path / "r.json"
    source.write_text(json.dumps(document([card], results)))
    runner.invoke(app, ["report", "--from", str(source), "-f", "html", "-o",
                        str(tmp_path / "r.html")])
    page, problems = _open(browser, tmp_path / "r.html")
    assert page.locator("#entity-table tbody tr").count() == 200
    page.focus("#show-more")
    page.keyboard.press("Enter")
    assert page.locator("#entity-table tbody tr").count() == 400
    page.select_option("#f-team", "team-3")
    assert page.text_content("#entity-count").startswith("Showing 200 of 214 matching")
    assert problems == []
