"""How long the HTML report of a large monorepo takes to build and to open in a browser.

Usage::

    python bench/report_load.py --services 10000 [--runs 3]

Generates (or reuses) the benchmark monorepo of ``bench/gen.py``, grades it once with
``check --format json``, then times ``report --from … --format html`` and the page's load
in headless chromium (Playwright): from navigation start to the entity table drawn.
Prints one line per measure with min/median/max; needs chromium and playwright.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _repo(services: int) -> Path:
    done = subprocess.run([sys.executable, str(HERE / "gen.py"), "--services", str(services)],
                          check=True, capture_output=True, text=True)
    return Path(done.stdout.strip().splitlines()[-1])


def _scorecard(*args: str, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scorecard_cli", *args], cwd=cwd, check=False,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _page_load(page_path: Path, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("SCORECARD_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        raise SystemExit("no chromium: install Debian's chromium package")
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(runs):
            page = browser.new_page()
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_function("document.getElementById('entity-count').textContent")
            times.append(page.evaluate("performance.now()") / 1000)
            page.close()
        browser.close()
    return times


def _line(name: str, values: list[float]) -> str:
    return (f"{name:<28} min {min(values):6.2f} s  median {statistics.median(values):6.2f} s"
            f"  max {max(values):6.2f} s  ({len(values)} runs)")


def main() -> None:
    """Run the measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", "-n", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    repo = _repo(args.services)
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.json"
        page = Path(tmp) / "report.html"
        _scorecard("check", ".", "-f", "json", "-o", str(results), cwd=repo)
        evaluations = len(json.loads(results.read_text())["results"])
        build = [_scorecard("report", "--from", str(results), "-f", "html", "-o", str(page),
                            cwd=repo) for _ in range(args.runs)]
        print(f"{args.services} services, {evaluations} evaluations; page "
              f"{page.stat().st_size / 1e6:.1f} MB; load: {os.getloadavg()[0]:.2f}")
        print(_line("report --format html", build))
        print(_line("page open (table drawn)", _page_load(page, args.runs)))


if __name__ == "__main__":
    main()
