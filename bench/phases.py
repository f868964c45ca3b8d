"""``python bench/run.py --phases``: the time of each phase of a run (``SCORECARD_PROFILE=1``).

For each size, the JSON command runs cold (``--no-cache``) and warm (its own cache folder,
filled first) alternately, ``runs`` times each, with ``SCORECARD_PROFILE=1``; the table
gives each phase's median (and its min and max) over the runs. Phases are the CLI's own
(``scorecard_cli/core/profile.py``): each is charged only its own time, so a run's
phases add up to its wall time.
"""

from __future__ import annotations

import os
import re
import statistics
from pathlib import Path

from run import SCORECARD_FILE, BenchFailure, run_once

_ROW = re.compile(r"^ +(-?\d+\.\d{3}) +-?\d+\.\d% +(.+)$")
KINDS = ("cold", "warm")


def argv(exe: list[str], repo: Path, kind: str, out: Path) -> list[str]:
    """The profiled command: JSON, cold or warm."""
    extra = ["--no-cache"] if kind == "cold" else []
    return [*exe, "check", str(repo), "-s", str(SCORECARD_FILE), "--format", "json",
            "--output", str(out), *extra]


def parse(stderr: str) -> dict[str, float]:
    """Seconds per phase from the profile a run printed."""
    found = {}
    for line in stderr.splitlines():
        match = _ROW.match(line)
        if match:
            found[match.group(2)] = float(match.group(1))
    if not found:
        raise BenchFailure(f"no profile in the run's stderr:\n{stderr[-2000:]}")
    return found


def measure(exe: list[str], repo: Path, runs: int, workdir: Path, timeout: float
            ) -> dict[str, list[dict[str, float]]]:
    """The profiles of ``runs`` cold and ``runs`` warm runs (after one of each)."""
    env = {**os.environ, "SCORECARD_PROFILE": "1",
           "SCORECARD_CACHE_DIR": str(workdir / f"cache-phases-{repo.name}")}
    profiles: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    for round_no in range(runs + 1):
        for kind in KINDS:
            outcome = run_once(argv(exe, repo, kind, workdir / "phases.json"), cwd=repo,
                               env=env, read_stdout=False, timeout=timeout)
            if outcome.exit_code not in (0, 1):
                raise BenchFailure(f"phases, {kind}: exit {outcome.exit_code}\n"
                                   f"{outcome.stderr[-4000:]}")
            if round_no:  # the first round fills the cache and the file system's
                profiles[kind].append(parse(outcome.stderr))
    return profiles


def table(n: int, profiles: dict[str, list[dict[str, float]]]) -> list[str]:
    """Markdown: one row per phase, median (min–max) seconds for cold and warm runs."""
    names: list[str] = []
    for runs in profiles.values():
        for profile in runs:
            names += [name for name in profile if name not in names]
    names.sort(key=lambda name: name.startswith(("other", "total")))
    lines = [f"| N={n:,}: phase | cold median s (min–max) | warm median s (min–max) |",
             "|---|---:|---:|"]
    for name in names:
        cells = []
        for kind in KINDS:
            values = [profile.get(name, 0.0) for profile in profiles[kind]]
            cells.append(f"{statistics.median(values):.3f} ({min(values):.3f}–"
                         f"{max(values):.3f})")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines
