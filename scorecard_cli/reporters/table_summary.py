"""The summary block under the table: entities per level for each scorecard, the rules
failing most, the counts, and the gate verdict (what the exit code will say, and why)."""

from __future__ import annotations

from collections import Counter

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from scorecard_cli.core.gate import Gate
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.styles import level_text, shown
from scorecard_cli.reporters.text import summary_line

TOP_RULES = 5


def _levels(result: object) -> Table | None:
    per_scorecard: dict[str, Counter] = {}
    for record in result.results:  # type: ignore[attr-defined]
        per_scorecard.setdefault(record["scorecard"], Counter())[record["level"]] += 1
    if not per_scorecard:
        return None
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False,
                  title="Entities per level", title_justify="left", title_style="bold")
    table.add_column("Scorecard", overflow="fold")
    table.add_column("lowest → highest")
    for scorecard in result.scorecards:  # type: ignore[attr-defined]
        counts = per_scorecard.get(scorecard["id"])
        if counts is None:
            continue
        cell = Text()
        for level in scorecard["levels"]:
            cell.append_text(level_text(level["title"], level["color"]))
            cell.append(f" {counts.get(level['title'], 0)}   ")
        if counts.get(None):
            cell.append(f"no level {counts[None]}", style="red")
        cell.rstrip()
        table.add_row(shown(scorecard["id"]), cell)
    return table


def _top_rules(result: object) -> Table | None:
    failing: Counter = Counter()
    titles: dict[tuple[str, str], tuple[str, str]] = {}
    for record in result.results:  # type: ignore[attr-defined]
        for rule in record["rules"]:
            if not rule["passed"] and not rule["waived"]:
                key = (record["scorecard"], rule["id"])
                failing[key] += 1
                titles[key] = (rule["level"], rule["title"])
    if not failing:
        return None
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False,
                  title=f"Rules failing most (top {TOP_RULES})", title_justify="left",
                  title_style="bold")
    table.add_column("Failing", justify="right", no_wrap=True)
    table.add_column("Rule", no_wrap=True, overflow="fold")
    table.add_column("Level", no_wrap=True)
    table.add_column("Title", overflow="fold")
    ranked = sorted(failing.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
    for (scorecard, rule), count in ranked:
        level, title = titles[(scorecard, rule)]
        table.add_row(str(count), f"{shown(scorecard)}/{shown(rule)}", shown(level),
                      shown(title))
    return table


def verdict_text(result: object, gate: Gate) -> Text:
    """One line: did the gate pass, why, and the exit code."""
    v = gate.verdict
    code = v.code
    thresholds = sorted({shown(r["threshold"])
                         for r in result.results  # type: ignore[attr-defined]
                         if r["threshold"] is not None})
    asked = (f" {thresholds[0]}" if len(thresholds) == 1
             else f" their threshold ({', '.join(thresholds)})")
    exit_note = f"exit {code}" + (" with --exit-zero" if v.exit_zero and v.failed
                                  and not v.errors else "")
    reasons = []
    if v.errors:
        reasons.append(f"{v.errors} input error{'s' if v.errors != 1 else ''}")
    if v.below:
        reasons.append(f"{v.below} of {v.gated} evaluation{'s' if v.gated != 1 else ''} "
                       f"below{asked}")
    if v.strict_failures:
        reasons.append(f"{v.strict_failures} evaluation{'s' if v.strict_failures != 1 else ''}"
                       " with a failing rule (--strict)")
    if reasons:
        return Text.assemble(("✗ gate failed: ", "red bold"), "; ".join(reasons),
                             f" — {exit_note}")
    if v.gated or gate.strict:
        what = (f"{v.gated} of {v.gated} evaluation{'s' if v.gated != 1 else ''} at or "
                f"above{asked}" if v.gated else "no rule fails (--strict)")
        return Text.assemble(("✓ gate passed: ", "green bold"), what, f" — {exit_note}")
    return Text.assemble(("no gate: ", "bold"), "nothing asked for a level (--fail-below LEVEL"
                         " or failBelow in .scorecard.yaml)", f" — {exit_note}")


def summary_block(result: object, gate: Gate, options: RenderOptions) -> list[RenderableType]:
    """What goes under the table; with ``quiet``, only the verdict."""
    if options.quiet:
        return [verdict_text(result, gate)]
    parts: list[RenderableType] = []
    for table in (_levels(result), _top_rules(result)):
        if table is not None:
            parts += [table, Text("")]
    parts += [Text(summary_line(result), style="bold"), verdict_text(result, gate)]
    return parts
