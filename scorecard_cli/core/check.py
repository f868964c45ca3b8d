"""The ``check`` pipeline as a library call: options in, RunResult out.

Raises UsageError (or ScmError) for what makes the whole run impossible; every
problem with one input becomes a diagnostic and the other inputs still run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from scorecard_cli.core.catalog import load_catalog
from scorecard_cli.core.discovery import discover
from scorecard_cli.core.engine import Engine, RunResult
from scorecard_cli.core.errors import UsageError
from scorecard_cli.core.model import Scorecard, Waiver
from scorecard_cli.core.scorecards import load_definitions
from scorecard_cli.core.sources import Sources
from scorecard_cli.presets import builtin_scorecard_files


@dataclass
class CheckOptions:
    """What ``scorecard check`` was asked to do."""

    paths: list[str] = field(default_factory=list)
    scorecards: list[str] = field(default_factory=list)  # empty: the built-in scorecards
    repo: str | None = None
    ref: str | None = None
    fail_below: str | None = None
    only: list[str] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    locate_fields: bool = False
    cwd: str = field(default_factory=os.getcwd)
    now: float | None = None


def _select(scorecards: list[Scorecard], only: list[str]) -> list[Scorecard]:
    if not only:
        return scorecards
    known = {sc.id for sc in scorecards}
    for wanted in only:
        if wanted not in known:
            raise UsageError(f"--only {wanted!r}: no such scorecard (loaded: "
                             f"{', '.join(sorted(known)) or 'none'})")
    return [sc for sc in scorecards if sc.id in only]


def _check_threshold(scorecards: list[Scorecard], level: str | None) -> None:
    if level is None or not scorecards:
        return
    if not any(sc.level_index(level) is not None for sc in scorecards):
        levels = sorted({lv.title for sc in scorecards for lv in sc.levels})
        raise UsageError(f"--fail-below {level!r} is not a level of any selected scorecard "
                         f"(levels: {', '.join(levels)})")


def run_check(options: CheckOptions) -> RunResult:
    """Load scorecards and catalog files, evaluate, and return the sorted result."""
    files = [os.path.join(options.cwd, f) for f in options.scorecards] or builtin_scorecard_files()
    display = {} if options.scorecards else {
        f: "<builtin>/" + os.path.basename(f) for f in files}
    definitions = load_definitions(files, options.cwd, display)
    scorecards = _select(definitions.scorecards, options.only)
    _check_threshold(scorecards, options.fail_below)
    sources = Sources(options.repo, options.ref, options.cwd)
    catalog_files, problems = discover(options.paths, options.cwd)
    catalog = load_catalog(catalog_files, options.cwd)
    level = options.fail_below
    engine = Engine(scorecards, sources, threshold=(lambda e, s: level) if level else None,
                    waivers=options.waivers, locate_fields=options.locate_fields,
                    now=options.now)
    result = engine.run(catalog.entities)
    result.diagnostics = [*definitions.diagnostics, *problems, *catalog.diagnostics,
                          *result.diagnostics]
    result.templates = catalog.templates
    return result
