"""Short human sentences for fixes and counts, shared by the text formats, and
``visible``, which keeps control characters from the input off the reader's terminal."""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

# C0 controls but tab and newline, DEL and C1 controls: ESC and CSI start terminal escape
# sequences (recolour, clear, retitle, hide text), CR and BS overwrite what was written.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_NEWLINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def visible(value: object, one_line: bool = False) -> str:
    """``value`` as text with every control character written as an escape (``\\x1b``,
    ``\\r``); tabs are kept, and newlines unless ``one_line``. For the text formats, which
    go to terminals and CI logs; JSON, SARIF and JUnit escape by themselves.
    """
    text = value if isinstance(value, str) else str(value)
    pattern = _CONTROLS_AND_NEWLINE if one_line else _CONTROLS
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\x{ord(char):02x}"


def describe_fix(fix: dict | None) -> str:
    """One line saying what a fix does, e.g. ``create services/pay/README.md``."""
    if not fix:
        return ""
    action = fix.get("actionId", "")
    inputs: dict[str, Any] = fix.get("suggestedInputs") or {}
    if action == "scm.createOrUpdateFile@v1" and "path" in inputs:
        path = str(inputs["path"])
        if not path.startswith("/") and inputs.get("root"):
            path = posixpath.join(str(inputs["root"]), path)
        extra = f" with a line matching /{inputs['mustMatch']}/" if "mustMatch" in inputs else ""
        return f"create or update {path.lstrip('/')}{extra}"
    if action == "catalog.updateEntity@v1" and inputs.get("field"):
        value = inputs.get("value")
        shown = f" (e.g. {json.dumps(value)})" if value not in (None, [], "") else ""
        return f"set {inputs['field']} in {inputs.get('file')}{shown}"
    if action == "catalog.addLink@v1":
        link = inputs.get("link") or {}
        return f"add a link {link.get('title', '')!r} ({link.get('url', '')}) to {inputs.get('file')}"
    if action == "manual@v1":
        return str(inputs.get("instructions", ""))
    return f"{action} {json.dumps(inputs, ensure_ascii=False, default=str)}"


def failure_parts(record: dict, rule: dict) -> tuple[str, str | None, str | None]:
    """(what went wrong, why the entity is below its threshold, the fix) for a failed rule."""
    body = (f"could not be evaluated: {rule['error']}" if rule["error"]
            else str(rule["details"]))
    below = (f"The entity is at {record['level'] or 'no level'}, below {record['threshold']}"
             if record["belowThreshold"] else None)
    return body, below, describe_fix(rule["fix"]) if rule["fix"] else None


def summary_line(result: Any, summary: dict | None = None) -> str:
    """``5 entities, 9 evaluations: 3 success, 4 partial, 2 failed; 15 skipped``
    (``summary``: the run's ``summary()``, when the caller has it already)."""
    counts = {"success": 0, "partial": 0, "failed": 0}
    for record in result.results:
        counts[record["status"]] += 1
    summary = summary or result.summary()
    parts = [f"{summary['entities']} entit{'y' if summary['entities'] == 1 else 'ies'}, "
             f"{summary['evaluations']} evaluation{'s' if summary['evaluations'] != 1 else ''}: "
             + ", ".join(f"{n} {k}" for k, n in counts.items())]
    for key, one, many in (("skipped", "skipped by blueprint or filter", None),
                           ("templates", "template file skipped", "template files skipped"),
                           ("belowThreshold", "below threshold", None),
                           ("errors", "input error", "input errors")):
        if summary[key]:
            label = one if summary[key] == 1 or many is None else many
            parts.append(f"{summary[key]} {label}")
    return "; ".join(parts)
