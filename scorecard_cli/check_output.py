"""What ``scorecard check`` writes: diagnostics on stderr (notices folded), the report on
stdout or ``--output``, the extra ``--report FORMAT=FILE`` files, and when to use color.

Every report is rendered from the one RunResult of the run, so ``--report json=a.json
--report sarif=b.sarif`` costs one evaluation.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import replace
from enum import Enum
from pathlib import Path

from scorecard_cli.core.atomic import atomic_write, write_boundary
from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import Diagnostic, UsageError
from scorecard_cli.core.notices import fold_notices
from scorecard_cli.reporters import GUARDS, REPORTERS, RenderOptions, get_reporter
from scorecard_cli.reporters.guard import guard_report, safe_line

FILE_WIDTH = 100  # the table's width in a file or pipe, unless $COLUMNS says otherwise


class Color(str, Enum):
    """``--color``: when the table uses color."""

    auto = "auto"
    always = "always"
    never = "never"


def wants_color(choice: Color, terminal: bool, environ: Mapping[str, str]) -> bool:
    """The flag wins; with ``auto``, a non-empty ``NO_COLOR`` turns color off, then a
    non-empty ``FORCE_COLOR`` turns it on, else color only on a terminal."""
    if choice is not Color.auto:
        return choice is Color.always
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return terminal


def parse_reports(values: list[str]) -> list[tuple[str, Path]]:
    """``FORMAT=FILE`` values of ``--report``; UsageError for a bad one."""
    reports = []
    for value in values:
        name, sep, file = value.partition("=")
        name = name.strip().lower()
        if not sep or not file:
            raise UsageError(f"--report {value!r}: expected FORMAT=FILE, e.g. sarif=out.sarif")
        if name not in REPORTERS:
            raise UsageError(f"--report {value!r}: unknown format {name!r} (one of "
                             f"{', '.join(REPORTERS)})")
        reports.append((name, Path(file)))
    return reports


def diagnostic_lines(diagnostics: list[Diagnostic], verbose: bool, quiet: bool) -> list[str]:
    """The stderr lines: with ``quiet`` only input errors; notices of one kind folded
    into one line with a count unless ``verbose``."""
    if quiet:
        return [d.format() for d in diagnostics if d.severity == "error"]
    if verbose:
        return [d.format() for d in diagnostics]
    return [f.format("; --verbose lists each") for f in fold_notices(diagnostics)]


def emit_diagnostics(diagnostics: list[Diagnostic], verbose: bool, quiet: bool) -> None:
    """Write the diagnostic lines to stderr in one write; control characters and anything
    a CI runner would read as a command escaped."""
    lines = diagnostic_lines(diagnostics, verbose, quiet)
    if lines:
        sys.stderr.write("".join(safe_line(line) + "\n" for line in lines))
        sys.stderr.flush()


def write_report(report: str | bytes, output: Path | None) -> None:
    """Write a (guarded) report as UTF-8, whatever the locale's encoding, to stdout, or
    atomically to a file inside the repository or current folder it names."""
    data = report.encode("utf-8") if isinstance(report, str) else report
    if output is None:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            buffer.write(data)
            buffer.flush()
        return
    atomic_write(str(output), data, write_boundary(str(output), os.getcwd()))


def _file_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else FILE_WIDTH


def options_for(path: Path | None, base: RenderOptions, color: Color = Color.auto
                ) -> RenderOptions:
    """``base`` with the terminal, width and color of where a report goes: stdout (the
    terminal's width, color per ``wants_color``) or a file (no color unless ``always``)."""
    terminal = path is None and sys.stdout.isatty()
    width = shutil.get_terminal_size((FILE_WIDTH, 24)).columns if path is None else (
        _file_width())
    wanted = (wants_color(color, terminal, os.environ) if path is None
              else color is Color.always)  # NO_COLOR/FORCE_COLOR are about stdout
    return replace(base, terminal=terminal, width=width, color=wanted)


def write_all(result: RunResult, main: str, output: Path | None,
              reports: list[tuple[str, Path]], base: RenderOptions, color: Color,
              plan: bool = False) -> None:
    """Render the main report (stdout or ``output``; with ``plan``, the next-level plan
    added to it) and every ``--report`` file."""
    targets = [(main, output), *reports]
    files = [os.path.abspath(path) for _, path in targets if path is not None]
    if len(set(files)) != len(files):
        raise UsageError("--output and --report name the same file twice")
    for name, path in targets:
        options = options_for(path, base, color)
        report = get_reporter(name)(result, options)
        if plan and path is output:
            from scorecard_cli.commands.plan import with_plan

            report = guard_report(with_plan(report, result, name), GUARDS.get(name, "text"))
        write_report(report, path)
