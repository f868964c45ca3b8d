"""The ``scorecard`` command line: parse options, call the core, render, exit.

Exit codes: 0 clean, 1 below threshold (or a failing rule with --strict),
2 usage, configuration or input errors, 3 an unexpected bug.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from scorecard_cli import __version__, signals
from scorecard_cli.check_output import (
    Color,
    emit_diagnostics,
    options_for,
    parse_reports,
    write_all,
    write_report,
)
from scorecard_cli.commands import register
from scorecard_cli.commands.cache import cache_app
from scorecard_cli.core import profile
from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.clock import run_clock
from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.gate import Gate
from scorecard_cli.core.init import init_files
from scorecard_cli.core.places import display_path
from scorecard_cli.core.profile import phase
from scorecard_cli.core.shard import parse_shard
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.guard import guard_report, safe_line

app = typer.Typer(
    name="scorecard",
    help="Lint software-catalog files (Backstage, Port) against scorecards: the level each "
    "entity reaches, every failing rule, and how to fix it. Local, offline, fast.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


app.add_typer(cache_app, name="cache")


class Format(str, Enum):
    """Output formats of ``check``."""

    table = "table"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"
    github = "github"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scorecard {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Lint software-catalog files against scorecards."""


def _emit_diagnostics(result: RunResult) -> None:
    """The diagnostics of a run on stderr, notices folded (for the other commands)."""
    emit_diagnostics(result.diagnostics, verbose=False, quiet=False)


def exit_code(result: RunResult, exit_zero: bool = False) -> int:
    """0 clean, 1 the gate fails (below threshold, or a failing rule with --strict; 0 with
    exit_zero), 2 input errors."""
    return Gate(result, exit_zero).verdict.code


@contextmanager
def _reported() -> Iterator[None]:
    """Turn our errors into one line on stderr and exit 2."""
    try:
        yield
    except ScorecardError as exc:
        where = f"{exc.file}:{exc.line}:{exc.column}: " if exc.file != "<input>" else ""
        typer.echo(safe_line(f"scorecard: error: {where}{exc.message}"), err=True)
        raise typer.Exit(2) from None


def _write(report: str | bytes, output: Path | None, style: str = "text") -> None:
    """Write a report through the output guard (``style``: how its format escapes, see
    ``reporters.GUARDS``) to stdout or, atomically, to a file."""
    write_report(guard_report(report, style), output)


def _render_options(output: Path | None, verbose: bool) -> RenderOptions:
    """How a report to ``output`` (None: stdout) is drawn (for the other commands)."""
    return options_for(output, RenderOptions(verbose=verbose))


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(  # noqa: UP045 - typer needs Optional
        help="Catalog files, or folders to search for catalog-info.yaml/.yml "
        "(git-ignored paths are skipped). Default: the current folder.",
        show_default=False)] = None,
    scorecard: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--scorecard", "-s", help="Scorecard file or folder (YAML or Port JSON); repeatable. "
        "Replaces the built-in scorecards.", show_default=False)] = None,
    repo: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Repository to read source files from: a path, or a URL (https, ssh, git, file, "
        "user@host:path) cloned into the cache. Default: the repository holding each "
        "catalog file.", show_default=False)] = None,
    offline: Annotated[bool, typer.Option(
        help="With a --repo URL: use its cached clone as it is, without fetching.")] = False,
    ref: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Read source files at this commit, branch or tag instead of the working tree "
        "(a ref that names no commit in any repository read is a usage error). Catalog "
        "files are always read from disk.", show_default=False)] = None,
    staged: Annotated[bool, typer.Option(
        help="Read source files from the index: what the next commit will hold, without "
        "unstaged or untracked files (the pre-commit view).")] = False,
    output_format: Annotated[Format, typer.Option(
        "--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--output", "-o", help="Write the report to this file instead of stdout.",
        show_default=False)] = None,
    report: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        metavar="FORMAT=FILE", help="Also write this format to this file, from the same "
        "evaluation (e.g. --report sarif=scorecard.sarif); repeatable.",
        show_default=False)] = None,
    fail_below: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Exit 1 when an entity is below this level in a scorecard that has it "
        "(e.g. Silver; case-insensitive).", show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        help="Exit 1 when any rule fails that is not waived.")] = False,
    exit_zero: Annotated[bool, typer.Option(
        help="Exit 0 when the gate fails (report only); input errors still exit 2.")] = False,
    initiative: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Exit 1 when a pair this initiative of .scorecard.yaml counts is below its "
        "target level (instead of --fail-below).", show_default=False)] = None,
    group_by: Annotated[str, typer.Option(
        "--group-by", help="Group the JSON aggregates by 'team' or by a property path "
        "(recorded in each result, for `scorecard report --from`).")] = "team",
    only: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        help="Evaluate only this scorecard id; repeatable.", show_default=False)] = None,
    select: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        metavar="SCORECARD/RULE", help="Evaluate only the rules matching this glob "
        "(e.g. 'production-readiness/has-*'; a bare scorecard id means all its rules); "
        "repeatable.", show_default=False)] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        metavar="SCORECARD/RULE", help="Skip the rules matching this glob (e.g. "
        "'*/has-docs-site'); repeatable.", show_default=False)] = None,
    config: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--config", "-c", help="Configuration file. Default: the nearest .scorecard.yaml "
        "from the current folder up to the repository root.", show_default=False)] = None,
    no_config: Annotated[bool, typer.Option(
        "--no-config", help="Ignore .scorecard.yaml files.")] = False,
    now: Annotated[Optional[str], typer.Option(  # noqa: UP045
        metavar="ISO-DATETIME", help="The run's clock, an ISO-8601 date-time such as 2026-12-01T09:00:00Z (no zone: "
        "UTC). Date presets (lastWeek...), waiver expiry and scm.recentCommit count from it, "
        "so a run is reproducible. Default: $SOURCE_DATE_EPOCH, else the current time.",
        show_default=False)] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Show passing rules too, and every notice (they are "
        "folded into one line per kind otherwise).")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Show only what fails the gate, and the verdict; on stderr, "
        "only input errors.")] = False,
    color: Annotated[Color, typer.Option(
        help="Color the table: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR "
        "forces it), always, never.")] = Color.auto,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Compute every result afresh: neither read nor write the result "
        "cache (see `scorecard cache --help`).")] = False,
    shard: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Evaluate only shard K of N (e.g. 1/4): catalog files split by a hash of their "
        "path, for a CI matrix of N jobs (README: Scaling out).", show_default=False)] = None,
    traceback: Annotated[bool, typer.Option(
        help="On an internal error, print the full traceback.")] = False,
    plan: Annotated[bool, typer.Option(
        "--plan", help="Table format: add the next-level plan (see `scorecard plan`).")] = False,
    sarif_max: Annotated[int, typer.Option(
        min=1, help="SARIF: at most this many results, those that fail the gate first "
        "(GitHub code scanning rejects a run over 25,000).")] = 25_000,
    sarif_category: Annotated[str, typer.Option(
        help="SARIF: the code-scanning category (automationDetails.id), to upload several "
        "SARIF files for one commit.")] = "scorecard",
    markdown_budget: Annotated[int, typer.Option(
        min=4096, max=1 << 20, help="Markdown: at most this many bytes. The default fits a "
        "GitHub PR comment; up to 1048576 (1 MiB) for $GITHUB_STEP_SUMMARY.")] = 65_536,
) -> None:
    """Evaluate catalog entities against scorecards: level, status, failing rules, fixes.

    Examples:

      scorecard check                                  # built-in scorecards, this folder

      scorecard check services/ -s scorecards/ --fail-below Silver

      scorecard check catalog-info.yaml --ref origin/main --format json
    """
    with _reported():
        shard_kn = parse_shard(shard) if shard is not None else None
        reports = parse_reports(list(report or []))
    options = CheckOptions(
        paths=list(paths or []),
        scorecards=list(scorecard or []),
        repo=repo,
        offline=offline,
        ref=ref,
        staged=staged,
        fail_below=fail_below,
        initiative=initiative,
        group_by=group_by,
        strict=strict,
        only=list(only or []),
        select=list(select or []),
        ignore=list(ignore or []),
        locate_fields=bool({output_format.value, *(f for f, _ in reports)} & {"sarif", "github"}),
        config=str(config) if config else None,
        use_config=not no_config,
        cache=not no_cache,
        shard=shard_kn,
    )
    with _reported():
        options.now = None if now is None else run_clock(now, {})
        result = run_check(options)
    emit_diagnostics(result.diagnostics, verbose, quiet)
    render = RenderOptions(verbose=verbose, quiet=quiet, exit_zero=exit_zero,
                           sarif_max=sarif_max, sarif_category=sarif_category,
                           markdown_budget=markdown_budget)
    with _reported(), phase("report rendering and writing"):
        write_all(result, output_format.value, output, reports, render, color, plan)
    if _KEPT is not None:  # run from main(): freed by the end of the process, not one by one
        _KEPT.append(result)
    raise typer.Exit(exit_code(result, exit_zero))


@app.command()
def validate(
    paths: Annotated[Optional[list[str]], typer.Argument(  # noqa: UP045
        help="Catalog files, scorecard files, .scorecard.yaml, or folders to search. "
        "Default: the current folder.", show_default=False)] = None,
) -> None:
    """Validate catalog files, scorecard definitions and .scorecard.yaml against their full
    JSON Schemas (Backstage's name rules and required fields included) and the semantic
    checks of scorecards; every problem, each as file:line:col: message.

    Exit 0 when everything is valid, 1 when a file has a problem, 2 for usage errors
    (a path that does not exist, an unknown option).
    """
    from scorecard_cli.core.validate import validate_paths

    with _reported():
        validation = validate_paths(list(paths or []), os.getcwd())
    for diagnostic in validation.diagnostics:
        typer.echo(safe_line(diagnostic.format()), err=True)
    errors = sum(1 for d in validation.diagnostics if d.severity == "error")
    checked = len(validation.files)
    skipped = f", {len(validation.templates)} templates skipped" if validation.templates else ""
    typer.echo(f"{checked} file{'s' if checked != 1 else ''} checked{skipped}: "
               f"{errors} problem{'s' if errors != 1 else ''}")
    raise typer.Exit(2 if validation.missing else 0 if validation.ok else 1)


class SchemaName(str, Enum):
    """The JSON Schemas shipped with scorecard."""

    scorecard = "scorecard"
    entity = "entity"
    config = "config"
    result = "result"


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema to print.")],
) -> None:
    """Print one of the JSON Schemas: scorecard definitions, catalog entities, the
    configuration file, or the JSON document of `check --format json`."""
    from scorecard_cli.core.schemas import schema_text

    with _reported():
        text = schema_text(name.value)
    typer.echo(text.rstrip("\n"))


@app.command()
def init(
    force: Annotated[bool, typer.Option(help="Overwrite existing files.")] = False,
) -> None:
    """Write a starter .scorecard.yaml and scorecards/production-readiness.yaml at the
    repository root (the current folder outside a repository), to edit to taste."""
    with _reported():
        written = init_files(os.getcwd(), force)
    for path in written:
        typer.echo(safe_line(f"wrote {display_path(path, os.getcwd())}"))
    typer.echo("next: edit them, then run `scorecard check`")


def _write_modules(path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(sorted(sys.modules)) + "\n")


_KEPT: list | None = None  # main() keeps the result here until os._exit


def _exit_now(code: object) -> None:
    """Exit without tearing down the run's objects (a 10,000-entity run frees about a
    million at exit, for nothing): flush, run the exit hooks, then ``os._exit``."""
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
    status = code if isinstance(code, int) else 0 if code is None else 1
    if profile.ENABLED:
        _print_profile()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        pass
    atexit._run_exitfuncs()
    os._exit(status)


def _print_profile() -> None:
    """``SCORECARD_PROFILE=1``: each phase's time on stderr, and what no phase covers."""
    phases = profile.totals()
    wall = profile.process_age()
    lines = ["scorecard profile (seconds, share of the run):"]
    total = wall if wall is not None else sum(phases.values())
    rest = total - sum(phases.values())
    for name, seconds in [*phases.items(), ("other (not in a phase)", rest)]:
        lines.append(f"  {seconds:8.3f}  {100 * seconds / total if total else 0:5.1f}%  {name}")
    lines.append(f"  {total:8.3f}  100.0%  total (wall time since the process started)")
    sys.stderr.write("\n".join(lines) + "\n")


def main() -> None:
    """Console entry point: a bug becomes a short message and exit 3."""
    # A run is short-lived and builds many small acyclic objects: the cyclic garbage
    # collector only costs time here (measured: 15-25% of a 10,000-entity run).
    gc.disable()
    global _KEPT
    _KEPT = []
    profile.add("interpreter start and imports", profile.process_age() or 0.0)
    modules_report = os.environ.get("SCORECARD_DEBUG_MODULES")
    if modules_report:  # a hidden debug aid: which modules did this run import?
        atexit.register(_write_modules, modules_report)
    signals.install()
    try:
        app(prog_name="scorecard")
    except SystemExit as exc:
        _exit_now(exc.code)
    except (KeyboardInterrupt, signals.Interrupted) as exc:
        sys.stderr.write("scorecard: interrupted\n")
        sys.exit(getattr(exc, "code", 130))
    except Exception as exc:
        if "--traceback" in sys.argv or os.environ.get("SCORECARD_TRACEBACK"):
            raise
        sys.stderr.write(safe_line(f"scorecard: internal error: {type(exc).__name__}: {exc}")
                         + "\n"
                         "(this is a bug; run again with --traceback and report it)\n")
        sys.exit(3)


register(app)
