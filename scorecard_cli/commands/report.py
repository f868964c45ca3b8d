"""``scorecard report`` and ``scorecard badge``: the catalog at a glance, and level badges."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from scorecard_cli.commands import options as o
from scorecard_cli.core.check import CheckOptions

FromFiles = Annotated[Optional[list[Path]], typer.Option(  # noqa: UP045 - typer needs Optional
    "--from", help="Result files (check --format json) to merge instead of evaluating; "
    "repeatable. Shards and repositories merge into one catalog; files of different dates "
    "or commits also give trends.", show_default=False)]
GroupBy = Annotated[str, typer.Option(
    "--group-by", help="Group the figures by 'team' (the owner) or by any property path "
    "(e.g. spec.system, metadata.labels.tier).")]


class ReportFormat(str, Enum):
    """Output formats of ``report``."""

    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


def _report_document(paths: list[str] | None, from_files: list[Path] | None,
                     options: CheckOptions, group_by: str) -> tuple[dict, list]:
    """The report document and its notices, from result files or a fresh run."""
    from scorecard_cli import cli
    from scorecard_cli.core.check import run_check, run_config
    from scorecard_cli.core.clock import run_clock, utc_date
    from scorecard_cli.core.errors import UsageError
    from scorecard_cli.core.report import build_report, report_from_files

    with cli._reported():
        today = utc_date(options.now if options.now is not None
                         else run_clock(None, os.environ))
        if from_files:
            if paths:
                raise UsageError("give catalog PATHS to evaluate or --from result files, "
                                 "not both")
            config = run_config(options)
            built = report_from_files([str(f) for f in from_files], os.getcwd(),
                                      config.initiatives, today, group_by)
            return built.document, built.notices
        result = run_check(options)
        cli._emit_diagnostics(result)
        document = result.document()
        if not document["results"]:
            raise UsageError("no entity was evaluated: nothing to report")
        return build_report(document, result.initiatives, today, group_by), []


# How each format escapes what the output guard rewrites (see reporters.guard).
_GUARDS = {"json": "json", "markdown": "xml", "html": "xml"}


def _render(report: dict, output_format: ReportFormat, output: Path | None) -> str | bytes:
    if output_format is ReportFormat.json:
        import orjson

        return orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"
    if output_format is ReportFormat.markdown:
        from scorecard_cli.reporters.report_markdown import render

        return render(report)
    if output_format is ReportFormat.html:
        from scorecard_cli.reporters.report_html import render as render_html

        return render_html(report)
    from scorecard_cli import cli
    from scorecard_cli.reporters.report_table import render as render_table

    return render_table(report, cli._render_options(output, False))


def report(
    paths: o.Paths = None,
    from_files: FromFiles = None,
    output_format: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="Output format; html is one self-contained page.")
    ] = ReportFormat.table,
    output: o.Output = None,
    group_by: GroupBy = "team",
    badges: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        help="Also write a level badge (SVG) per entity and scorecard into this folder.",
        show_default=False)] = None,
    scorecard: o.Scorecards = None,
    repo: o.Repo = None,
    ref: o.Ref = None,
    only: o.Only = None,
    config: o.Config = None,
    no_config: o.NoConfig = False,
    now: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="The run's clock (ISO date-time; default SOURCE_DATE_EPOCH, else now): for "
        "time-relative rules, what is overdue, and the generatedAt of the result.",
        show_default=False)] = None,
) -> None:
    """The whole catalog at a glance: level distribution per scorecard, teams × scorecards,
    rule pass rates, initiative progress, and trends across result files.

    Evaluates PATHS like `check`, or merges result files with --from (many repositories'
    or shards' CI runs; the newest result of each entity and scorecard wins).

    Examples:

      scorecard report examples/acme -s examples/acme/scorecards

      scorecard report --from shard-1.json --from shard-2.json --format html -o report.html

      scorecard report --from monday.json --from friday.json --format markdown
    """
    from scorecard_cli import cli
    from scorecard_cli.core.clock import run_clock
    from scorecard_cli.reporters.guard import safe_line

    options = o.check_options(paths, scorecard, repo, ref, only, config, no_config)
    options.group_by = group_by
    with cli._reported():
        options.now = None if now is None else run_clock(now, {})
    document, notices = _report_document(paths, from_files, options, group_by)
    for notice in notices:
        typer.echo(safe_line(notice.format()), err=True)
    with cli._reported():
        cli._write(_render(document, output_format, output), output,
                   _GUARDS.get(output_format.value, "text"))
        if badges is not None:
            _write_badges(document["results"], badges)
    raise typer.Exit(2 if document["summary"].get("errors") else 0)


def _write_badges(results: list[dict], folder: Path) -> None:
    from scorecard_cli import cli
    from scorecard_cli.reporters.badge import badge_files

    for relative, svg in badge_files(results):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        cli._write(svg, target, "xml")


def badge(
    entity: Annotated[str, typer.Option(help="The entity reference, e.g. "
                                        "component:default/payments (case-insensitive).")],
    scorecard_id: Annotated[str, typer.Option("--scorecard", help="The scorecard id.")],
    paths: o.Paths = None,
    from_files: FromFiles = None,
    output: o.Output = None,
    scorecard: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--scorecard-file", "-s", help="Scorecard file or folder; repeatable. Replaces the "
        "built-in scorecards.", show_default=False)] = None,
    config: o.Config = None,
    no_config: o.NoConfig = False,
) -> None:
    """Write an SVG badge of the level one entity reaches in one scorecard, for a README.

    Examples:

      scorecard badge --entity component:default/payments --scorecard production-readiness -o badge.svg

      scorecard badge --entity service:checkout --scorecard ownership --from results.json
    """
    from scorecard_cli import cli
    from scorecard_cli.core.errors import UsageError
    from scorecard_cli.reporters.badge import record_badge

    options = o.check_options(paths, scorecard, None, None, None, config, no_config)
    document, _ = _report_document(paths, from_files, options, "team")
    wanted = (entity.casefold(), scorecard_id)
    found = [r for r in document["results"]
             if (r["entity"].casefold(), r["scorecard"]) == wanted]
    with cli._reported():
        if not found:
            known = sorted({r["scorecard"] for r in document["results"]
                            if r["entity"].casefold() == wanted[0]})
            hint = (f"it is graded by: {', '.join(known)}" if known
                    else "no such entity was evaluated")
            raise UsageError(f"no result for {entity} in scorecard {scorecard_id!r} ({hint})")
        cli._write(record_badge(found[0]), output, "xml")
