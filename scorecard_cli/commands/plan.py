"""``scorecard plan``: what to fix, level by level, for each entity and scorecard."""

from __future__ import annotations

from typing import Annotated

import typer

from scorecard_cli.commands import options as o


def plan(
    paths: o.Paths = None,
    scorecard: o.Scorecards = None,
    repo: o.Repo = None,
    ref: o.Ref = None,
    only: o.Only = None,
    config: o.Config = None,
    no_config: o.NoConfig = False,
    output_format: Annotated[o.TextOrJson, typer.Option(
        "--format", "-f", help="Output format.")] = o.TextOrJson.table,
    output: o.Output = None,
    all_levels: Annotated[bool, typer.Option(
        "--all", help="List every level above the current one, not only the next two.")] = False,
) -> None:
    """The next-level plan: for each entity and scorecard, the rules still failing at the
    next level up, then at the level after, each with its fix.

    A level that holds no rules is reached together with the next level above it that
    holds rules, so a step names the levels it brings along.

    Examples:

      scorecard plan examples/acme -s examples/acme/scorecards

      scorecard plan --only production-readiness --format json
    """
    from scorecard_cli import cli
    from scorecard_cli.core.check import run_check
    from scorecard_cli.core.plan import DEFAULT_STEPS, build_plan, plan_document

    steps = None if all_levels else DEFAULT_STEPS
    with cli._reported():
        result = run_check(o.check_options(paths, scorecard, repo, ref, only, config,
                                           no_config))
    cli._emit_diagnostics(result)
    if output_format is o.TextOrJson.json:
        import json

        report = json.dumps(plan_document(result, steps), indent=2, ensure_ascii=False) + "\n"
    else:
        from scorecard_cli.reporters.plan_text import render_plan

        report = render_plan(build_plan(result, steps))
    with cli._reported():
        cli._write(report, output, "json" if output_format is o.TextOrJson.json else "text")
    raise typer.Exit(2 if result.errors else 0)


def with_plan(report: str | bytes, result: object, output_format: str) -> str | bytes:
    """``check --plan``: the table report followed by the plan section."""
    from scorecard_cli.core.errors import UsageError
    from scorecard_cli.core.plan import build_plan
    from scorecard_cli.reporters.plan_text import plan_section

    if output_format != "table" or not isinstance(report, str):
        raise UsageError("--plan adds a section to the table format; for JSON use "
                         "`scorecard plan --format json`")
    return report + plan_section(build_plan(result))  # type: ignore[arg-type]
