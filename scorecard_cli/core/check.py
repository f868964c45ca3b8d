"""The ``check`` pipeline as a library call: options in, RunResult out.

Raises UsageError, ConfigError or ScmError for what makes the whole run impossible;
every problem with one input becomes a diagnostic and the other inputs still run.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scorecard_cli.core.catalog import Catalog, CatalogLoader
from scorecard_cli.core.clock import run_clock, utc_date
from scorecard_cli.core.clones import CACHE_ENV, cache_dir, refuse_inside
from scorecard_cli.core.config import Config, find_config, load_config
from scorecard_cli.core.discovery import discover, discover_tree
from scorecard_cli.core.engine import Engine, RunResult
from scorecard_cli.core.errors import Diagnostic, Problem, UsageError
from scorecard_cli.core.filesource import DISK, DiskFiles, TreeFiles
from scorecard_cli.core.globs import Globber, has_magic
from scorecard_cli.core.grouping import stamp_groups
from scorecard_cli.core.initiatives import check_against, find, record_membership
from scorecard_cli.core.initiatives import threshold as initiative_threshold
from scorecard_cli.core.model import Scorecard, Waiver
from scorecard_cli.core.profile import phase
from scorecard_cli.core.repos import find_repo_root, is_url
from scorecard_cli.core.scorecards import Definitions, load_definitions
from scorecard_cli.core.selection import select_rules
from scorecard_cli.core.shard import in_shard
from scorecard_cli.core.sources import Sources
from scorecard_cli.core.thresholds import Threshold, build_threshold
from scorecard_cli.presets import builtin_scorecard_files

if TYPE_CHECKING:
    from scorecard_cli.core.resultcache import ResultCache


@dataclass
class CheckOptions:
    """What ``scorecard check`` was asked to do; empty fields fall back to the config."""

    paths: list[str] = field(default_factory=list)
    scorecards: list[str] = field(default_factory=list)
    repo: str | None = None
    ref: str | None = None
    staged: bool = False  # read source files from the index (what the next commit holds)
    fail_below: str | None = None
    strict: bool = False  # every failing, non-waived rule is an error and fails the gate
    only: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)  # scorecard/rule globs to evaluate
    ignore: list[str] = field(default_factory=list)  # scorecard/rule globs to skip
    waivers: list[Waiver] = field(default_factory=list)
    config: str | None = None  # an explicit --config file
    use_config: bool = True  # look for .scorecard.yaml when no --config is given
    offline: bool = False  # use cached clones of --repo URLs without fetching
    locate_fields: bool = False
    cwd: str = field(default_factory=os.getcwd)
    now: float | None = None  # the run's clock (POSIX seconds); None: SOURCE_DATE_EPOCH or now
    initiative: str | None = None  # gate on this initiative's target (check --initiative)
    group_by: str = "team"  # what the aggregates group by: team, or a property path
    cache: bool = False  # use the persistent result cache (the CLI's default)
    shard: tuple[int, int] | None = None  # (K, N): evaluate only shard K of N


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


def _config_catalog(config: Config, files: DiskFiles, sources: Sources
                    ) -> tuple[list[str], list[Diagnostic]]:
    """The files the configuration's ``catalog`` globs match (each must match one): on
    disk, among the files git lists in its repository (the run's own listing: git-ignored
    files and symlinked folders never match); at a commit, among its files."""
    found: list[str] = []
    problems = []
    globber = None if isinstance(files, TreeFiles) else Globber(sources.listed_files)
    for index, pattern in enumerate(config.catalog):
        matches = (globber.glob(pattern, config.root) if globber and has_magic(pattern)
                   else files.glob(pattern))
        if not matches:
            error = config.error(f"no catalog file matches {os.path.basename(pattern)!r}",
                                 ("catalog", index))
            problems.append(error.diagnostic)
        found += [m for m in matches if files.is_file(m)]
    return found, problems


def _threshold(options: CheckOptions, config: Config, scorecards: list[Scorecard],
               now: float) -> Threshold | None:
    if options.fail_below is not None:
        try:
            return build_threshold(options.fail_below, scorecards, now)
        except Problem as problem:
            raise UsageError(f"--fail-below {problem.message}") from None
    try:
        return build_threshold(config.fail_below, scorecards, now)
    except Problem as problem:
        raise config.error(f"failBelow: {problem.message}",
                           config.fail_below_keys + problem.keys, problem.at_key) from None


def _gate(options: CheckOptions, config: Config, scorecards: list[Scorecard], now: float
          ) -> Threshold | None:
    """The threshold of the run: ``--initiative``'s target, else ``--fail-below``/config."""
    if options.initiative is None:
        return _threshold(options, config, scorecards, now)
    if options.fail_below is not None:
        raise UsageError("--initiative and --fail-below both set a threshold: give one")
    initiative = find(config.initiatives, options.initiative)
    check_against(initiative, scorecards)
    return initiative_threshold(initiative, now)


def run_config(options: CheckOptions) -> Config:
    """The configuration a run with these options reads (``--config``, found, or none)."""
    now = options.now if options.now is not None else run_clock(None, os.environ)
    return _config(options, utc_date(now), DISK)


def _checkouts(options: CheckOptions, config: Config) -> list[str]:
    """The repositories a run checks: those of the current folder, the paths and the
    configuration file."""
    folders = [options.cwd, *(os.path.join(options.cwd, p) for p in options.paths)]
    if config.path:
        folders.append(os.path.dirname(config.path))
    return sorted({root for folder in folders
                   if (root := find_repo_root(os.path.abspath(folder), {})) is not None})


def _cache(options: CheckOptions, config: Config) -> str | None:
    """The cache folder for a ``--repo`` URL, never inside a repository being checked
    (where a pull request could commit a cache entry); None when no URL is read."""
    if not options.repo or not is_url(options.repo):
        return None
    checkouts = _checkouts(options, config)
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
    now: float  # the run's clock: --now, else SOURCE_DATE_EPOCH, else the time of the run
    cache: ResultCache | None = None
    notices: list[Diagnostic] = field(default_factory=list)  # about the cache

    def engine(self, options: CheckOptions) -> Engine:
        """The engine that evaluates this run."""
        return Engine(self.scorecards, self.sources, threshold=self.threshold,
                      waivers=[*self.config.waivers, *options.waivers],
                      locate_fields=options.locate_fields, now=self.now,
                      strict=options.strict, cache=self.cache)


def prepare(options: CheckOptions, files: DiskFiles = DISK) -> Prepared:
    """Load configuration, scorecards and catalog files (the run before evaluation).

    ``files`` is where they are read: the disk, or one commit's tree (``TreeFiles``:
    then source files are read at that commit too).
    """
    with phase("configuration and scorecards"):
        now = options.now if options.now is not None else run_clock(None, os.environ)
        config = _config(options, utc_date(now), files)
        scorecard_files, display = _scorecard_files(options, config)
        definitions = load_definitions(scorecard_files, options.cwd, display, files)
        scorecards = select_rules(_select(definitions.scorecards, options.only),
                                  options.select, options.ignore)
        threshold = _gate(options, config, scorecards, now)
        sources = Sources(options.repo, files.commit or options.ref, options.cwd,
                          _cache(options, config), options.offline, options.staged)
    with phase("result cache: open"):
        cache = open_cache(options, config, now) if files is DISK else None
    notices = [cache] if isinstance(cache, Diagnostic) else []
    cache = None if isinstance(cache, Diagnostic) else cache
    loader = CatalogLoader(options.cwd, files, cache)
    loader.roots = sources.roots  # one walk up per folder for the run, not one per user
    if cache is not None:
        cache.parse = loader.parse_text
    with phase("discovery and git listing"):
        problems = _discover(options, config, files, sources, loader)
    return Prepared(config, definitions, scorecards, threshold, sources, loader.catalog,
                    problems, now, cache, notices)


def _discover(options: CheckOptions, config: Config, files: DiskFiles, sources: Sources,
              loader: CatalogLoader) -> list[Diagnostic]:
    """Find the catalog files and load them; return the problems found on the way."""
    if options.paths or not config.catalog:
        if isinstance(files, TreeFiles):
            problems = discover_tree(options.paths, options.cwd, files, loader.load)
        else:
            problems = discover(options.paths, options.cwd, sources, loader.load)
    else:
        config_files, problems = _config_catalog(config, files, sources)
        loader.load(config_files)
    return problems


def evaluate(run: Prepared, options: CheckOptions) -> RunResult:
    """Evaluate a prepared run (only its shard, with ``--shard``); every diagnostic of the
    run (of the shard's files) goes into the result."""
    shard = options.shard
    result = run.engine(options).run([e for e in run.catalog.entities
                                      if in_shard(e.display, shard)])
    run.sources.require_ref(run.catalog.entities)
    result.commits = run.sources.commits()
    diagnostics = [*run.config.warnings, *run.definitions.diagnostics, *run.problems,
                   *run.catalog.diagnostics, *result.diagnostics, *run.notices]
    if run.cache is not None:
        with phase("result cache: save"):
            run.cache.save()
        if run.cache.notice:
            diagnostics.append(Diagnostic(run.cache.store.path, 1, 1,
                                          f"result cache not used: {run.cache.notice}",
                                          "notice"))
    result.diagnostics = sorted([d for d in diagnostics if in_shard(d.file, shard)],
                                key=lambda d: (d.file, d.line, d.column))
    result.templates = sorted(t for t in run.catalog.templates if in_shard(t, shard))
    _annotate(result, run, options)
    return result


def _settings(values: dict, skipped: tuple) -> list[tuple[str, str]]:
    """Settings as text for the cache key: an object without a repr of its own (a file
    source) stands for its type and its attributes, not its address in memory."""
    shown = []
    for name, value in sorted(values.items()):
        if name in skipped:
            continue
        text = repr(value)
        if " object at 0x" in text:
            text = type(value).__qualname__ + repr(sorted(getattr(value, "__dict__", {})
                                                          .items()))
        shown.append((name, text))
    return shown


def _gate_clock(options: CheckOptions, config: Config, now: float) -> float | None:
    """The clock, when the threshold written into each result may depend on it (an
    initiative's target, a failBelow ``when`` with a date preset), else None."""
    gate = options.fail_below if options.fail_below is not None else config.fail_below
    return now if options.initiative is not None or "preset" in repr(gate) else None


def open_cache(options: CheckOptions, config: Config, now: float
               ) -> ResultCache | Diagnostic | None:
    """The run's result cache; None when not asked for; a notice saying why when it
    cannot be used (the run then computes everything, as it would without a cache)."""
    if not options.cache:
        return None
    from scorecard_cli.core.resultcache import ResultCache
    from scorecard_cli.core.resultstore import StoreError

    folder = cache_dir(config.cache_dir)
    try:
        refuse_inside(folder, _checkouts(options, config))  # a pull request could fill it
        # Every option and configuration value is part of the key, but the paths to check
        # (results do not depend on which others are checked), the shard and the clock
        # (recorded as a fact by the rules that read it).
        settings = (_settings(vars(options), ("paths", "cache", "shard", "now")),
                    _settings(vars(config), ()), _gate_clock(options, config, now))
        return ResultCache(folder, settings)
    except (StoreError, UsageError) as exc:
        return Diagnostic(folder, 1, 1, f"result cache not used: {exc}", "notice")


def _annotate(result: RunResult, run: Prepared, options: CheckOptions) -> None:
    """Team, groups and initiative membership in each result; the run's clock and grouping."""
    if run.config.initiatives or options.group_by != "team":  # they read the entities
        real = run.cache.materialize if run.cache is not None else (lambda entity: entity)
        by_ref = {entity.ref: real(entity) for entity in run.catalog.entities}
        if run.config.initiatives:
            record_membership(result.results, by_ref, run.config.initiatives, run.now)
        stamp_groups(result.results, by_ref, options.group_by)
    result.group_by = options.group_by
    result.initiatives = run.config.initiatives
    if options.now is not None or os.environ.get("SOURCE_DATE_EPOCH"):  # a fixed clock
        result.generated_at = dt.datetime.fromtimestamp(run.now, dt.timezone.utc
                                                        ).isoformat().replace("+00:00", "Z")


def run_check(options: CheckOptions) -> RunResult:
    """Load configuration, scorecards and catalog files, evaluate, and return the result."""
    return evaluate(prepare(options), options)
