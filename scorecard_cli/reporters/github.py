"""``--format github``: GitHub Actions workflow commands that annotate the catalog files.

One ``::error`` (entity below its threshold) or ``::warning`` per failing,
non-waived rule, at the offending field's line when the engine located it; a
``::notice`` per waived rule naming the waiver; ``::error`` lines for input errors;
a closing ``::notice::`` with the summary. Values are escaped as the Actions runner
expects (actions/toolkit ``command.ts``), so a newline or ``::`` in a message
cannot end the command or start another.
"""

from __future__ import annotations

from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.text import failure_parts, summary_line, visible

DIAGNOSTIC_COMMANDS = {"error": "error", "warning": "warning", "notice": "notice"}
SEVERITY_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(value: object) -> str:
    """Escape a command's message: ``%``, CR and LF."""
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: object) -> str:
    """Escape a property value: as data, plus ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """``::name key=value,...::message`` with every part escaped; None values left out."""
    props = ",".join(f"{key}={escape_property(value)}"
                     for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _input_command(name: str, message: str, **properties: object) -> str:
    """``command`` for text from the input: control characters escaped first (``command``
    itself keeps any text intact, as the runner reads it back)."""
    return command(name, visible(message),
                   **{key: None if value is None else visible(value)
                      for key, value in properties.items()})


def render(result: RunResult, options: RenderOptions) -> str:
    """One workflow command a line, ending with the summary notice."""
    lines = [_rule_command(record, rule)
             for record in result.results for rule in record["rules"] if not rule["passed"]]
    ordered = sorted(result.diagnostics, key=lambda d: (d.file, d.line, d.column, d.message))
    lines += [_diagnostic_command(d) for d in ordered]
    lines.append(command("notice", f"scorecard: {summary_line(result)}"))
    return "\n".join(lines) + "\n"


def _rule_command(record: dict, rule: dict) -> str:
    located = rule.get("line") is not None
    where = {"file": record["source"], "line": rule["line"] if located else record["line"],
             "col": rule.get("column") if located else None}
    title = f"{record['scorecardTitle']}: {rule['title']} ({rule['level']})"
    if rule["waived"]:
        waiver = rule.get("waiver") or {}
        return _input_command("notice", f"{record['entity']}: waived: {waiver.get('reason')} "
                              f"(approved by {waiver.get('approvedBy')}, until "
                              f"{waiver.get('expires')})", **where, title=f"Waived: {title}")
    body, below, fix = failure_parts(record, rule)
    message = f"{record['entity']}: {body}"
    if below:
        message += f"\n{below} in {record['scorecardTitle']}."
    if fix:
        message += f"\nFix: {fix}"
    return _input_command(SEVERITY_COMMANDS[rule["severity"]], message, **where, title=title)


def _diagnostic_command(diagnostic: Diagnostic) -> str:
    located = not diagnostic.file.startswith("<")
    title = "Input error" if diagnostic.severity == "error" else f"scorecard {diagnostic.severity}"
    return _input_command(DIAGNOSTIC_COMMANDS.get(diagnostic.severity, "warning"),
                          diagnostic.message, file=diagnostic.file if located else None,
                          line=diagnostic.line if located else None,
                          col=diagnostic.column if located else None, title=title)
