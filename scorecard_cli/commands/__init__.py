"""Thin CLI functions of the commands beyond ``check``: each parses its options, calls its
core module and renders; ``register`` adds them to the Typer app."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add ``plan``, ``fix``, ``explain``, ``diff``, ``report`` and ``badge`` to the app."""
    from scorecard_cli.commands import diff, explain, fix, plan, report

    app.command(name="plan")(plan.plan)
    app.command(name="fix")(fix.fix)
    app.command(name="explain")(explain.explain)
    app.command(name="diff")(diff.diff)
    app.command(name="report")(report.report)
    app.command(name="badge")(report.badge)
