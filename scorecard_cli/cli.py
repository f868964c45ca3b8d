"""The ``scorecard`` command line: parse options, call the core, render, exit.

Exit codes: 0 clean, 1 below threshold (or a failing rule with --strict),
2 usage, configuration or input errors, 3 an unexpected bug.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from scorecard_cli import __version__
from scorecard_cli.commands import register
from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.init import init_files
from scorecard_cli.core.places import display_path
from scorecard_cli.reporters import RenderOptions, get_reporter
from scorecard_cli.reporters.guard import safe_line

app = typer.Typer(
    name="scorecard",
    help="Lint software-catalog files (Backstage, Port) against scorecards: the level each "
    "entity reaches, every failing rule, and how to fix it. Local, offline, fast.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    """One line per diagnostic on stderr; control characters from input are escaped."""
    for diagnostic in result.diagnostics:
        typer.echo(safe_line(diagnostic.format()), err=True)


def exit_code(result: RunResult, strict: bool) -> int:
    """0 clean, 1 below threshold (or any non-waived failure with strict), 2 input errors."""
    if result.errors:
        return 2
    if result.below_threshold:
        return 1
    if strict and any(not rule["passed"] and not rule["waived"]
                      for record in result.results for rule in record["rules"]):
        return 1
    return 0


@contextmanager
def _reported() -> Iterator[None]:
    """Turn our errors into one line on stderr and exit 2."""
    try:
        yield
    except ScorecardError as exc:
        where = f"{exc.file}:{exc.line}:{exc.column}: " if exc.file != "<input>" else ""
        typer.echo(safe_line(f"scorecard: error: {where}{exc.message}"), err=True)
        raise typer.Exit(2) from None


def _write(report: str | bytes, output: Path | None) -> None:
    """Write a report as UTF-8, whatever the locale's encoding, to stdout or a file."""
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
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise ScorecardError(f"cannot write output: {exc.strerror or exc}", str(output)) from None


def _render_options(output: Path | None, verbose: bool, **limits: object) -> RenderOptions:
    terminal = output is None and sys.stdout.isatty()
    return RenderOptions(
        verbose=verbose,
        color=terminal and "NO_COLOR" not in os.environ,
        terminal=terminal,
        width=shutil.get_terminal_size((100, 24)).columns,
        **limits,  # type: ignore[arg-type]
    )


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
    ref: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Read source files at this commit, branch or tag instead of the working tree. "
        "Catalog files are always read from disk.", show_default=False)] = None,
    output_format: Annotated[Format, typer.Option(
        "--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--output", "-o", help="Write the report to this file instead of stdout.",
        show_default=False)] = None,
    fail_below: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Exit 1 when an entity is below this level in a scorecard that has it "
        "(e.g. Silver; case-insensitive).", show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        help="Exit 1 when any rule fails that is not waived.")] = False,
    only: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        help="Evaluate only this scorecard id; repeatable.", show_default=False)] = None,
    config: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--config", "-c", help="Configuration file. Default: the nearest .scorecard.yaml "
        "from the current folder up to the repository root.", show_default=False)] = None,
    no_config: Annotated[bool, typer.Option(
        "--no-config", help="Ignore .scorecard.yaml files.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Show passing rules too.")] = False,
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
    options = CheckOptions(
        paths=list(paths or []),
        scorecards=list(scorecard or []),
        repo=repo,
        ref=ref,
        fail_below=fail_below,
        strict=strict,
        only=list(only or []),
        locate_fields=output_format.value in ("sarif", "github"),
        config=str(config) if config else None,
        use_config=not no_config,
    )
    with _reported():
        result = run_check(options)
    _emit_diagnostics(result)
    render = get_reporter(output_format.value)
    with _reported():
        report = render(result, _render_options(
            output, verbose, sarif_max=sarif_max, sarif_category=sarif_category,
            markdown_budget=markdown_budget))
        if plan:
            from scorecard_cli.commands.plan import with_plan
            report = with_plan(report, result, output_format.value)
        _write(report, output)
    raise typer.Exit(exit_code(result, strict))


@app.command()
def validate(
    paths: Annotated[Optional[list[str]], typer.Argument(  # noqa: UP045
        help="Catalog files, scorecard files, .scorecard.yaml, or folders to search. "
        "Default: the current folder.", show_default=False)] = None,
) -> None:
    """Validate catalog files, scorecard definitions and .scorecard.yaml against their full
    JSON Schemas (Backstage's name rules and required fields included) and the semantic
    checks of scorecards; every problem, each as file:line:col: message.

    Exit 0 when everything is valid, 2 otherwise.
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
    raise typer.Exit(0 if validation.ok else 2)


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


def main() -> None:
    """Console entry point: a bug becomes a short message and exit 3."""
    # A run is short-lived and builds many small acyclic objects: the cyclic garbage
    # collector only costs time here (measured: 15-25% of a 10,000-entity run).
    gc.disable()
    modules_report = os.environ.get("SCORECARD_DEBUG_MODULES")
    if modules_report:  # a hidden debug aid: which modules did this run import?
        atexit.register(_write_modules, modules_report)
    try:
        app(prog_name="scorecard")
    except KeyboardInterrupt:
        sys.stderr.write("scorecard: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if "--traceback" in sys.argv or os.environ.get("SCORECARD_TRACEBACK"):
            raise
        sys.stderr.write(safe_line(f"scorecard: internal error: {type(exc).__name__}: {exc}")
                         + "\n"
                         "(this is a bug; run again with --traceback and report it)\n")
        sys.exit(3)


register(app)
