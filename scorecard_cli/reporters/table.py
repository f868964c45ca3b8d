"""``--format table``: a rich table of every (entity, scorecard) evaluation, the failing
rules under each entity, then the summary block (``table_summary``).

Columns: entity, scorecard, level (in its color), status, rules passed/tested, and the
catalog file as ``path:line`` (what editors and terminals jump to). When the location
column does not fit the width, the location moves onto its own line under the entity,
unbroken, so that rows never wrap into each other; long references wrap inside their
cells. The same rendering goes to a terminal (with color) and to a pipe or file
(plain text, no escape codes).
"""

from __future__ import annotations

import re
from itertools import groupby

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.gate import Gate
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.styles import MARKS, STATUS_STYLES, level_text, shown
from scorecard_cli.reporters.table_summary import summary_block
from scorecard_cli.reporters.text import describe_fix

HEADERS = ("Entity", "Scorecard", "Level", "Status", "Passed", "Location")
SHRINKABLE = (0, 1)  # entity and scorecard wrap inside their cells when space is short
MIN_SHRUNK = 6
MIN_WIDTH = 40  # narrower terminals get 40 columns (and wrap them)
GAP = 2  # spaces between columns
INDENT = 4  # where a failing rule's text starts: after the mark, right-aligned in 3 cells
def _location(record: dict) -> str:
    return f"{shown(record['source'])}:{record['line']}"


def _cells(record: dict) -> list[str]:
    return [shown(record["entity"]), shown(record["scorecard"]), shown(record["level"] or "-"),
            record["status"], f"{record['rulesPassed']}/{record['rulesTested']}",
            _location(record)]


def column_widths(records: list[dict], width: int) -> tuple[list[int], bool]:
    """Widths of the columns and whether the location column is shown (it is when every
    column fits at its natural width; else the location goes under the entity)."""
    natural = [cell_len(h) for h in HEADERS]
    for record in records:
        natural = [max(n, cell_len(c)) for n, c in zip(natural, _cells(record))]
    if sum(natural) + GAP * (len(natural) - 1) <= width:
        return natural, True
    widths = natural[:-1]
    excess = sum(widths) + GAP * (len(widths) - 1) - width
    while excess > 0:  # take from the widest shrinkable column, one cell at a time
        index = max(SHRINKABLE, key=lambda i: widths[i])
        if widths[index] <= MIN_SHRUNK:
            break
        widths[index] -= 1
        excess -= 1
    return widths, False


_CODE = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING = re.compile(r"(?:\s|\x1b\[[0-9;]*m)+$")  # cell padding, styled or not
_BREAKS = re.compile(r"(?<=[/:.\-])")


def _codes_only(match: re.Match) -> str:
    """The escape codes of a line's trailing padding, without the spaces."""
    return "".join(_CODE.findall(match.group()))


def broken(text: str, width: int) -> str:
    """``text`` with line breaks after ``/ : . -`` so that each line fits ``width`` where
    it can (rich folds what still does not): a reference wraps where a reader expects."""
    if cell_len(text) <= width:
        return text
    lines = [""]
    for piece in _BREAKS.split(text):
        if lines[-1] and cell_len(lines[-1] + piece) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)


def _rule_kind(rule: dict) -> str:
    return ("pass" if rule["passed"] else "waived" if rule["waived"]
            else "error" if rule["error"] else "fail")


def _rule_rows(record: dict, rule: dict) -> list[tuple[Text, Text]]:
    mark, style = MARKS[_rule_kind(rule)]
    head = Text.assemble((f"{shown(record['scorecard'])}/{shown(rule['id'])}", "bold"),
                         (f" ({shown(rule['level'])})", "dim"), "  ")
    if rule["error"]:
        head.append(shown(f"could not be evaluated: {rule['error']}"))
    else:
        head.append(shown(rule["details"]))
    rows = [(Text(mark, style=style), head)]
    if rule["waived"]:
        waiver = rule["waiver"]
        rows.append((Text(""), Text(shown(
            f"waived: {waiver['reason']} (approved by {waiver['approvedBy']}, "
            f"until {waiver['expires']})"), style="cyan")))
    elif rule["fix"] and not rule["error"]:  # a fix does not cure an evaluation error
        rows.append((Text(""), Text.assemble(("fix: ", "dim"), shown(describe_fix(rule["fix"])))))
    return rows


def _shown_rules(record: dict, gate: Gate, options: RenderOptions) -> list[dict]:
    if options.quiet:
        return [rule for rule in record["rules"] if gate.rule_fails(rule)]
    return [rule for rule in record["rules"] if options.verbose or not rule["passed"]]


def _entity_block(records: list[dict], widths: list[int], wide: bool, gate: Gate,
                  options: RenderOptions, console: Console) -> list[RenderableType]:
    table = _table(widths)
    for index, record in enumerate(records):
        first = index == 0
        cells: list[RenderableType] = [
            Text(broken(shown(record["entity"]), widths[0]) if first else "", style="bold"),
            broken(shown(record["scorecard"]), widths[1]),
            level_text(record["level"], record["levelColor"]),
            Text(record["status"], style=STATUS_STYLES[record["status"]]),
            Text(f"{record['rulesPassed']}/{record['rulesTested']}"),
        ]
        if wide:
            cells.append(_location(record) if first else "")
        table.add_row(*cells)
    rows: list[tuple[Text, Text]] = []
    if not wide:
        rows.append((Text(""), Text(_location(records[0]), style="dim")))
    for record in records:
        for rule in _shown_rules(record, gate, options):
            rows.extend(_rule_rows(record, rule))
    return [table, _hanging(rows, console)] if rows else [table]


def _hanging(rows: list[tuple[Text, Text]], console: Console) -> Text:
    """Each (mark, text) as lines wrapped under the text's first character: the mark
    right-aligned in the first three cells. One Text, already wrapped to the width (rich
    then only splits it into lines: a grid per entity costs twice as much)."""
    width = console.width - INDENT
    out = Text(end="")
    for mark, text in rows:
        lines = [text] if text.cell_len <= width else text.wrap(console, width, overflow="fold")
        for index, line in enumerate(lines):
            out.append(" " * (INDENT - 1 - mark.cell_len) if index == 0 else " " * INDENT)
            if index == 0:
                out.append_text(mark)
                out.append(" ")
            out.append_text(line)
            out.append("\n")
    out.right_crop(1)  # print ends the last line
    return out


def _table(widths: list[int], header: bool = False) -> Table:
    table = Table(box=None, show_header=header, header_style="bold", pad_edge=False,
                  padding=(0, GAP // 2), show_edge=False)
    for index, width in enumerate(widths):
        table.add_column(HEADERS[index], width=width, no_wrap=index not in SHRINKABLE,
                         overflow="fold", justify="right" if index == 4 else "left")
    return table


def renderables(result: RunResult, options: RenderOptions, console: Console
                ) -> list[RenderableType]:
    """The table (a header, then a block per entity) and the summary block."""
    gate = Gate(result, options.exit_zero)
    records = result.results
    if options.quiet:
        records = [r for r in records if gate.record_fails(r)]
    widths, wide = column_widths(records, console.width)
    parts: list[RenderableType] = []
    if records:
        parts.append(_table(widths, header=True))
        parts.append(Text("─" * min(sum(widths) + GAP * (len(widths) - 1), console.width),
                          style="dim"))
        for _, group in groupby(records, key=lambda r: r["entity"]):
            parts.extend(_entity_block(list(group), widths, wide, gate, options, console))
        parts.append(Text(""))
    parts.extend(summary_block(result, gate, options))
    return parts


def render(result: RunResult, options: RenderOptions) -> str:
    """The table as text, in color when ``options.color``."""
    console = Console(width=max(options.width, MIN_WIDTH), force_terminal=options.color,
                      color_system="256" if options.color else None, no_color=not options.color,
                      highlight=False, emoji=False, markup=False, file=_Null(),
                      legacy_windows=False)
    with console.capture() as capture:
        for part in renderables(result, options, console):
            console.print(part, no_wrap=isinstance(part, Text) and part.end == "")
    return "\n".join(_TRAILING.sub(_codes_only, line) for line in capture.get().split("\n"))


class _Null:
    """A sink for rich's console; output is captured, never written here."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""

    def isatty(self) -> bool:
        """Never a terminal: color is decided by the caller."""
        return False
