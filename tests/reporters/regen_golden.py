"""Regenerate the golden files of the Markdown and GitHub reporters, and of the table as a
real terminal shows it (``examples/acme`` in a pseudo-terminal 80 and 200 columns wide).

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
TABLE_WIDTHS = (80, 200)


def golden_path(case: str, fmt: str) -> Path:
    """Where the golden output of one case in one format lives."""
    return GOLDEN / f"{case}.{fmt}.{FORMATS[fmt]}"


def table_golden_path(width: int) -> Path:
    """Where the table of examples/acme drawn on a ``width``-column terminal lives."""
    return GOLDEN / f"acme.table.{width}.ansi"


def acme_table(width: int, folder: Path) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``check`` on a copy of examples/acme made in
    ``folder`` (empty), in a pseudo-terminal ``width`` columns wide."""
    from tests.reporters.pty_run import ACME_CHECK, acme_repo, run_in_pty

    return run_in_pty(ACME_CHECK, acme_repo(folder), width)


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
    for width in TABLE_WIDTHS:
        with tempfile.TemporaryDirectory() as folder:
            _, text, _ = acme_table(width, Path(folder))
        table_golden_path(width).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {table_golden_path(width).relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
