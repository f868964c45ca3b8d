"""``scorecard fix``: the fixes of failing rules as a diff, or written with ``--apply``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from scorecard_cli.commands import options as o


def fix(
    paths: o.Paths = None,
    rule: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045 - typer needs Optional
        "--rule", help="Only the fixes of this rule id; repeatable.", show_default=False)] = None,
    entity: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--entity", help="Only this entity: a reference, a glob over references "
        "(component:default/pay*) or a name; repeatable.", show_default=False)] = None,
    apply: Annotated[bool, typer.Option(
        "--apply", help="Write the changes (default: print them as a unified diff).")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace files that exist with the suggested content.")] = False,
    scorecard: o.Scorecards = None,
    only: o.Only = None,
    config: o.Config = None,
    no_config: o.NoConfig = False,
) -> None:
    """Fix failing rules: create missing files from their suggested content, set catalog
    fields, add list items and links — keeping comments, key order, quoting and
    indentation of catalog files (YAML and Port JSON).

    Without --apply, prints what would change as a unified diff. Never writes outside the
    repository, into .git, or through a symbolic link; never replaces an existing file
    without --force; every file is written atomically. Fixes it cannot make here
    (another tool's action, a value nobody can guess) are listed on stderr.

    Exit 0, or 1 when a change was refused, 2 for input errors.

    Examples:

      scorecard fix                                   # what would change, as a diff

      scorecard fix --rule has-readme --entity payments --apply
    """
    from scorecard_cli import cli
    from scorecard_cli.core.check import evaluate, prepare
    from scorecard_cli.core.fix.collect import FixOptions, collect
    from scorecard_cli.core.fix.writes import apply_plan, render_diff
    from scorecard_cli.reporters.guard import safe_line
    from scorecard_cli.reporters.text import describe_fix

    options = o.check_options(paths, scorecard, None, None, only, config, no_config)
    with cli._reported():
        run = prepare(options)
        result = evaluate(run, options)
        plan = collect(run, result, FixOptions(list(rule or []), list(entity or []), force),
                       options.cwd)
    cli._emit_diagnostics(result)
    refused = [f"not applied: {item.what}: {item.reason}" for item in plan.not_applied
               if item.refused]
    for item in plan.not_applied:
        if not item.refused:
            shown = f" ({describe_fix(item.fix)})" if item.fix else ""
            typer.echo(safe_line(f"shown, not applied: {item.what}: {item.reason}{shown}"),
                       err=True)
    if not apply:
        with cli._reported():
            cli._write(render_diff(plan), None)
    else:
        written, failed = apply_plan(plan, force)
        for change in written:
            verb = "created" if change.old is None else "edited"
            typer.echo(safe_line(f"{verb} {change.display}"))
        refused += [f"not written: {message}" for message in failed]
    for message in refused:
        typer.echo(safe_line(message), err=True)
    if not plan.changes:
        typer.echo("nothing to change", err=True)
    raise typer.Exit(2 if result.errors else 1 if refused else 0)
