"""Reporters: pure functions from a RunResult to text, one module per format.

``REPORTERS`` maps each ``--format`` name to the module that renders it; a module
is imported only when its format is asked for (rich only for ``table``).
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
    strict: bool = False  # --strict: any non-waived failing rule fails the gate
    exit_zero: bool = False  # --exit-zero: a failed gate exits 0 (input errors still 2)


REPORTERS: dict[str, str] = {
    "table": "scorecard_cli.reporters.table",
    "json": "scorecard_cli.reporters.json_report",
    "sarif": "scorecard_cli.reporters.sarif",
    "junit": "scorecard_cli.reporters.junit",
    "markdown": "scorecard_cli.reporters.markdown",
    "github": "scorecard_cli.reporters.github",
}


def get_reporter(name: str) -> Callable[[RunResult, RenderOptions], str | bytes]:
    """The ``render`` function of a format's module (text, or UTF-8 bytes)."""
    return importlib.import_module(REPORTERS[name]).render
