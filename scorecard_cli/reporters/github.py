"""``--format github``: GitHub Actions workflow commands that annotate the catalog files.

The summary first (a ``::notice`` with the counts and the gate's verdict), then one
annotation per finding, most important first, up to what GitHub shows in a step: 10
``::error`` (findings that fail the gate, input errors first), 10 ``::warning``
(findings without a gate, configuration warnings) and 10 ``::notice`` (findings above
the gate, waived rules, other notices), the summary and the count below included. The
findings past that are counted in one more notice and follow as plain log lines in a
collapsed group, so the log still lists every one. Annotations point at the offending
field's line when the engine located it. Values are escaped as the Actions runner
expects (actions/toolkit ``command.ts``), so a newline or ``::`` in a message cannot end
the command or start another.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.text import failure_parts, summary_line, visible

DIAGNOSTIC_COMMANDS = {"error": "error", "warning": "warning", "notice": "notice"}
SEVERITY_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}
# GitHub shows 10 error, 10 warning and 10 notice annotations per step (and 50 per job).
ANNOTATIONS_PER_STEP = 10
REST_GROUP = "scorecard: findings not annotated"


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
    """The summary notice, then the most important findings as annotations up to GitHub's
    per-step limits, then one notice counting the rest, which follow as plain log lines
    in a collapsed group."""
    pools: dict[str, list[tuple[tuple, Callable[[], str], Callable[[], str]]]] = {
        "error": [], "warning": [], "notice": []}
    for rank, diagnostic in enumerate(_sorted(result.diagnostics)):
        kind = DIAGNOSTIC_COMMANDS.get(diagnostic.severity, "warning")
        order = (0 if kind != "notice" else 3, 0, rank)
        pools[kind].append((order, partial(_diagnostic_command, diagnostic),
                            partial(_diagnostic_line, diagnostic)))
    levels = {sc["id"]: {lv["title"]: i for i, lv in enumerate(sc["levels"])}
              for sc in result.scorecards}
    rank = 0
    for record in result.results:
        for rule in record["rules"]:
            if rule["passed"]:
                continue
            rank += 1
            kind = "notice" if rule["waived"] else SEVERITY_COMMANDS[rule["severity"]]
            level = levels.get(record["scorecard"], {}).get(rule["level"], 0)
            pools[kind].append(((2 if rule["waived"] else 1, level, rank),
                                partial(_rule_command, record, rule),
                                partial(_rule_line, record, rule)))
    for pool in pools.values():
        pool.sort(key=lambda item: item[0])
    return "\n".join(_annotated(result, pools)) + "\n"


def _annotated(result: RunResult, pools: dict[str, list]) -> list[str]:
    """The lines of the report, given every finding sorted by importance per kind."""
    errors, warnings, notices = pools["error"], pools["warning"], pools["notice"]
    room = ANNOTATIONS_PER_STEP - 1  # the summary is a notice too
    over = (len(errors) > ANNOTATIONS_PER_STEP or len(warnings) > ANNOTATIONS_PER_STEP
            or len(notices) > room)
    shown = {"error": ANNOTATIONS_PER_STEP, "warning": ANNOTATIONS_PER_STEP,
             "notice": room - 1 if over else room}
    lines = [command("notice", _summary(result), title="scorecard")]
    rest: list[str] = []
    counts = {}
    for kind, pool in pools.items():
        lines += [build() for _, build, _ in pool[:shown[kind]]]
        rest += [plain() for _, _, plain in pool[shown[kind]:]]
        counts[kind] = max(0, len(pool) - shown[kind])
    if rest:
        lines.append(command("notice", (
            f"scorecard: {len(rest):,} more finding{'s are' if len(rest) != 1 else ' is'} not "
            f"annotated ({counts['error']:,} errors, {counts['warning']:,} warnings, "
            f"{counts['notice']:,} notices): GitHub shows at most {ANNOTATIONS_PER_STEP} "
            f"error, {ANNOTATIONS_PER_STEP} warning and {ANNOTATIONS_PER_STEP} notice "
            f"annotations per step. Each is listed in the log group '{REST_GROUP}' and in "
            f"the JSON and SARIF reports."), title="scorecard: more findings"))
        lines += [f"::group::{REST_GROUP} ({len(rest):,})", *rest, "::endgroup::"]
    return lines


def _summary(result: RunResult) -> str:
    """``scorecard: <counts>. <the gate's verdict>.``"""
    summary = result.summary()
    verdict = summary["verdict"]
    if verdict == "error":
        gate = f"{summary['errors']} input error{'s' if summary['errors'] != 1 else ''} (exit 2)"
    elif verdict == "fail":
        below = summary["belowThreshold"]
        gate = (f"the gate fails: {below} evaluation{'s' if below != 1 else ''} below "
                f"{'their' if below != 1 else 'its'} level" if below
                else f"the gate fails: {summary['findings']['error']} failing rules (--strict)")
    else:
        gate = "the gate holds"
    return f"scorecard: {summary_line(result, summary)}. Verdict: {gate}."


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.message))


def _where(record: dict, rule: dict) -> str:
    line = rule.get("line") or record["line"]
    column = f":{rule['column']}" if rule.get("line") and rule.get("column") else ""
    return f"{record['source']}:{line}{column}"


def _rule_line(record: dict, rule: dict) -> str:
    """One plain log line for a finding that is not annotated."""
    kind = "waived" if rule["waived"] else rule["severity"]
    body = f"could not be evaluated: {rule['error']}" if rule["error"] else rule["details"]
    return visible(f"{kind}: {_where(record, rule)}: {record['entity']}: "
                   f"{record['scorecardTitle']}: {rule['title']} ({rule['level']}): {body}",
                   one_line=True)


def _diagnostic_line(diagnostic: Diagnostic) -> str:
    text = diagnostic.format()
    return visible(text if diagnostic.severity != "error" else f"input error: {text}",
                   one_line=True)


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
