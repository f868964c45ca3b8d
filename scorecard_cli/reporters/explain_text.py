"""``scorecard explain`` as text: the rule, then the entity's outcome and its evidence."""

from __future__ import annotations

from scorecard_cli.core.paths import describe
from scorecard_cli.reporters.text import describe_fix, visible


def _shown(value: object) -> str:
    return visible(value, one_line=True)


def _evidence_line(item: dict) -> str:
    label = _shown(item["what"])
    if "field" in item:
        value = _shown(describe(item["value"])) if item["found"] else "missing"
        where = f"  ({_shown(item['where'])})" if item["where"] else "  (not in the file)"
        holds = "" if "holds" not in item else ("  holds" if item["holds"] else "  does not hold")
        return f"    {label}: {_shown(item['field'])} = {value}{where}{holds}"
    state = "found" if item["found"] else "not found"
    value = f" {_shown(item['value'])}" if item["value"] not in (None, item["what"]) else ""
    where = f"  ({_shown(item['where'])})" if item["where"] else ""
    return f"    {label}:{value} {state}{where}"


def render_explanation(doc: dict) -> str:
    """The explanation as lines of text."""
    sc, rule = doc["scorecard"], doc["rule"]
    lines = [f"{_shown(sc['id'])} / {_shown(rule['id'])}: {_shown(rule['title'])}",
             f"  scorecard: {_shown(sc['title'])} ({_shown(sc['file'])}:{sc['line']})",
             f"  level: {_shown(rule['level'])}    type: {_shown(rule['type'])}"]
    if rule["description"]:
        lines.append(f"  description: {_shown(rule['description'])}")
    lines.append(f"  checks: {_shown(rule['checks'])}")
    if rule["fixAction"]:
        lines.append(f"  own fix action: {_shown(rule['fixAction'].get('actionId'))}")
    entity = doc["entity"]
    if entity is None:
        return "\n".join(lines) + "\n"
    lines.append(f"entity {_shown(entity['ref'])} ({_shown(entity['where'])})")
    if not entity["applies"]:
        lines.append("  the scorecard does not apply to it (its blueprint or filter excludes it)")
        return "\n".join(lines) + "\n"
    outcome = ("passed" if entity["passed"] else "waived" if entity["waived"]
               else "could not be evaluated" if entity["error"] else "failed")
    lines.append(f"  result: {outcome}: {_shown(entity['error'] or entity['details'])}")
    if entity["evidence"]:
        lines.append("  found:")
        lines += [_evidence_line(item) for item in entity["evidence"]]
    if entity["fix"] and not entity["passed"]:
        lines.append(f"  fix: {_shown(describe_fix(entity['fix']))}")
    return "\n".join(lines) + "\n"
