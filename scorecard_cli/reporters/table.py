"""``--format table``: a row per (entity, scorecard), failing rules and fixes under it.

On a terminal the lines are styled with rich (level colors, NO_COLOR honoured,
wrapped to the width); elsewhere the same lines are plain text, without rich.
"""

from __future__ import annotations

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.text import describe_fix, summary_line, visible

Segment = tuple[str, str]  # (text, rich style or "")

LEVEL_STYLES = {
    "paleblue": "light_sky_blue1", "bronze": "dark_orange3", "silver": "grey70",
    "gold": "gold1", "red": "red", "orange": "orange1", "yellow": "yellow", "green": "green",
    "blue": "blue", "darkgray": "grey50", "purple": "purple", "pink": "pink1",
    "lightgray": "grey82", "turquoise": "turquoise2", "olive": "dark_olive_green3",
}
STATUS_STYLES = {"success": "green", "partial": "yellow", "failed": "red"}
MARKS = {"pass": ("✓", "green"), "fail": ("✗", "red"), "error": ("!", "red bold"),
         "waived": ("~", "cyan")}


def _rule_lines(record: dict, verbose: bool) -> list[list[Segment]]:
    lines = []
    for rule in record["rules"]:
        if rule["passed"] and not verbose:
            continue
        kind = ("pass" if rule["passed"] else "waived" if rule["waived"]
                else "error" if rule["error"] else "fail")
        mark, style = MARKS[kind]
        lines.append([("    ", ""), (mark, style), (f" {_shown(rule['level']):<8} ", "dim"),
                      (_shown(rule["id"]), "bold"), ("  ", ""), (_shown(rule["details"]), "")])
        if rule["waived"]:
            waiver = rule["waiver"]
            text = (f"        waived: {waiver['reason']} (approved by {waiver['approvedBy']}, "
                    f"until {waiver['expires']})")
            lines.append([(_shown(text), "cyan")])
        elif rule["fix"] and not rule["error"]:  # a fix does not cure an evaluation error
            lines.append([("        fix: ", "dim"), (_shown(describe_fix(rule["fix"])), "")])
    return lines


def _shown(value: object) -> str:
    """Text from the input as it may be written: one line, no control characters."""
    return visible(value, one_line=True)


def build_lines(result: RunResult, verbose: bool) -> list[list[Segment]]:
    """Every output line as styled segments (the terminal and plain paths share this)."""
    rows = result.results
    shown = [{key: _shown(r[key] or "-") for key in ("entity", "scorecard", "level")}
             for r in rows]
    widths = [max((len(s[key]) for s in shown), default=0)
              for key in ("entity", "scorecard", "level")]
    lines: list[list[Segment]] = []
    for record, names in zip(rows, shown):
        color = LEVEL_STYLES.get((record["levelColor"] or "").lower(), "")
        below = "  below " + _shown(record["threshold"]) if record["belowThreshold"] else ""
        lines.append([
            (names["entity"].ljust(widths[0]), "bold"), ("  ", ""),
            (names["scorecard"].ljust(widths[1]), ""), ("  ", ""),
            (names["level"].ljust(widths[2]), color + " bold" if color else "bold"), ("  ", ""),
            (record["status"].ljust(7), STATUS_STYLES[record["status"]]), ("  ", ""),
            (f"{record['rulesPassed']}/{record['rulesTested']}", ""), (below, "red bold"),
        ])
        lines.extend(_rule_lines(record, verbose))
    if rows:
        lines.append([("", "")])
    lines.append([(summary_line(result), "bold")])
    return lines


def render(result: RunResult, options: RenderOptions) -> str:
    """The table as text: styled through rich on a terminal, plain otherwise."""
    lines = build_lines(result, options.verbose)
    if not options.terminal:
        return "".join("".join(text for text, _ in line).rstrip() + "\n" for line in lines)
    from rich.console import Console
    from rich.text import Text

    console = Console(width=options.width, force_terminal=True, no_color=not options.color,
                      highlight=False, record=False, file=_Null())
    with console.capture() as capture:
        for line in lines:
            console.print(Text.assemble(*[(t, s or "") for t, s in line]), soft_wrap=False)
    return capture.get()


class _Null:
    """A sink for rich's console; output is captured, never written here."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""
