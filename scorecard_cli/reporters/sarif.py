"""``--format sarif``: SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, IDEs).

One rule descriptor per scorecard rule (``<scorecard>/<rule>``), one result per
failing rule per entity, located at the catalog file and at the offending field's
line when the engine located it. Waived rules are results with an external
suppression; input errors are results of the ``input-error`` rule. Paths of catalog
files are relative to ``%SRCROOT%`` (the folder scorecard ran in); files a fix
creates are relative to ``REPOROOT`` (the root of the entity's repository), because
that is what fix roots are relative to.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from scorecard_cli import __version__
from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.json_report import encode
from scorecard_cli.reporters.markdown import text as md_text
from scorecard_cli.reporters.sarif_limits import (
    DESCRIPTION_LENGTH,
    MESSAGE_LENGTH,
    NAME_LENGTH,
    Truncations,
    line_hash,
    notes,
    select,
)
from scorecard_cli.reporters.text import failure_parts

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
REPOROOT = "REPOROOT"
INPUT_ERROR = "input-error"
_WINDOWS_ABSOLUTE = re.compile(r"^[A-Za-z]:/")
_CREATES_FILE = ("scm.file.exists", "scm.anyOf")

_HOW_TO_FIX = {
    "entity.field.exists": "Set the field in the catalog file.",
    "entity.query": "Change the catalog file so that the query holds.",
    "entity.link.exists": "Add a matching link to the entity's links in the catalog file.",
    "scm.file.exists": "Add the file to the entity's source folder.",
    "scm.anyOf": "Add one of the files to the entity's source folder.",
    "scm.file.contains": "Add a line matching the pattern to the file.",
    "scm.recentCommit": "Commit a change under the entity's source folder.",
}


def render(result: RunResult, options: RenderOptions) -> bytes:
    """The SARIF log as compact UTF-8 JSON, deterministic (no timestamps, stable order)."""
    return encode(sarif_log(result, options.sarif_max, options.sarif_category))


def sarif_log(result: RunResult, limit: int | None = None, category: str = "scorecard"
              ) -> dict:
    """The SARIF 2.1.0 log as plain data: one run of the ``scorecard`` tool, with at most
    ``limit`` results (those that fail the gate first) and texts within GitHub's lengths."""
    cut = Truncations()
    findings = [("error", None, d) for d in _sorted(result.errors)]
    findings += [(rule["severity"], record, rule) for record in result.results
                 for rule in record["rules"] if not rule["passed"]]
    rules = _descriptors(result, cut, findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    chosen, cut.omitted = select(findings, limit)
    cut.total = len(findings)
    results = [_input_error(item, index, cut) if record is None
               else _rule_result(record, item, index, cut)
               for _, record, item in chosen]
    messages = [_notification(d, cut) for d in
                _sorted([d for d in result.diagnostics if d.severity != "error"])]
    messages += [{"level": "warning", "message": {"text": text}} for text in notes(cut, limit)]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if messages:
        invocation["toolExecutionNotifications"] = messages
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "scorecard", "version": __version__,
                                "semanticVersion": __version__, "rules": rules}},
            "automationDetails": {"id": category if category.endswith("/") else category + "/"},
            "originalUriBaseIds": {
                SRCROOT: {"description": {"text": "The folder scorecard ran in."}},
                REPOROOT: {"description": {
                    "text": "The root of the git repository holding the entity's source."}},
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": results,
            "properties": {"resultsTotal": cut.total, "resultsOmitted": cut.omitted},
        }],
    }


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.message))


def _descriptors(result: RunResult, cut: Truncations, findings: list[tuple]) -> list[dict]:
    """A descriptor per rule of each scorecard that has results, by scorecard id then
    definition order; the fix of a failing result (``findings``) gives its example."""
    fixes: dict[str, dict] = {}
    for _, record, rule in findings:
        if record is not None and rule["fix"]:
            fixes.setdefault(f"{record['scorecard']}/{rule['id']}", rule["fix"])
    evaluated = {record["scorecard"] for record in result.results}
    descriptors = [_descriptor(f"{sc['id']}/{rule['id']}", sc, rule,
                               fixes.get(f"{sc['id']}/{rule['id']}"), rule["description"], cut)
                   for sc in result.scorecards if sc["id"] in evaluated for rule in sc["rules"]]
    if result.errors:
        descriptors.append({
            "id": INPUT_ERROR, "name": "InputError",
            "shortDescription": {"text": "Input error"},
            "fullDescription": {"text": "A catalog or scorecard file could not be read or "
                                        "is not structurally valid; it was not evaluated."},
            "help": {"text": "Correct the file at the reported line and column.",
                     "markdown": "Correct the file at the reported line and column."},
            "defaultConfiguration": {"level": "error"},
            "properties": {"precision": "very-high", "tags": ["scorecard"]},
        })
    return descriptors


def _descriptor(rule_id: str, scorecard: dict, rule: dict, fix: dict | None,
                description: str | None, cut: Truncations) -> dict:
    """The descriptor of one scorecard rule: title, description and how to fix it."""
    where = (f"{rule['type']} rule, level {rule['level']} of the "
             f"{scorecard['title']} scorecard")
    description = description or f"{rule['title']} ({where})."
    how = _HOW_TO_FIX.get(rule["type"], "Follow the fix suggested with each result.")
    example = _example_fix(fix)
    help_text = f"{description}\n\nHow to fix: {how}" + (f"\n{example}" if example else "")
    help_markdown = (f"**{md_text(rule['title'])}** ({md_text(where)})\n\n{md_text(description)}"
                     f"\n\n**How to fix:** {md_text(how)}"
                     + (f"\n\n{md_text(example)}" if example else ""))
    return {
        "id": rule_id,
        "name": cut.cut(_pascal(rule["id"]), NAME_LENGTH, "rule names"),
        "shortDescription": {"text": cut.cut(rule["title"] or rule["id"], DESCRIPTION_LENGTH,
                                             "short descriptions")},
        "fullDescription": {"text": cut.cut(description, DESCRIPTION_LENGTH,
                                            "full descriptions")},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": "warning"},
        # Every rule is an exact check of the files read: a result is never a guess.
        "properties": {"precision": "very-high", "scorecard": scorecard["id"],
                       "scorecardTitle": scorecard["title"],
                       "level": rule["level"], "type": rule["type"],
                       "tags": ["scorecard", scorecard["id"], rule["level"]]},
    }


def _example_fix(fix: dict | None) -> str:
    """The entity-independent part of a fix, e.g. ``Create README.md.``."""
    if not fix:
        return ""
    inputs = fix.get("suggestedInputs") or {}
    if fix.get("actionId") == "scm.createOrUpdateFile@v1" and inputs.get("path"):
        return f"Suggested fix: create or update {inputs['path']}."
    if fix.get("actionId") == "catalog.updateEntity@v1" and inputs.get("field"):
        return f"Suggested fix: set {inputs['field']}."
    return ""


def _pascal(identifier: str) -> str:
    """``has-readme`` -> ``HasReadme``; SARIF recommends Pascal-case rule names."""
    words = re.split(r"[^0-9A-Za-z]+", identifier)
    return "".join(w[:1].upper() + w[1:] for w in words if w) or identifier


@lru_cache(maxsize=4096)  # an entity's results share its file
def uri(path: str) -> tuple[str, str | None]:
    """A file path as a SARIF URI and its base id (None for absolute paths)."""
    if _WINDOWS_ABSOLUTE.match(path):
        return "file:///" + quote(path, safe="/:", errors="surrogateescape"), None
    if path.startswith("/"):
        return "file://" + quote(path, safe="/", errors="surrogateescape"), None
    return quote(path, safe="/", errors="surrogateescape"), SRCROOT


def _location(path: str, line: int | None, column: int | None = None) -> dict:
    address, base = uri(path)
    artifact = {"uri": address} | ({"uriBaseId": base} if base else {})
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line:
        physical["region"] = {"startLine": line} | ({"startColumn": column} if column else {})
    return {"physicalLocation": physical}


def _rule_result(record: dict, rule: dict, index: dict[str, int], cut: Truncations) -> dict:
    rule_id = f"{record['scorecard']}/{rule['id']}"
    location = _location(record["source"], rule.get("line") or record["line"],
                         rule.get("column") if rule.get("line") else None)
    location["logicalLocations"] = [{"fullyQualifiedName": record["entity"],
                                     "kind": "resource"}]
    out: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": rule["severity"] or "note",  # waived: suppressed below, shown as a note
        "message": {"text": cut.cut(_message(record, rule), MESSAGE_LENGTH, "messages")},
        "locations": [location],
        "partialFingerprints": {"primaryLocationLineHash": line_hash(record["entity"], rule_id),
                                "scorecardEntityRule/v1": f"{record['entity']}|{rule_id}"},
        "properties": {"entity": record["entity"], "scorecard": record["scorecard"],
                       "severity": rule["severity"], "owner": record.get("owner"),
                       "team": record.get("team"),
                       "entityLevel": record["level"], "status": record["status"],
                       "threshold": record["threshold"], "evaluationError": rule["error"]},
    }
    if rule["waived"]:
        waiver = rule.get("waiver") or {}
        out["suppressions"] = [{
            "kind": "external", "status": "accepted",
            "justification": str(waiver.get("reason") or "waived"),
            "properties": {"approvedBy": waiver.get("approvedBy"),
                           "expires": waiver.get("expires")},
        }]
    fix = _sarif_fix(rule)
    if fix is not None:
        out["fixes"] = [fix]
    return out


def _message(record: dict, rule: dict) -> str:
    """``component:default/x: Has a README (Bronze, Production Readiness): details.``."""
    head = (f"{record['entity']}: {rule['title']} ({rule['level']}, "
            f"{record['scorecardTitle']})")
    body, below, fix = failure_parts(record, rule)
    text = f"{head}: {body}."
    if below:
        text += f" {below}."
    if fix and not rule["waived"]:
        text += f" Fix: {fix}."
    return text


def _sarif_fix(rule: dict) -> dict | None:
    """A SARIF fix for a rule whose fix creates a missing file, else None."""
    fix = rule.get("fix") or {}
    inputs = fix.get("suggestedInputs") or {}
    if (rule["type"] not in _CREATES_FILE or rule["error"] or rule["waived"]
            or fix.get("actionId") != "scm.createOrUpdateFile@v1"):
        return None
    path, root, content = inputs.get("path"), inputs.get("root"), inputs.get("content", "")
    if not isinstance(path, str) or not isinstance(content, str) or root is None:
        return None
    if path.endswith("/") or not content and "." not in path.rsplit("/", 1)[-1]:
        return None  # likely a folder (docs, .github/workflows): not a file to create
    target = _repo_path(str(root), path)
    if target is None:
        return None
    return {
        "description": {"text": f"Create {target}"},
        "artifactChanges": [{
            "artifactLocation": {"uri": quote(target, safe="/", errors="surrogateescape"), "uriBaseId": REPOROOT},
            "replacements": [{"deletedRegion": {"charOffset": 0, "charLength": 0},
                              "insertedContent": {"text": content}}],
        }],
    }


def _repo_path(root: str, path: str) -> str | None:
    """``root``/``path`` normalized, repository-relative; None when it leaves the repo."""
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(root, path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal in (".", "..") or normal.startswith("../"):
        return None
    return normal


def _input_error(diagnostic: Diagnostic, index: dict[str, int], cut: Truncations) -> dict:
    out: dict[str, Any] = {"ruleId": INPUT_ERROR, "ruleIndex": index[INPUT_ERROR],
                           "level": "error",
                           "message": {"text": cut.cut(diagnostic.message, MESSAGE_LENGTH,
                                                       "messages")}}
    if not diagnostic.file.startswith("<"):
        out["locations"] = [_location(diagnostic.file, diagnostic.line, diagnostic.column)]
        out["partialFingerprints"] = {"primaryLocationLineHash": line_hash(
            diagnostic.file, f"{INPUT_ERROR}:{diagnostic.line}:{diagnostic.column}")}
    return out


def _notification(diagnostic: Diagnostic, cut: Truncations) -> dict:
    out: dict[str, Any] = {"level": "warning" if diagnostic.severity == "warning" else "note",
                           "message": {"text": cut.cut(diagnostic.message, MESSAGE_LENGTH,
                                                       "messages")}}
    if not diagnostic.file.startswith("<"):
        out["locations"] = [_location(diagnostic.file, diagnostic.line, diagnostic.column)]
    return out
