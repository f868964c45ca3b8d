"""``scorecard report`` on a terminal: rich tables of levels, teams, rules, initiatives."""

from __future__ import annotations

import io

from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.report_view import group_name, team_matrix, worst_rules
from scorecard_cli.reporters.styles import LEVEL_STYLES
from scorecard_cli.reporters.text import visible

TOP_RULES = 10


def _shown(value: object) -> str:
    return visible("-" if value is None else value, one_line=True)


def _style(color: str | None) -> str:
    return LEVEL_STYLES.get((color or "").casefold(), "")


def _levels_table(report: dict):
    from rich.table import Table

    table = Table(title="Levels per scorecard", title_justify="left", expand=False)
    for name, justify in (("Scorecard", "left"), ("Entities", "right"), ("Levels", "left"),
                          ("Rules passed", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    colors = {sc["id"]: {lv["title"]: lv.get("color") for lv in sc["levels"]}
              for sc in report["scorecards"]}
    from rich.text import Text

    for figures in report["aggregates"]["scorecards"]:
        levels = Text()
        for row in figures["levels"]:
            name = row["level"] or "no level"
            style = _style(colors.get(figures["scorecard"], {}).get(row["level"]))
            levels.append(f"{_shown(name)} {row['count']}  ", style=style)
        table.add_row(_shown(figures["title"]), str(figures["entities"]), levels,
                      f"{figures['rulesPassed']}/{figures['rulesTested']} "
                      f"({figures['percentPassed']}%)")
    return table


def _teams_table(report: dict):
    from rich.table import Table
    from rich.text import Text

    scorecards, rows = team_matrix(report)
    table = Table(title="Lowest level per team (entities, rules passed)",
                  title_justify="left")
    table.add_column("Team")
    for sc in scorecards:
        table.add_column(_shown(sc["title"]))
    for team, cells in rows:
        shown = []
        for sc in scorecards:
            cell = cells.get(sc["scorecard"])
            shown.append(Text("–") if cell is None else Text(
                f"{_shown(cell.floor or 'no level')} ({cell.entities}, {cell.percent}%)",
                style=_style(cell.color)))
        table.add_row(_shown(team), *shown)
    return table


def _rules_table(report: dict):
    from rich.table import Table

    table = Table(title=f"Rules passed least (top {TOP_RULES})", title_justify="left")
    for name, justify in (("Rule", "left"), ("Scorecard", "left"), ("Level", "left"),
                          ("Passed", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for rule in [r for r in worst_rules(report) if r["entitiesTested"]][:TOP_RULES]:
        table.add_row(_shown(rule["title"]), _shown(rule["scorecard"]), _shown(rule["level"]),
                      f"{rule['entitiesPassed']}/{rule['entitiesTested']} "
                      f"({rule['percentPassed']}%)")
    return table


def _initiatives_table(report: dict):
    from rich.table import Table

    table = Table(title="Initiatives", title_justify="left")
    for name in ("Initiative", "Target", "Due", "Done", "Teams behind"):
        table.add_column(name)
    for row in report["initiatives"]:
        behind = ", ".join(f"{_shown(group_name(t['team']))} {t['done']}/{t['total']}"
                           for t in row["teams"] if t["done"] < t["total"]) or "none"
        due = f"{row['due']} OVERDUE" if row["overdue"] else row["due"]
        table.add_row(_shown(row["name"]), _shown(row["target"]), due,
                      f"{row['done']}/{row['total']} ({row['percentDone']}%)", behind)
    return table


def _regressions(report: dict) -> list[str]:
    history = report.get("trends")
    if not history:
        return []
    found = history["regressions"]
    lines = [(f"Trends: {len(history['points'])} points; {len(found)} regressed since the "
             f"previous one")]
    lines += [f"  {_shown(r['entity'])} in {_shown(r['scorecard'])}: "
              f"{_shown(r['before'] or 'no level')} -> {_shown(r['after'] or 'no level')}"
              for r in found]
    return lines


def render(report: dict, options: RenderOptions) -> str:
    """The report as terminal tables (plain text when not on a terminal)."""
    from rich.console import Console

    sink = io.StringIO()
    console = Console(width=options.width, file=sink, force_terminal=options.terminal,
                      no_color=not options.color, highlight=False, emoji=False)
    summary = report["summary"]
    console.print(f"Scorecard report: {summary['entities']} entities, "
                  f"{summary['evaluations']} evaluations", markup=False)
    console.print(_levels_table(report))
    console.print(_teams_table(report))
    console.print(_rules_table(report))
    if report.get("initiatives"):
        console.print(_initiatives_table(report))
    for line in _regressions(report):
        console.print(line, markup=False)
    return sink.getvalue()
