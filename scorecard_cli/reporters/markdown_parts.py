"""The sections of the Markdown report, each fitted into what is left of the budget."""

from __future__ import annotations

import html
import re
from collections import Counter

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters.markdown import Budget, code, size_of, text
from scorecard_cli.reporters.text import describe_fix, visible

STATUS = {"success": "✅ success", "partial": "🟡 partial", "failed": "❌ failed"}
ICONS = {"error": "❌", "warning": "⚠️", "note": "ℹ️"}
TOP_RULES = 10
MAX_CHARTS = 12
MAX_INPUT_ERRORS = 20
_CHART_UNSAFE = re.compile(r"[^\w .,&()/+-]")


def verdict(result: RunResult) -> str:
    """The gate's verdict in one line."""
    summary = result.summary()
    if summary["errors"]:
        return f"❗ **{summary['errors']} input error(s)**: fix them first (exit 2)."
    below = summary["belowThreshold"]
    if below:
        return f"❌ **The gate fails**: {below:,} evaluation(s) below their level."
    if result.verdict() == "fail":
        return f"❌ **The gate fails**: {summary['findings']['error']:,} failing rule(s) (--strict)."
    if any(record["threshold"] for record in result.results):
        return "✅ **The gate holds**: every evaluation reaches its level."
    return "No gate was asked for (`--fail-below`, `failBelow`): findings are warnings."


def _chart_text(value: object) -> str:
    return " ".join(_CHART_UNSAFE.sub(" ", visible(str(value), one_line=True)).split()) or "?"


def levels(result: RunResult, budget: Budget) -> None:
    """Entities per level per scorecard: a table, then a Mermaid pie per scorecard."""
    counts: dict[str, Counter] = {sc["id"]: Counter() for sc in result.scorecards}
    below: Counter = Counter()
    for record in result.results:
        counts.setdefault(record["scorecard"], Counter())[record["level"]] += 1
        below[record["scorecard"]] += record["belowThreshold"]
    rows = ["### Levels", "",
            "| Scorecard | Evaluations | Entities per level, lowest first | Below the gate |",
            "| --- | --- | --- | --- |"]
    charts = []
    for sc in result.scorecards:
        found = counts[sc["id"]]
        if not found:
            continue
        order = [(None, "no level")] + [(lv["title"], lv["title"]) for lv in sc["levels"]]
        cell = " · ".join(f"{text(label)} {found[key]:,}" for key, label in order
                          if key is not None or found[None])
        rows.append(f"| {text(sc['title'])} | {sum(found.values()):,} | {cell} "
                    f"| {below[sc['id']]:,} |")
        slices = "\n".join(f'    "{_chart_text(label)}" : {found[key]}'
                           for key, label in order if found[key])
        charts.append(f"```mermaid\npie showData\n    title Levels, {_chart_text(sc['title'])}"
                      f"\n{slices}\n```")
    budget.add("\n".join(rows))
    shown = [chart for chart in charts[:MAX_CHARTS] if budget.add(chart)]
    if len(shown) < len(charts):
        budget.left_out.append(f"{len(charts) - len(shown)} level chart(s)")


def input_errors(result: RunResult, budget: Budget) -> None:
    """The input errors, first few of them."""
    errors = sorted(result.errors, key=lambda d: (d.file, d.line, d.column, d.message))
    if not errors:
        return
    items = [f"- {code(f'{d.file}:{d.line}:{d.column}')}: {text(d.message)}"
             for d in errors[:MAX_INPUT_ERRORS]]
    more = len(errors) - len(items)
    if more:
        items.append(f"- … and {more:,} more (every one is on stderr)")
    if not budget.add("### Input errors\n\n" + "\n".join(items)):
        budget.left_out.append(f"{len(errors):,} input error(s)")


def top_rules(result: RunResult) -> str:
    """The rules failing most often (waived ones not counted), as a table."""
    failing: Counter = Counter()
    severities: dict[tuple, Counter] = {}
    meta = {}
    for record in result.results:
        for rule in record["rules"]:
            if rule["passed"] or rule["waived"]:
                continue
            key = (record["scorecard"], rule["id"])
            failing[key] += 1
            severities.setdefault(key, Counter())[rule["severity"]] += 1
            meta.setdefault(key, (record["scorecardTitle"], rule["title"], rule["level"]))
    if not failing:
        return ""
    rows = ["### Top failing rules", "", "| Rule | Scorecard | Level | Failing | Severity |",
            "| --- | --- | --- | --- | --- |"]
    for key, count in sorted(failing.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RULES]:
        scorecard_title, title, level = meta[key]
        seen = " · ".join(f"{ICONS[s]} {severities[key][s]:,}" for s in ICONS
                          if severities[key][s])
        rows.append(f"| {text(title)} ({code('/'.join(key))}) | {text(scorecard_title)} "
                    f"| {text(level)} | {count:,} | {seen} |")
    if len(failing) > TOP_RULES:
        rows.append(f"\n{len(failing) - TOP_RULES:,} more rule(s) fail.")
    return "\n".join(rows)


def below_gate(result: RunResult, budget: Budget, reserve: int) -> None:
    """The evaluations below their gate, as many rows as half of the room allows (the
    other half is for the details that follow)."""
    below = [r for r in result.results if r["belowThreshold"]]
    if not below:
        return
    head = ["### Below the gate", "",
            "| Entity | Team | Scorecard | Level | Gate | Failing rules that gate |",
            "| --- | --- | --- | --- | --- | --- |"]
    share = (budget.room() - reserve) // 2
    size = sum(size_of(line) + 1 for line in head) + 160  # + the 'more' line
    rows = []
    for record in below:
        gating = [rule["id"] for rule in record["rules"] if rule["severity"] == "error"]
        named = ", ".join(code(rule_id) for rule_id in gating[:3])
        row = (f"| {code(record['entity'])} | {text(record.get('team') or '–')} "
               f"| {text(record['scorecardTitle'])} | {text(record['level'] or 'none')} "
               f"| {text(record['threshold'])} | {len(gating)}: {named}"
               f"{' …' if len(gating) > 3 else ''} |")
        size += size_of(row) + 1
        if size > share:
            break
        rows.append(row)
    more = len(below) - len(rows)
    tail = [f"\n… and {more:,} more below the gate." if more else ""]
    if not rows or not budget.add("\n".join(head + rows + tail).rstrip()):
        budget.left_out.append(f"{len(below):,} evaluation(s) below the gate")


def item(record: dict, rule: dict) -> str:
    """One failing (or waived) rule as a list item with its fix."""
    head = (f"**{text(rule['title'])}** ({text(rule['level'])}, "
            f"{text(record['scorecardTitle'])}, {code(record['scorecard'] + '/' + rule['id'])})")
    if rule["waived"]:
        waiver = rule.get("waiver") or {}
        return (f"- ⏭️ {head}: waived: {text(waiver.get('reason'))} (approved by "
                f"{text(waiver.get('approvedBy'))}, until {text(waiver.get('expires'))})")
    icon = ICONS[rule["severity"]]
    if rule["error"]:
        line = f"- {icon} {head}: could not be evaluated: {text(rule['error'])}"
    else:
        line = f"- {icon} {head}: {text(rule['details'])}"
    if rule["fix"]:
        line += f"\\\n  Fix: {text(describe_fix(rule['fix']))}"
    return line


def entity_details(result: RunResult, budget: Budget) -> None:
    """A collapsed block per entity with failing rules, gating ones first, until the
    budget is reached."""
    by_entity: dict[str, list[dict]] = {}
    for record in result.results:
        by_entity.setdefault(record["entity"], []).append(record)
    blocks = []
    for entity, records in by_entity.items():
        failing = [(r, rule) for r in records for rule in r["rules"] if not rule["passed"]]
        if not failing:
            continue
        errors = sum(1 for _, rule in failing if rule["severity"] == "error")
        title = records[0].get("title")
        named = f" — {title}" if title and title != entity.rsplit("/", 1)[-1] else ""
        summary = html.escape(visible(f"{entity}{named}: {len(failing)} failing"
                                      + (f", {errors} fail the gate" if errors else ""),
                                      one_line=True))
        items = "\n".join(item(r, rule) for r, rule in failing)
        icon = "❌" if errors else "⚠️" if any(rule["severity"] == "warning"
                                              for _, rule in failing) else "ℹ️"
        block = f"<details><summary>{icon} {summary}</summary>\n\n{items}\n\n</details>"
        blocks.append((not errors, block))
    if not blocks:
        if not any(rule["waived"] for r in result.results for rule in r["rules"]):
            count = len(result.results)
            budget.add(f"✅ All rules pass in {count} evaluation{'s' if count != 1 else ''}: "
                       "nothing to fix.")
        return
    blocks.sort(key=lambda block: block[0])  # stable: entities that fail the gate first
    if not budget.add("### Failing rules by entity"):
        budget.left_out.append(f"the failing rules of {len(blocks):,} entities")
        return
    shown = 0
    for _, block in blocks:
        if not budget.add(block):
            break
        shown += 1
    if shown < len(blocks):
        budget.left_out.append(f"the failing rules of {len(blocks) - shown:,} more entities")


def every_evaluation(result: RunResult, budget: Budget) -> None:
    """Every (entity, scorecard) row, collapsed, when all of it fits."""
    rows = [f"<details><summary>Every evaluation ({len(result.results):,})</summary>", "",
            "| Entity | Scorecard | Level | Status | Rules passed |",
            "| --- | --- | --- | --- | --- |"]
    for record in result.results:
        level = text(record["level"]) if record["level"] else "none"
        if record["belowThreshold"]:
            level = f"**{level}** (below {text(record['threshold'])})"
        rows.append(f"| {code(record['entity'])} | {text(record['scorecardTitle'])} | {level} "
                    f"| {STATUS[record['status']]} "
                    f"| {record['rulesPassed']}/{record['rulesTested']} |")
    if not budget.add("\n".join(rows) + "\n\n</details>"):
        budget.left_out.append(f"the table of every evaluation ({len(result.results):,} rows)")


def notices(result: RunResult, budget: Budget) -> None:
    """Warnings and notices about the inputs, collapsed."""
    chosen = sorted((d for d in result.diagnostics if d.severity != "error"),
                    key=lambda d: (d.file, d.line, d.column, d.message))
    if not chosen:
        return
    items = "\n".join(f"- {code(f'{d.file}:{d.line}:{d.column}')}: {d.severity}: "
                      f"{text(d.message)}" for d in chosen)
    block = (f"<details><summary>Warnings and notices ({len(chosen):,})</summary>\n\n"
             f"{items}\n\n</details>")
    if not budget.add(block):
        budget.left_out.append(f"{len(chosen):,} warning(s) and notice(s)")
