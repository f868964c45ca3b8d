"""Regenerate the golden diffs of ``scorecard fix`` (dry run); review the diff after:

    python tests/ratchet/regen_fix_golden.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_path(case: str) -> Path:
    """The golden diff of one case."""
    return GOLDEN / f"fix-{case}.diff"


def dry_run(case: str, folder: Path) -> str:
    """Build the case in ``folder`` and return what ``scorecard fix`` prints on stdout."""
    from tests.ratchet.fix_cases import ARGS, build

    build(case, folder)
    done = subprocess.run([sys.executable, "-m", "scorecard_cli", "fix", *ARGS[case]],
                          cwd=folder, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return done.stdout


def main() -> None:
    """Write every golden diff."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from tests.ratchet.fix_cases import CASES

    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            golden_path(case).write_text(dry_run(case, Path(tmp)), encoding="utf-8")
        print(f"wrote {golden_path(case).relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
