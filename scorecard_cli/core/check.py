"""The ``check`` pipeline as a library call: options in, RunResult out.

Raises UsageError, ConfigError or ScmError for what makes the whole run impossible;
every problem with one input becomes a diagnostic and the other inputs still run.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from scorecard_cli.core.catalog import Catalog, CatalogLoader
from scorecard_cli.core.clones import CACHE_ENV, cache_dir, refuse_inside
from scorecard_cli.core.config import Config, find_config, load_config
from scorecard_cli.core.discovery import discover, discover_tree
from scorecard_cli.core.engine import Engine, RunResult
from scorecard_cli.core.errors import Diagnostic, Problem, UsageError
from scorecard_cli.core.filesource import DISK, DiskFiles, TreeFiles
from scorecard_cli.core.model import Scorecard, Waiver
from scorecard_cli.core.repos import find_repo_root, is_url
from scorecard_cli.core.scorecards import Definitions, load_definitions
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
    fail_below: str | None = None
    strict: bool = False  # every failing, non-waived rule is an error and fails the gate
    only: list[str] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    config: str | None = None  # an explicit --config file
    use_config: bool = True  # look for .scorecard.yaml when no --config is given
    offline: bool = False  # use cached clones of --repo URLs without fetching
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


def _config(options: CheckOptions, today: dt.date, files: DiskFiles) -> Config:
    if options.config:
        path = os.path.join(options.cwd, options.config)
        if not files.is_file(path):
            raise UsageError(f"--config {options.config!r}: no such file")
        return load_config(path, options.cwd, today, files)
    found = find_config(options.cwd, files) if options.use_config else None
    return load_config(found, options.cwd, today, files) if found else Config()


def _scorecard_files(options: CheckOptions, config: Config) -> tuple[list[str], dict]:
    if options.scorecards:
        return [os.path.join(options.cwd, f) for f in options.scorecards], {}
    builtin = builtin_scorecard_files()
    display = {f: "<builtin>/" + os.path.basename(f) for f in builtin}
    if config.scorecards:
        return config.scorecards + (builtin if config.include_builtin else []), display
    return builtin, display


def _config_catalog(config: Config, files: DiskFiles) -> tuple[list[str], list[Diagnostic]]:
    """The files the configuration's ``catalog`` globs match (each must match one): on
    disk, among the files git lists in its repository (git-ignored files and symlinked
    folders never match)."""
    found: list[str] = []
    problems = []
    for index, pattern in enumerate(config.catalog):
        matches = files.glob(pattern)
        if not matches:
            error = config.error(f"no catalog file matches {os.path.basename(pattern)!r}",
                                 ("catalog", index))
            problems.append(error.diagnostic)
        found += [m for m in matches if files.is_file(m)]
    return found, problems


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


def _cache(options: CheckOptions, config: Config) -> str | None:
    """The cache folder for a ``--repo`` URL, never inside a repository being checked
    (where a pull request could commit a cache entry); None when no URL is read."""
    if not options.repo or not is_url(options.repo):
        return None
    folders = [options.cwd, *(os.path.join(options.cwd, p) for p in options.paths)]
    if config.path:
        folders.append(os.path.dirname(config.path))
    checkouts = sorted({root for folder in folders
                        if (root := find_repo_root(os.path.abspath(folder), {})) is not None})
    if config.cache_dir and not os.environ.get(CACHE_ENV):
        try:
            refuse_inside(config.cache_dir, checkouts)
        except UsageError as exc:
            raise config.error(f"cache.dir: {exc.message}", ("cache", "dir")) from None
    base = cache_dir(config.cache_dir)
    refuse_inside(base, checkouts)
    return base


@dataclass
class Prepared:
    """Everything a run reads before it evaluates: what ``plan``, ``fix``, ``explain`` and
    ``diff`` build on besides the result."""

    config: Config
    definitions: Definitions
    scorecards: list[Scorecard]
    threshold: Threshold | None
    sources: Sources
    catalog: Catalog
    problems: list[Diagnostic]

    def engine(self, options: CheckOptions) -> Engine:
        """The engine that evaluates this run."""
        return Engine(self.scorecards, self.sources, threshold=self.threshold,
                      waivers=[*self.config.waivers, *options.waivers],
                      locate_fields=options.locate_fields, now=options.now,
                      strict=options.strict)


def prepare(options: CheckOptions, files: DiskFiles = DISK) -> Prepared:
    """Load configuration, scorecards and catalog files (the run before evaluation).

    ``files`` is where they are read: the disk, or one commit's tree (``TreeFiles``:
    then source files are read at that commit too).
    """
    today = dt.date.fromtimestamp(options.now) if options.now else dt.date.today()
    config = _config(options, today, files)
    scorecard_files, display = _scorecard_files(options, config)
    definitions = load_definitions(scorecard_files, options.cwd, display, files)
    scorecards = _select(definitions.scorecards, options.only)
    threshold = _threshold(options, config, scorecards)
    sources = Sources(options.repo, files.commit or options.ref, options.cwd,
                      _cache(options, config), options.offline)
    loader = CatalogLoader(options.cwd, files)
    if options.paths or not config.catalog:
        if isinstance(files, TreeFiles):
            problems = discover_tree(options.paths, options.cwd, files, loader.load)
        else:
            problems = discover(options.paths, options.cwd, sources, loader.load)
    else:
        config_files, problems = _config_catalog(config, files)
        loader.load(config_files)
    return Prepared(config, definitions, scorecards, threshold, sources, loader.catalog,
                    problems)


def evaluate(run: Prepared, options: CheckOptions) -> RunResult:
    """Evaluate a prepared run; every diagnostic of the run goes into the result."""
    result = run.engine(options).run(run.catalog.entities)
    result.commits = run.sources.commits()
    result.diagnostics = sorted([*run.config.warnings, *run.definitions.diagnostics,
                                 *run.problems, *run.catalog.diagnostics, *result.diagnostics],
                                key=lambda d: (d.file, d.line, d.column))
    result.templates = sorted(run.catalog.templates)
    return result


def run_check(options: CheckOptions) -> RunResult:
    """Load configuration, scorecards and catalog files, evaluate, and return the result."""
    return evaluate(prepare(options), options)
