"""``bench/fuzz.py`` briefly: a fixed seed and a fixed number of inputs (about 3 s), so the run
is the same everywhere; the script's own time bound is only a safety net here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

FUZZ = REPO_ROOT / "bench" / "fuzz.py"


def fuzz(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the fuzz script as a process (a parser crash must not take pytest down)."""
    return subprocess.run(
        [sys.executable, str(FUZZ), "--seconds", "120", "--keep", str(tmp_path / "kept"), *args],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path,
    )


def test_fuzz_the_real_files_briefly(tmp_path: Path) -> None:
    done = fuzz(tmp_path, "--runs", "120", "--seed", "20261122")
    assert done.returncode == 0, done.stdout + done.stderr[-6000:]
    assert re.search(r"^fuzz: 120 inputs from \d+ files, seed 20261122: \{.*\}; 0 bugs$",
                     done.stdout, re.MULTILINE), done.stdout
    assert not (tmp_path / "kept").exists()


def test_fuzz_without_the_corpus_uses_the_examples(tmp_path: Path) -> None:
    done = fuzz(tmp_path, "--runs", "30", "--seed", "7", "--corpus", str(tmp_path / "none"))
    assert done.returncode == 0, done.stdout + done.stderr[-6000:]
    assert re.search(r"^fuzz: 30 inputs from \d+ files, seed 7: ", done.stdout, re.MULTILINE)


def test_fuzz_stops_at_its_time_bound(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(FUZZ), "--seconds", "0", "--seed", "1"],
                          capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "fuzz: 0 inputs from" in done.stdout
