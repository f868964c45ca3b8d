"""``scorecard report --format markdown``: the catalog at a glance, for a PR or a wiki.

Level distribution per scorecard (a Mermaid pie and a table), teams × scorecards, the
rules failing most, initiative progress, and trends with the regressions since the
previous result file. Every piece of text from the input is escaped.
"""

from __future__ import annotations

from scorecard_cli.reporters.markdown import text
from scorecard_cli.reporters.report_view import group_name, team_matrix, worst_rules

TOP_RULES = 20


def _heading(report: dict) -> list[str]:
    summary = report["summary"]
    parts = [f"{summary['entities']} entities", (f"{len(report['aggregates']['scorecards'])} "
             f"scorecards"), f"{summary['evaluations']} evaluations"]
    if report.get("generatedAt"):
        parts.append(f"as of {text(report['generatedAt'])}")
    return ["## Scorecard report", " · ".join(parts)]


def _mermaid_label(value: object) -> str:
    return str(value).replace('"', "'").replace("\n", " ")


def _levels(figures: dict) -> list[str]:
    rows = [(row["level"] or "no level", row["count"]) for row in figures["levels"]]
    pie = ["```mermaid", f'pie showData title "{_mermaid_label(figures["title"])}"']
    pie += [f'    "{_mermaid_label(level)}" : {count}' for level, count in rows if count]
    table = ["| Level | Entities | Share |", "| --- | ---: | ---: |"]
    whole = figures["entities"] or 1
    table += [f"| {text(level)} | {count} | {100 * count / whole:.1f}% |" for level, count in rows]
    lines = [f"### {text(figures['title'])}",
             (f"{figures['entities']} entities · {figures['rulesPassed']}/"
             f"{figures['rulesTested']} rules passed ({figures['percentPassed']}%)")]
    return lines + ["\n".join(pie + ["```"]) if any(c for _, c in rows) else "",
                    "\n".join(table)]


def _teams(report: dict) -> list[str]:
    scorecards, rows = team_matrix(report)
    if not rows:
        return []
    head = "| Team | " + " | ".join(text(sc["title"]) for sc in scorecards) + " |"
    lines = ["### By team",
             ("Each cell: the lowest level an entity of the team is at, its entities, and "
             "the rules they pass."), head, "| --- |" + " --- |" * len(scorecards)]
    for team, cells in rows:
        shown = []
        for sc in scorecards:
            cell = cells.get(sc["scorecard"])
            shown.append("–" if cell is None else
                         f"{text(cell.floor or 'no level')} ({cell.entities}, {cell.percent}%)")
        lines.append(f"| {text(team)} | " + " | ".join(shown) + " |")
    return ["\n".join(lines[:2]), "\n".join(lines[2:])]


def _rules(report: dict) -> list[str]:
    rules = [r for r in worst_rules(report) if r["entitiesTested"]][:TOP_RULES]
    if not rules:
        return []
    lines = ["| Rule | Scorecard | Level | Passed | % |", "| --- | --- | --- | ---: | ---: |"]
    lines += [f"| {text(r['title'])} | {text(r['scorecard'])} | {text(r['level'])} | "
              f"{r['entitiesPassed']}/{r['entitiesTested']} | {r['percentPassed']}% |"
              for r in rules]
    return [f"### Rules passed least (top {len(rules)})", "\n".join(lines)]


def _initiatives(report: dict) -> list[str]:
    rows = report.get("initiatives") or []
    if not rows:
        return []
    lines = ["| Initiative | Target | Due | Done | Teams behind |",
             "| --- | --- | --- | ---: | --- |"]
    for row in rows:
        due = f"{row['due']} **overdue**" if row["overdue"] else row["due"]
        behind = ", ".join(f"{text(group_name(t['team']))} {t['done']}/{t['total']}"
                           for t in row["teams"] if t["done"] < t["total"]) or "none"
        lines.append(f"| {text(row['name'])} | {text(row['target'])} | {due} | "
                     f"{row['done']}/{row['total']} ({row['percentDone']}%) | {behind} |")
    return ["### Initiatives", "\n".join(lines)]


def _trends(report: dict) -> list[str]:
    history = report.get("trends")
    if not history:
        return []
    blocks = ["### Trends"]
    by_scorecard: dict[str, list[tuple[str, dict]]] = {}
    for point in history["points"]:
        for row in point["distribution"]:
            if row["group"] == "*":
                by_scorecard.setdefault(row["scorecard"], []).append((point["label"], row))
    for scorecard, series in by_scorecard.items():
        levels = list(series[-1][1]["levels"])
        head = "| Point | " + " | ".join(text(lv) for lv in levels) + " | no level |"
        lines = [head, "| --- |" + " ---: |" * (len(levels) + 1)]
        lines += [f"| {text(label)} | " + " | ".join(str(row["levels"].get(lv, 0))
                                                     for lv in levels) + f" | {row['none']} |"
                  for label, row in series]
        blocks += [f"**{text(scorecard)}**", "\n".join(lines)]
    regressions = history["regressions"]
    if regressions:
        blocks.append(f"**Regressed since the previous point ({len(regressions)})**")
        blocks.append("\n".join(f"- {text(r['entity'])} in {text(r['scorecard'])}: "
                                f"{text(r['before'] or 'no level')} → "
                                f"{text(r['after'] or 'no level')}" for r in regressions))
    else:
        blocks.append("No entity regressed since the previous point.")
    return blocks


def render(report: dict) -> str:
    """The Markdown report, ending with a newline."""
    blocks = _heading(report)
    for figures in report["aggregates"]["scorecards"]:
        blocks += _levels(figures)
    blocks += _teams(report) + _rules(report) + _initiatives(report) + _trends(report)
    return "\n\n".join(b for b in blocks if b) + "\n"
