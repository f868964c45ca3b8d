"""Reporters: pure functions from a RunResult to text, one module per format.

``REPORTERS`` maps each ``--format`` name to the module that renders it; a module
is imported only when its format is asked for (rich only for ``table``). Every report
passes through ``reporters.guard`` on its way out (``GUARDS`` names the escape each
format uses), so no format can print a line that a CI runner reads as a command.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from scorecard_cli.core.engine import RunResult


@dataclass(frozen=True)
class RenderOptions:
    """How to render: terminal features, verbosity, and the gate (for the verdict)."""

    verbose: bool = False
    color: bool = False
    terminal: bool = False
    width: int = 100
    quiet: bool = False  # only what fails the gate, and the verdict
    exit_zero: bool = False  # --exit-zero: a failed gate exits 0 (input errors still 2)
    sarif_max: int | None = 25_000  # results per SARIF run; None: no limit
    sarif_category: str = "scorecard"  # SARIF automationDetails.id (code scanning category)
    markdown_budget: int = 65_536  # bytes of Markdown: a GitHub PR comment's limit


REPORTERS: dict[str, str] = {
    "table": "scorecard_cli.reporters.table",
    "json": "scorecard_cli.reporters.json_report",
    "sarif": "scorecard_cli.reporters.sarif",
    "junit": "scorecard_cli.reporters.junit",
    "markdown": "scorecard_cli.reporters.markdown",
    "github": "scorecard_cli.reporters.github",
}


# How each format escapes what ``guard`` rewrites; "github" keeps the commands it writes.
GUARDS: dict[str, str] = {"json": "json", "sarif": "json", "junit": "xml", "markdown": "xml",
                          "github": "commands"}


def get_reporter(name: str) -> Callable[[RunResult, RenderOptions], str | bytes]:
    """The ``render`` function of a format's module (text, or UTF-8 bytes), its output
    guarded (see ``reporters.guard``)."""
    render = importlib.import_module(REPORTERS[name]).render
    style = GUARDS.get(name, "text")

    def guarded(result: RunResult, options: RenderOptions) -> str | bytes:
        from scorecard_cli.reporters.guard import guard_report

        return guard_report(render(result, options), style)

    return guarded
