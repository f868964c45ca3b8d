"""``SCORECARD_PROFILE=1``: each phase's time on stderr; the report itself unchanged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.cache.helpers import build_monorepo

PHASE = re.compile(r"^ +(\d+\.\d{3}) +(\d+\.\d)% +(.+)$")


def _check(repo: Path, profile: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    env.pop("SCORECARD_PROFILE", None)
    if profile:
        env["SCORECARD_PROFILE"] = "1"
    return subprocess.run([sys.executable, "-m", "scorecard_cli", "check", "services", "-s",
                           str(repo.parent / "sc.yaml"), "--format", "json", "--no-config",
                           "--fail-below", "Gold"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def test_the_profile_lists_every_phase_and_adds_up(tmp_path: Path) -> None:
    repo = build_monorepo(tmp_path / "repo")
    plain = _check(repo, profile=False)
    profiled = _check(repo, profile=True)
    assert plain.returncode == profiled.returncode == 1  # exit codes go through unchanged
    assert plain.stderr == ""
    assert profiled.stdout.replace('"hits":0,"misses":3', '"hits":3,"misses":0') \
        == plain.stdout.replace('"hits":0,"misses":3', '"hits":3,"misses":0')
    lines = profiled.stderr.splitlines()
    assert lines[0].startswith("scorecard profile")
    rows = [PHASE.match(line) for line in lines[1:]]
    assert all(rows), lines
    names = [row.group(3) for row in rows if row]
    for wanted in ("interpreter start and imports", "configuration and scorecards",
                   "discovery and git listing", "reading catalog files", "evaluation",
                   "report rendering and writing", "other (not in a phase)"):
        assert wanted in names, names
    assert names[-1].startswith("total")
    seconds = [float(row.group(1)) for row in rows if row]
    assert abs(sum(seconds[:-1]) - seconds[-1]) < 0.01  # the phases add up to the total
