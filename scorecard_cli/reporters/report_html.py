"""``scorecard report --format html``: one self-contained page (no network, no external
script, font or image) a lead can put on a screen or print.

Sections: level distribution per scorecard (SVG bars with a table as their text), teams ×
scorecards colored by level, rule pass rates, initiative progress, trends (SVG lines with
a table), and a sortable, filterable entity table. The entity rows travel as JSON inside
the page and are drawn a page at a time, so 10,000 entities open quickly.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

from scorecard_cli.reporters.colors import NONE_HEX, level_hex, text_on
from scorecard_cli.reporters.report_view import (
    failing_rules,
    group_name,
    level_colors,
    team_matrix,
    worst_rules,
)
from scorecard_cli.reporters.svg import bar_chart, line_chart
from scorecard_cli.reporters.text import describe_fix

# Nothing leaves the page: no request of any kind, inline style and script only.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:")


def _asset(name: str) -> str:
    return resources.files("scorecard_cli.reporters").joinpath("assets", name).read_text(
        encoding="utf-8")


def _e(value: object) -> str:
    """Escaped text on one line: no input text ever starts a line of the page."""
    text = "" if value is None else str(value)
    return escape(text.replace("\r", " ").replace("\n", " "), quote=True)


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no '<', '>', '&' or line separators raw, and
    no '##[' (a workflow command to a CI runner; see reporters.guard)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("##[", "#\\u0023[")):
        text = text.replace(raw, escaped)
    return text


def _count(amount: int, one: str, many: str) -> str:
    return f"{amount} {one if amount == 1 else many}"


def _chip(level: str | None, color: str | None) -> str:
    background = level_hex(color) if level else NONE_HEX
    return (f'<span class="chip" style="background:{background};color:{text_on(background)}">'
            f"{_e(level or 'no level')}</span>")


def _levels(report: dict) -> str:
    colors = level_colors(report)
    parts = [('<section id="levels" aria-labelledby="levels-h"><h2 id="levels-h">Levels per '
             'scorecard</h2><div class="cards">')]
    for figures in report["aggregates"]["scorecards"]:
        mine = colors.get(figures["scorecard"], {})
        segments = [(row["level"] or "no level", row["count"],
                     level_hex(mine.get(row["level"])) if row["level"] else NONE_HEX)
                    for row in figures["levels"]]
        whole = figures["entities"] or 1
        rows = "".join(f"<tr><td>{_chip(row['level'], mine.get(row['level']))}</td>"
                       f"<td class=num>{row['count']}</td>"
                       f"<td class=num>{100 * row['count'] / whole:.1f}%</td></tr>"
                       for row in figures["levels"])
        parts.append(
            f'<figure class="card"><figcaption><h3>{_e(figures["title"])}</h3>'
            f'<p>{_count(figures["entities"], "entity", "entities")} · {figures["rulesPassed"]}/'
            f'{figures["rulesTested"]} rules passed ({figures["percentPassed"]}%)</p>'
            f"</figcaption>{bar_chart(figures['title'], segments)}"
            f'<table class="compact"><caption class="sr-only">Entities per level in '
            f'{_e(figures["title"])}</caption><thead><tr><th scope=col>Level</th>'
            f"<th scope=col>Entities</th><th scope=col>Share</th></tr></thead><tbody>{rows}"
            "</tbody></table></figure>")
    return "".join(parts) + "</div></section>"


def _teams(report: dict) -> str:
    scorecards, rows = team_matrix(report)
    head = "".join(f"<th scope=col>{_e(sc['title'])}</th>" for sc in scorecards)
    body = []
    for team, cells in rows:
        tds = []
        for sc in scorecards:
            cell = cells.get(sc["scorecard"])
            if cell is None:
                tds.append('<td class="empty">–</td>')
                continue
            background = level_hex(cell.color) if cell.floor else NONE_HEX
            tds.append(f'<td style="background:{background};color:{text_on(background)}">'
                       f"<strong>{_e(cell.floor or 'no level')}</strong><br>"
                       f"{_count(cell.entities, 'entity', 'entities')} · {cell.percent}%</td>")
        body.append(f"<tr><th scope=row>{_e(team)}</th>{''.join(tds)}</tr>")
    return ('<section id="teams" aria-labelledby="teams-h"><h2 id="teams-h">Teams</h2>'
            "<p>Each cell: the lowest level an entity of the team is at (the team's floor), "
            "its entities, and the share of rules they pass.</p><div class=scroll>"
            f'<table class="matrix"><thead><tr><th scope=col>Team</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div></section>")


def _rules(report: dict) -> str:
    rows = []
    for rule in worst_rules(report):
        rows.append(
            f"<tr><td>{_e(rule['title'])}</td><td>{_e(rule['scorecard'])}</td>"
            f"<td>{_e(rule['level'])}</td><td class=num>{rule['entitiesPassed']}/"
            f"{rule['entitiesTested']}</td><td><span class=rate><span class=bar "
            f'style="width:{rule["percentPassed"]}%"></span></span> '
            f"{rule['percentPassed']}%</td></tr>")
    return ('<section id="rules" aria-labelledby="rules-h"><h2 id="rules-h">Rule pass rates'
            "</h2><p>Least passed first.</p><div class=scroll><table><thead><tr>"
            "<th scope=col>Rule</th><th scope=col>Scorecard</th><th scope=col>Level</th>"
            "<th scope=col>Entities passing</th><th scope=col>Pass rate</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>")


def _initiatives(report: dict) -> str:
    items = report.get("initiatives") or []
    if not items:
        return ""
    parts = [('<section id="initiatives" aria-labelledby="init-h"><h2 id="init-h">Initiatives'
             "</h2>")]
    for row in items:
        flag = ' <span class="overdue">overdue</span>' if row["overdue"] else ""
        teams = "".join(
            f"<tr><th scope=row>{_e(group_name(t['team']))}</th><td class=num>{t['done']}/"
            f"{t['total']}</td><td><progress max=100 value={t['percentDone']} aria-label="
            f"\"{_e(group_name(t['team']))}: {t['percentDone']}%\"></progress> "
            f"{t['percentDone']}%</td></tr>" for t in row["teams"])
        parts.append(
            f'<article class="initiative"><h3>{_e(row["name"])}{flag}</h3>'
            f"<p>{_e(row['description'] or '')} Target <strong>{_e(row['target'])}</strong> "
            f"in {_e(', '.join(row['scorecards']))}, due {_e(row['due'])}: "
            f"{row['done']} of {row['total']} done.</p>"
            f"<progress max=100 value={row['percentDone']} aria-label=\"{_e(row['name'])}: "
            f"{row['percentDone']}% done\"></progress> {row['percentDone']}%"
            f"<table class=compact><thead><tr><th scope=col>Team</th><th scope=col>Done</th>"
            f"<th scope=col>Progress</th></tr></thead><tbody>{teams}</tbody></table></article>")
    return "".join(parts) + "</section>"


def _trends(report: dict) -> str:
    history = report.get("trends")
    if not history:
        return ""
    colors = level_colors(report)
    labels = [point["label"] for point in history["points"]]
    parts = ['<section id="trends" aria-labelledby="trends-h"><h2 id="trends-h">Trends</h2>']
    series_by: dict[str, dict[str, list[int]]] = {}
    for index, point in enumerate(history["points"]):
        for row in point["distribution"]:
            if row["group"] != "*":
                continue
            series = series_by.setdefault(row["scorecard"], {})
            for level, count in [*row["levels"].items(), ("no level", row["none"])]:
                series.setdefault(level, [0] * len(labels))[index] = count
    for scorecard, series in series_by.items():
        mine = colors.get(scorecard, {})
        lines = [(level, counts, level_hex(mine.get(level)) if level in mine else NONE_HEX)
                 for level, counts in series.items()]
        head = "".join(f"<th scope=col>{_e(level)}</th>" for level in series)
        body = "".join(f"<tr><th scope=row>{_e(label)}</th>"
                       + "".join(f"<td class=num>{series[lv][i]}</td>" for lv in series)
                       + "</tr>" for i, label in enumerate(labels))
        parts.append(f'<figure class="card wide"><figcaption><h3>{_e(scorecard)}</h3>'
                     f"</figcaption>{line_chart(scorecard, labels, lines)}"
                     f"<details><summary>Table</summary><table class=compact><thead><tr>"
                     f"<th scope=col>Point</th>{head}</tr></thead><tbody>{body}</tbody></table>"
                     "</details></figure>")
    found = history["regressions"]
    items = "".join(f"<li>{_e(r['entity'])} in {_e(r['scorecard'])}: "
                    f"{_e(r['before'] or 'no level')} → {_e(r['after'] or 'no level')}</li>"
                    for r in found)
    parts.append(f"<h3>Regressed since the previous point ({len(found)})</h3>"
                 + (f"<ul>{items}</ul>" if items else "<p>None.</p>"))
    return "".join(parts) + "</section>"


def _entity_rows(report: dict) -> list[dict]:
    ranks = {sc["id"]: {lv["title"]: i for i, lv in enumerate(sc["levels"])}
             for sc in report["scorecards"]}
    rows = []
    for record in report["results"]:
        color = record.get("levelColor")
        background = level_hex(color) if record.get("level") else NONE_HEX
        rows.append({
            "entity": record["entity"], "title": record.get("title") or "",
            "scorecard": record["scorecard"], "team": group_name(record.get("team")),
            "level": record.get("level") or "no level",
            "rank": ranks.get(record["scorecard"], {}).get(record.get("level"), -1),
            "bg": background, "fg": text_on(background), "status": record.get("status"),
            "passed": record["rulesPassed"], "tested": record["rulesTested"],
            "source": record.get("source") or "",
            "failing": [[rule["title"], rule["level"], rule.get("details") or "",
                         describe_fix(rule.get("fix"))] for rule in failing_rules(record)],
        })
    return rows


def _entities(report: dict) -> str:
    return _asset("entities.html") + (
        f'<script type="application/json" id="entity-data">'
        f"{_script_json(_entity_rows(report))}</script>")


def _nav(report: dict) -> str:
    sections = [("levels", "Levels"), ("teams", "Teams"), ("rules", "Rules")]
    if report.get("initiatives"):
        sections.append(("initiatives", "Initiatives"))
    if report.get("trends"):
        sections.append(("trends", "Trends"))
    links = " ".join(f'<a href="#{key}">{name}</a>' for key, name in [*sections,
                                                                      ("entities", "Entities")])
    return f'<nav aria-label="Sections">{links}</nav>'


def _tiles(report: dict) -> str:
    summary = report["summary"]
    evaluations = summary["evaluations"] or 1
    at_gate = summary["evaluations"] - summary["belowThreshold"]
    tiles = [("Entities", summary["entities"]), ("Evaluations", summary["evaluations"]),
             ("Below their threshold", summary["belowThreshold"]),
             ("At or above their threshold", f"{100 * at_gate / evaluations:.1f}%")]
    return "<dl class=tiles>" + "".join(f"<div><dt>{_e(name)}</dt><dd>{_e(value)}</dd></div>"
                                        for name, value in tiles) + "</dl>"


def _header(report: dict) -> str:
    summary = report["summary"]
    facts = [f"{summary['entities']} entities", (f"{len(report['aggregates']['scorecards'])} "
             "scorecards"), f"{summary['evaluations']} evaluations",
             f"{summary['belowThreshold']} below their threshold"]
    if report.get("generatedAt"):
        facts.append(f"as of {report['generatedAt']}")
    tool = report.get("tool") or {}
    if tool.get("version"):
        facts.append(f"scorecard {tool['version']}")
    return ('<a class="skip" href="#entities">Skip to the entity table</a><header>'
            f"<h1>Scorecard report</h1><p class=meta>{_e(' · '.join(facts))}</p>"
            f"{_nav(report)}{_tiles(report)}</header>")


def render(report: dict) -> str:
    """The whole page as one HTML document."""
    body = (_header(report) + "<main>" + _levels(report) + _teams(report) + _rules(report)
            + _initiatives(report) + _trends(report) + _entities(report) + "</main>")
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
            'content="width=device-width, initial-scale=1"><meta name=color-scheme '
            f'content="light"><meta http-equiv="Content-Security-Policy" content="{CSP}">'
            "<title>Scorecard report</title>"
            f"<style>{_asset('report.css')}</style></head><body>{body}"
            f"<script>{_asset('report.js')}</script></body></html>\n")
