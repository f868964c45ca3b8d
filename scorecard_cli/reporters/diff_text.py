"""``scorecard diff`` as a table (terminal, CI log) or Markdown (a pull-request comment)."""

from __future__ import annotations

from scorecard_cli.reporters.text import visible

MARKS = {"raised": "▲", "lowered": "▼", "added": "+", "removed": "-", "changed": "~",
         "same": "="}


def _shown(value: object) -> str:
    return visible(value, one_line=True)


def side_name(side: dict) -> str:
    """``main (1a2b3c4d5e6f)``, or ``the working tree``."""
    if side["ref"] is None:
        return "the working tree"
    commit = side["commit"] or ""
    return f"{_shown(side['ref'])} ({commit[:12]})" if commit and commit != side["ref"] else \
        _shown(side["ref"])


def _level(state: dict | None) -> str:
    if state is None:
        return "—"
    return _shown(state["level"]) if state["level"] is not None else "none"


def _visible_rows(doc: dict, everything: bool) -> list[tuple[dict, dict]]:
    return [(entity, row) for entity in doc["entities"] for row in entity["scorecards"]
            if everything or row["change"] != "same" or entity["change"] == "renamed"]


def _entity_name(entity: dict) -> str:
    name = _shown(entity["entity"])
    if entity["change"] == "renamed":
        return f"{name} (renamed from {_shown(entity['previous'])})"
    if entity["change"] in ("added", "removed"):
        return f"{name} ({'new entity' if entity['change'] == 'added' else 'entity removed'})"
    return name


def _rule_notes(row: dict) -> list[tuple[str, str, str]]:
    """(mark, rule id, what happened) for each rule whose verdict changed; a new rule
    that passes and a removed rule that passed change nothing and are left out."""
    notes = [("-", r["id"], f"now fails: {r['details']}") for r in row["newlyFailing"]]
    notes += [("+", r["id"], "now passes") for r in row["newlyPassing"]]
    notes += [("-", r["id"], f"new rule at {r['level']}, failing: {r['details']}")
              for r in row["addedRules"] if not r["passed"]]
    return notes


def summary_text(summary: dict) -> str:
    """``1 raised, 1 lowered; 2 rules newly failing, 1 newly passing; ...``."""
    parts = [f"{summary['raised']} raised, {summary['lowered']} lowered",
             (f"{summary['newlyFailing']} rule{'s' if summary['newlyFailing'] != 1 else ''} "
              f"newly failing, {summary['newlyPassing']} newly passing")]
    moved = [f"{summary[key]} {word}" for key, word in (
        ("entitiesAdded", "added"), ("entitiesRemoved", "removed"),
        ("entitiesRenamed", "renamed")) if summary[key]]
    if moved:
        parts.append("entities: " + ", ".join(moved))
    return "; ".join(parts) + (": a regression" if summary["regression"] else "")


def _definition_lines(doc: dict) -> list[str]:
    lines = []
    for item in doc["scorecards"]:
        name = _shown(item["scorecard"])
        if item["change"] != "changed":
            lines.append(f"scorecard {name} {item['change']}")
            continue
        parts = []
        if item["levels"]:
            parts.append("levels " + " → ".join(
                ", ".join(_shown(t) for t in item["levels"][k]) for k in ("before", "after")))
        for key, word in (("addedRules", "added"), ("removedRules", "removed"),
                          ("changedRules", "changed")):
            if item[key]:
                parts.append(f"rules {word}: {', '.join(_shown(r) for r in item[key])}")
        lines.append(f"scorecard {name} changed: {'; '.join(parts)}")
    return lines


def _cells(rows: list[tuple[dict, dict]]) -> list[tuple[str, str, str, str]]:
    """Table cells; an entity's name only on its first row."""
    cells = []
    previous = None
    for entity, row in rows:
        name = _entity_name(entity) if entity is not previous else ""
        previous = entity
        cells.append((name, _shown(row["scorecard"]),
                      f"{_level(row['before'])} → {_level(row['after'])}",
                      f"{MARKS[row['change']]} {row['change']}"))
    return cells


def render_table(doc: dict, everything: bool = False) -> str:
    """The diff as aligned text: a row per changed (entity, scorecard), rules under it."""
    rows = _visible_rows(doc, everything)
    cells = _cells(rows)
    widths = [max((len(c[i]) for c in cells), default=0) for i in range(3)]
    lines = [f"scorecard diff: {side_name(doc['base'])} → {side_name(doc['head'])}", ""]
    for (_, row), cell in zip(rows, cells):
        lines.append("  ".join(c.ljust(w) for c, w in zip(cell, widths)) + "  " + cell[3])
        lines += [f"    {mark} {_shown(rule)}  {_shown(text)}"
                  for mark, rule, text in _rule_notes(row)]
    if not rows:
        lines.append("no level or rule changed")
    definitions = _definition_lines(doc)
    if definitions:
        lines += ["", *definitions]
    lines += ["", summary_text(doc["summary"])]
    return "\n".join(lines).rstrip(" ") + "\n"


def _md(value: object) -> str:
    """Text safe in a Markdown table cell."""
    text = _shown(value)
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def render_markdown(doc: dict, everything: bool = False) -> str:
    """The diff as a pull-request comment: a verdict, a table, then rule details."""
    summary = doc["summary"]
    verdict = ("❌ **Scorecard regression**" if summary["regression"] else
               "✅ **No scorecard regression**")
    lines = ["## Scorecard diff", "",
             f"{verdict}: {_md(side_name(doc['base']))} → {_md(side_name(doc['head']))}", "",
             _md(summary_text(summary)), ""]
    rows = _visible_rows(doc, everything)
    if rows:
        lines += ["| entity | scorecard | before | after | change |", "|---|---|---|---|---|"]
        for entity, row in rows:
            lines.append(f"| {_md(_entity_name(entity))} | {_md(row['scorecard'])} | "
                         f"{_md(_level(row['before']))} | {_md(_level(row['after']))} | "
                         f"{MARKS[row['change']]} {row['change']} |")
        details = [(e, r, _rule_notes(r)) for e, r in rows if _rule_notes(r)]
        if details:
            lines += ["", "<details><summary>Rules that changed</summary>", ""]
            for entity, row, notes in details:
                lines.append(f"**{_md(entity['entity'])}** · {_md(row['scorecard'])}")
                lines += [f"- {'✅' if mark == '+' else '❌'} `{_shown(rule).replace('`', '')}` "
                          f"{_md(text)}" for mark, rule, text in notes]
                lines.append("")
            lines.append("</details>")
    else:
        lines.append("No level or rule changed.")
    definitions = _definition_lines(doc)
    if definitions:
        lines += ["", *[f"- {_md(line)}" for line in definitions]]
    return "\n".join(lines).rstrip() + "\n"
