"""``scorecard explain``: one rule in words; for an entity, the value found and where."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from scorecard_cli.commands import options as o


def explain(
    scorecard_id: Annotated[str, typer.Argument(metavar="SCORECARD_ID",
                                                help="The scorecard's id.")],
    rule_id: Annotated[str, typer.Argument(metavar="RULE_ID", help="The rule's id.")],
    entity: Annotated[Optional[str], typer.Argument(  # noqa: UP045 - typer needs Optional
        metavar="[ENTITY]", help="An entity reference (component:default/payments), or a "
        "name only one entity has.", show_default=False)] = None,
    catalog: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--catalog", help="Catalog files or folders to find ENTITY in; repeatable. "
        "Default: the current folder.", show_default=False)] = None,
    scorecard: o.Scorecards = None,
    repo: o.Repo = None,
    ref: o.Ref = None,
    config: o.Config = None,
    no_config: o.NoConfig = False,
    output_format: Annotated[o.TextOrJson, typer.Option(
        "--format", "-f", help="Output format.")] = o.TextOrJson.table,
) -> None:
    """Explain a rule: its description and what it checks, in words; with ENTITY, the
    outcome for that entity, each value the rule read and where it came from (file:line).

    Examples:

      scorecard explain production-readiness has-owner -s examples/acme/scorecards

      scorecard explain production-readiness has-owner payments \\
          -s examples/acme/scorecards --catalog examples/acme
    """
    from scorecard_cli import cli
    from scorecard_cli.core.check import prepare
    from scorecard_cli.core.explain import explain as build
    from scorecard_cli.reporters.guard import safe_line

    options = o.check_options(catalog, scorecard, repo, ref, None, config, no_config)
    with cli._reported():
        run = prepare(options)
        doc = build(run, options, scorecard_id, rule_id, entity)
    for diagnostic in sorted([*run.definitions.diagnostics, *run.problems,
                              *run.catalog.diagnostics], key=lambda d: (d.file, d.line)):
        typer.echo(safe_line(diagnostic.format()), err=True)
    if output_format is o.TextOrJson.json:
        import json

        cli._write(json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n", None,
                   "json")
    else:
        from scorecard_cli.reporters.explain_text import render_explanation

        cli._write(render_explanation(doc), None)
