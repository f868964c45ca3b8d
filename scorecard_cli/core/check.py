"""The ``check`` pipeline as a library call: options in, RunResult out.

Raises UsageError, ConfigError or ScmError for what makes the whole run impossible;
every problem with one input becomes a diagnostic and the other inputs still run.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
from dataclasses import dataclass, field

from scorecard_cli.core.catalog import CatalogLoader
from scorecard_cli.core.config import Config, find_config, load_config
from scorecard_cli.core.discovery import discover
from scorecard_cli.core.engine import Engine, RunResult
from scorecard_cli.core.errors import Diagnostic, Problem, UsageError
from scorecard_cli.core.model import Scorecard, Waiver
from scorecard_cli.core.scorecards import load_definitions
from scorecard_cli.core.selection import select_rules
from scorecard_cli.core.sources import Sources
from scorecard_cli.core.thresholds import Threshold, build_threshold
from scorecard_cli.presets import builtin_scorecard_files


@dataclass
class CheckOptions:
    """What ``scorecard check`` was asked to do; empty fields fall back to the config."""

    paths: list[str] = field(default_factory=list)
    scorecards: list[str] = field(default_factory=list)
    repo: str | None = None
    ref: str | None = None
    staged: bool = False  # read source files from the index (what the next commit holds)
    fail_below: str | None = None
    only: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)  # scorecard/rule globs to evaluate
    ignore: list[str] = field(default_factory=list)  # scorecard/rule globs to skip
    waivers: list[Waiver] = field(default_factory=list)
    config: str | None = None  # an explicit --config file
    use_config: bool = True  # look for .scorecard.yaml when no --config is given
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


def _config(options: CheckOptions, today: dt.date) -> Config:
    if options.config:
        path = os.path.join(options.cwd, options.config)
        if not os.path.isfile(path):
            raise UsageError(f"--config {options.config!r}: no such file")
        return load_config(path, options.cwd, today)
    found = find_config(options.cwd) if options.use_config else None
    return load_config(found, options.cwd, today) if found else Config()


def _scorecard_files(options: CheckOptions, config: Config) -> tuple[list[str], dict]:
    if options.scorecards:
        return [os.path.join(options.cwd, f) for f in options.scorecards], {}
    builtin = builtin_scorecard_files()
    display = {f: "<builtin>/" + os.path.basename(f) for f in builtin}
    if config.scorecards:
        return config.scorecards + (builtin if config.include_builtin else []), display
    return builtin, display


def _config_catalog(config: Config) -> tuple[list[str], list[Diagnostic]]:
    """The files the configuration's ``catalog`` globs match (each must match one)."""
    files: list[str] = []
    problems = []
    for index, pattern in enumerate(config.catalog):
        matches = sorted(glob.glob(pattern, recursive=True))
        if not matches:
            error = config.error(f"no catalog file matches {os.path.basename(pattern)!r}",
                                 ("catalog", index))
            problems.append(error.diagnostic)
        files += [m for m in matches if os.path.isfile(m)]
    return files, problems


def _threshold(options: CheckOptions, config: Config, scorecards: list[Scorecard]
               ) -> Threshold | None:
    if options.fail_below is not None:
        try:
            return build_threshold(options.fail_below, scorecards)
        except Problem as problem:
            raise UsageError(f"--fail-below {problem.message}") from None
    try:
        return build_threshold(config.fail_below, scorecards)
    except Problem as problem:
        raise config.error(f"failBelow: {problem.message}",
                           config.fail_below_keys + problem.keys, problem.at_key) from None


def run_check(options: CheckOptions) -> RunResult:
    """Load configuration, scorecards and catalog files, evaluate, and return the result."""
    today = dt.date.fromtimestamp(options.now) if options.now else dt.date.today()
    config = _config(options, today)
    files, display = _scorecard_files(options, config)
    definitions = load_definitions(files, options.cwd, display)
    scorecards = select_rules(_select(definitions.scorecards, options.only),
                              options.select, options.ignore)
    threshold = _threshold(options, config, scorecards)
    sources = Sources(options.repo, options.ref, options.cwd, config.cache_dir, options.staged)
    loader = CatalogLoader(options.cwd)
    if options.paths or not config.catalog:
        problems = discover(options.paths, options.cwd, sources, loader.load)
    else:
        config_files, problems = _config_catalog(config)
        loader.load(config_files)
    catalog = loader.catalog
    engine = Engine(scorecards, sources, threshold=threshold,
                    waivers=[*config.waivers, *options.waivers],
                    locate_fields=options.locate_fields, now=options.now)
    result = engine.run(catalog.entities)
    sources.require_ref(catalog.entities)
    result.diagnostics = sorted([*config.warnings, *definitions.diagnostics, *problems,
                                 *catalog.diagnostics, *result.diagnostics],
                                key=lambda d: (d.file, d.line, d.column))
    result.templates = sorted(catalog.templates)
    return result
