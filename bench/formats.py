"""What each report format costs against ``json`` on one generated monorepo (issue 10).

Usage::

    python bench/run.py --formats               # N = 10,000, 3 rounds
    python bench/formats.py --sizes 1000 --runs 5

Every round runs ``scorecard check <repo> -s bench/scorecard.yaml --fail-below Silver
--format F --output <out>`` once per format, one after the other (alternating, so a
change of machine load hits every format alike), as whole processes. The target: the
median of ``sarif`` and of ``github`` at most 1.3 × the median of ``json``. The SARIF and
github runs also locate each failing field's line (the JSON run does not need to).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

import gen
from run import SCORECARD_FILE, BenchFailure, run_once, scorecard_command

FORMATS = ("json", "sarif", "github", "markdown", "junit")
MAX_RATIO = 1.3  # sarif and github vs json (issue 10)
TARGETED = ("sarif", "github")


def argv(exe: list[str], repo: Path, fmt: str, out: Path) -> list[str]:
    """The measured command for one format."""
    return [*exe, "check", str(repo), "-s", str(SCORECARD_FILE), "--fail-below", "Silver",
            "--format", fmt, "--output", str(out)]


def measure(n: int, runs: int, exe: list[str], timeout: float) -> dict[str, list[float]]:
    """Wall seconds of every format over ``runs`` rounds (after one warm-up round)."""
    repo = gen.cached_repo(n)
    seconds: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-formats-") as folder:
        for round_no in range(runs + 1):
            for fmt in FORMATS:
                out = Path(folder) / f"report.{fmt}"
                outcome = run_once(argv(exe, repo, fmt, out), cwd=repo, env=dict(os.environ),
                                   read_stdout=False, timeout=timeout)
                if outcome.exit_code not in (0, 1) or not out.stat().st_size:
                    raise BenchFailure(f"N={n} {fmt}: exit {outcome.exit_code}\n"
                                       f"{outcome.stderr[-4000:]}")
                if round_no:  # the first round warms the caches
                    seconds[fmt].append(outcome.seconds)
    return seconds


def table(n: int, seconds: dict[str, list[float]]) -> tuple[list[str], bool]:
    """Markdown rows of the medians and ratios, and whether the target holds."""
    base = statistics.median(seconds["json"])
    rows = ["| N | format | runs | median s | × json | target |",
            "|---:|---|---:|---:|---:|---|"]
    met = True
    for fmt, values in seconds.items():
        ratio = statistics.median(values) / base
        target = ""
        if fmt in TARGETED:
            ok = ratio <= MAX_RATIO
            met = met and ok
            target = f"≤ {MAX_RATIO}×: {'met' if ok else '**not met**'}"
        rows.append(f"| {n:,} | {fmt} | {len(values)} | {statistics.median(values):.3f} "
                    f"| {ratio:.2f} | {target} |")
    return rows, met


def main(argv_: list[str] | None = None) -> int:
    """Measure, print the table; exit 1 when the target is not met, 2 on a failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated N (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    args = parser.parse_args(argv_)
    exe = scorecard_command()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"load average before timing: {load}", file=sys.stderr)
    met = True
    try:
        for n in (int(part) for part in args.sizes.split(",") if part.strip()):
            rows, ok = table(n, measure(n, args.runs, exe, args.timeout))
            print("\n".join(rows))
            met = met and ok
    except BenchFailure as exc:
        print(f"benchmark failure: {exc}", file=sys.stderr)
        return 2
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
