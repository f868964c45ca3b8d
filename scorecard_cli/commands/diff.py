"""``scorecard diff``: levels and rules before and after, between two refs."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from scorecard_cli.commands import options as o


class DiffFormat(str, Enum):
    """Output formats of ``diff``."""

    table = "table"
    json = "json"
    markdown = "markdown"


def diff(
    base: Annotated[str, typer.Option(help="The commit, branch or tag to compare from "
                                      "(e.g. origin/main).", show_default=False)],
    head: Annotated[Optional[str], typer.Option(  # noqa: UP045 - typer needs Optional
        help="The commit, branch or tag to compare to. Default: the working tree.",
        show_default=False)] = None,
    paths: o.Paths = None,
    scorecard: o.Scorecards = None,
    only: o.Only = None,
    config: o.Config = None,
    no_config: o.NoConfig = False,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="Output format; markdown reads well as a pull-request "
        "comment.")] = DiffFormat.table,
    output: o.Output = None,
    fail_on_regression: Annotated[bool, typer.Option(
        "--fail-on-regression", help="Exit 1 when a level dropped or a rule that passed now "
        "fails.")] = False,
    everything: Annotated[bool, typer.Option(
        "--all", help="Also list the (entity, scorecard) pairs that did not change.")] = False,
) -> None:
    """Compare two refs: for each entity and scorecard the level before and after, the
    rules newly failing and newly passing, entities added, removed and renamed, and the
    scorecards whose definition changed.

    Both sides are read from git objects (catalog files, scorecards, .scorecard.yaml and
    source files as they are at that commit); nothing is checked out and neither the
    working tree nor the index is written. Paths and -s files inside the repository are
    read at each ref; files outside it (built-in scorecards) from disk.

    Examples:

      scorecard diff --base origin/main                  # the working tree against main

      scorecard diff --base v1.2 --head HEAD --format markdown --fail-on-regression
    """
    from scorecard_cli import cli
    from scorecard_cli.core.diff import run_diff
    from scorecard_cli.reporters import GUARDS
    from scorecard_cli.reporters.guard import safe_line

    options = o.check_options(paths, scorecard, None, None, only, config, no_config)
    with cli._reported():
        result = run_diff(options, base, head)
    for diagnostic in result.base_diagnostics:
        typer.echo(safe_line(f"at {base}: {diagnostic.format()}"), err=True)
    for diagnostic in result.head_diagnostics:
        typer.echo(safe_line(diagnostic.format()), err=True)
    if output_format is DiffFormat.json:
        import json

        report = json.dumps(result.document, indent=2, ensure_ascii=False) + "\n"
    else:
        from scorecard_cli.reporters.diff_text import render_markdown, render_table

        render = render_markdown if output_format is DiffFormat.markdown else render_table
        report = render(result.document, everything)
    with cli._reported():
        cli._write(report, output, GUARDS.get(output_format.value, "text"))
    raise typer.Exit(2 if result.head_errors else 1 if fail_on_regression and
                     result.regression else 0)
