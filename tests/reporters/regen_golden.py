"""Regenerate the golden files of the Markdown and GitHub reporters.

Run from the repository root after an intended output change, then review the diff:

    python tests/reporters/regen_golden.py

Each case of ``cases.py`` is built in a fresh temporary folder (a real git
repository), run with a fixed clock, and rendered; paths in the output are relative
to that folder, so the files do not depend on where it was.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
FORMATS = {"markdown": "md", "github": "txt"}


def golden_path(case: str, fmt: str) -> Path:
    """Where the golden output of one case in one format lives."""
    return GOLDEN / f"{case}.{fmt}.{FORMATS[fmt]}"


def render_case(case: str, fmt: str, folder: Path) -> str:
    """Build ``case`` in ``folder`` (empty) and render it in ``fmt``."""
    from scorecard_cli.reporters import RenderOptions, get_reporter
    from tests.reporters.cases import CASES

    result = CASES[case](folder, locate_fields=fmt in ("sarif", "github"))
    return get_reporter(fmt)(result, RenderOptions())


def main() -> None:
    """Write every golden file."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from tests.reporters.cases import CASES

    GOLDEN.mkdir(exist_ok=True)
    for case in CASES:
        for fmt in FORMATS:
            with tempfile.TemporaryDirectory() as folder:
                text = render_case(case, fmt, Path(folder))
            golden_path(case, fmt).write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {golden_path(case, fmt).relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
