"""``--format markdown``: a compact summary for PR comments and ``$GITHUB_STEP_SUMMARY``.

A heading, a table of entity × scorecard (level, status, rules passed), then for
each entity with failing rules a short list: level, details, fix. Every piece of
text from the input is escaped, so a ``|`` or ``*`` in a title cannot break the
table or the emphasis (GitHub-flavoured Markdown: tables, ``$`` math).
"""

from __future__ import annotations

import re

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.text import describe_fix, summary_line, visible

HEADING = "## Scorecard results"
STATUS = {"success": "✅ success", "partial": "🟡 partial", "failed": "❌ failed"}
# The ASCII punctuation that can start inline markup in GFM once inside a line
# ('(' and '!' only matter after an escaped '[' ); '$' starts math on GitHub.
_SPECIALS = re.compile(r"([\\`*_\[\]<>|~&$])")
_SPACE = re.compile(r"\s+")


def text(value: object) -> str:
    """Plain text safe inline and in a table cell: one line, specials and control
    characters escaped."""
    return _SPECIALS.sub(r"\\\1", visible(_SPACE.sub(" ", str(value)).strip()))


def code(value: object) -> str:
    """A code span holding ``value`` verbatim (pipes escaped for table cells; control
    characters escaped, as they are not text)."""
    one_line = visible(_SPACE.sub(" ", str(value)).strip())
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line.replace('|', chr(92) + '|')}{pad}{fence}"


def render(result: RunResult, options: RenderOptions) -> str:
    """The Markdown summary, ending with a newline."""
    blocks = [HEADING, text(summary_line(result))]
    if result.results:
        blocks.append(_table(result.results))
        if not any(not rule["passed"] and not rule["waived"]
                   for record in result.results for rule in record["rules"]):
            blocks.append(_all_pass(result.results))
        blocks.extend(_failures(result.results))
    else:
        blocks.append("No entity was evaluated.")
    blocks.extend(_diagnostics(result))
    return "\n\n".join(blocks) + "\n"


def _table(records: list[dict]) -> str:
    rows = ["| Entity | Scorecard | Level | Status | Rules passed |",
            "| --- | --- | --- | --- | --- |"]
    for record in records:
        level = text(record["level"]) if record["level"] else "none"
        if record["belowThreshold"]:
            level = f"**{level}** (below {text(record['threshold'])})"
        rows.append(f"| {code(record['entity'])} | {text(record['scorecardTitle'])} | {level} "
                    f"| {STATUS[record['status']]} "
                    f"| {record['rulesPassed']}/{record['rulesTested']} |")
    return "\n".join(rows)


def _all_pass(records: list[dict]) -> str:
    count = len(records)
    waived = sum(1 for record in records for rule in record["rules"] if rule["waived"])
    plural = "s" if count != 1 else ""
    if waived:
        return f"✅ All rules pass in {count} evaluation{plural}, {waived} of them by waiver."
    return f"✅ All rules pass in {count} evaluation{plural}: nothing to fix."


def _failures(records: list[dict]) -> list[str]:
    """A heading and a list per entity that has failing (or waived) rules."""
    blocks: list[str] = []
    by_entity: dict[str, list[dict]] = {}
    for record in records:
        by_entity.setdefault(record["entity"], []).append(record)
    for entity, entity_records in by_entity.items():
        items = [_item(record, rule) for record in entity_records
                 for rule in record["rules"] if not rule["passed"]]
        if items:
            title = entity_records[0].get("title")
            named = title and title != entity.rsplit("/", 1)[-1]  # not just the name again
            suffix = f" — {text(title)}" if named else ""
            blocks.append(f"#### {code(entity)}{suffix}\n\n" + "\n".join(items))
    if blocks:
        waived = any(rule["waived"] for record in records for rule in record["rules"])
        blocks.insert(0, "### Failing and waived rules" if waived else "### Failing rules")
    return blocks


def _item(record: dict, rule: dict) -> str:
    head = (f"**{text(rule['title'])}** ({text(rule['level'])}, "
            f"{text(record['scorecardTitle'])}, {code(record['scorecard'] + '/' + rule['id'])})")
    if rule["waived"]:
        waiver = rule.get("waiver") or {}
        return (f"- ⏭️ {head}: waived: {text(waiver.get('reason'))} (approved by "
                f"{text(waiver.get('approvedBy'))}, until {text(waiver.get('expires'))})")
    if rule["error"]:
        line = f"- ❗ {head}: could not be evaluated: {text(rule['error'])}"
    else:
        line = f"- ❌ {head}: {text(rule['details'])}"
    if rule["fix"]:
        line += f"\\\n  Fix: {text(describe_fix(rule['fix']))}"
    return line


def _diagnostics(result: RunResult) -> list[str]:
    ordered = sorted(result.diagnostics, key=lambda d: (d.file, d.line, d.column, d.message))
    blocks = []
    for title, chosen in (("Input errors", [d for d in ordered if d.severity == "error"]),
                          ("Warnings and notices",
                           [d for d in ordered if d.severity != "error"])):
        if chosen:
            items = "\n".join(
                f"- {code(f'{d.file}:{d.line}:{d.column}')}: "
                + (f"{d.severity}: " if d.severity != "error" else "") + text(d.message)
                for d in chosen)
            blocks.append(f"### {title}\n\n{items}")
    return blocks
