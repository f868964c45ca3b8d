"""``--format junit``: JUnit XML for CI test reports (Jenkins, GitLab, Azure DevOps...).

A ``testsuite`` per scorecard, a ``testcase`` per entity × rule (``classname`` is
the entity reference, ``name`` the rule id). A failing rule is a ``failure`` with
its details and fix, an evaluation error an ``error``, a waived rule ``skipped``
with the waiver's reason. Input errors form one more suite, ``input-errors``.
Built with ElementTree, so every attribute and text is escaped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.errors import Diagnostic
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.text import describe_fix

INPUT_SUITE = "input-errors"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
COUNTS = ("tests", "failures", "errors", "skipped")
# Characters XML 1.0 cannot carry even escaped (controls, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """``text`` as a string XML can hold: forbidden characters become U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(text))


def render(result: RunResult, options: RenderOptions) -> str:
    """The JUnit XML document, indented, with an XML declaration."""
    root = build(result)
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def build(result: RunResult) -> ET.Element:
    """The ``testsuites`` element with counts on it and on every suite."""
    root = ET.Element("testsuites", name="scorecard")
    by_scorecard: dict[str, list[dict]] = {}
    for record in result.results:
        by_scorecard.setdefault(record["scorecard"], []).append(record)
    for scorecard_id in sorted(by_scorecard):
        _scorecard_suite(root, scorecard_id, by_scorecard[scorecard_id])
    if result.diagnostics:
        _input_suite(root, result.diagnostics)
    _set_counts(root, [_counts(suite) for suite in root.iter("testsuite")])
    return root


def _scorecard_suite(root: ET.Element, scorecard_id: str, records: list[dict]) -> None:
    suite = ET.SubElement(root, "testsuite", name=clean(scorecard_id))
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="title",
                  value=clean(records[0]["scorecardTitle"]))
    for record in records:
        ET.SubElement(properties, "property", name=clean(f"level:{record['entity']}"),
                      value=clean(record["level"] or "none"))
    for record in records:
        for rule in record["rules"]:
            _testcase(suite, record, rule)
    _set_counts(suite, [_counts(suite)])


def _testcase(suite: ET.Element, record: dict, rule: dict) -> None:
    case = ET.SubElement(suite, "testcase", classname=clean(record["entity"]),
                         name=clean(rule["id"]), file=clean(record["source"]),
                         line=str(rule.get("line") or record["line"]))
    if rule["passed"]:
        return
    if rule["waived"]:
        waiver = rule.get("waiver") or {}
        ET.SubElement(case, "skipped", message=clean(
            f"waived: {waiver.get('reason')} (approved by {waiver.get('approvedBy')}, "
            f"until {waiver.get('expires')})"))
        return
    text = (f"{rule['title']} ({rule['level']}, {record['scorecardTitle']})\n"
            f"entity: {record['entity']} at {record['source']}:"
            f"{rule.get('line') or record['line']}\n"
            f"level reached: {record['level'] or 'none'}"
            + (f", below {record['threshold']}" if record["belowThreshold"] else "") + "\n")
    text += (f"error: {rule['error']}\n" if rule["error"] else f"details: {rule['details']}\n")
    if rule["fix"]:
        text += f"fix: {describe_fix(rule['fix'])}\n"
    if rule["severity"] != "error":
        # Not gating: the test passes (the gate holds) and keeps the finding as output.
        ET.SubElement(case, "system-out").text = clean(
            f"{rule['severity']}: does not fail the gate\n{text}")
        return
    if rule["error"]:
        element = ET.SubElement(case, "error", message=clean(rule["error"]),
                                type="evaluation-error")
    else:
        element = ET.SubElement(case, "failure", message=clean(rule["details"]),
                                type=clean(rule["type"]))
    element.text = clean(text)


def _input_suite(root: ET.Element, diagnostics: list[Diagnostic]) -> None:
    suite = ET.SubElement(root, "testsuite", name=INPUT_SUITE)
    ordered = sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.message))
    for diagnostic in (d for d in ordered if d.severity == "error"):
        case = ET.SubElement(suite, "testcase", classname=clean(diagnostic.file),
                             name=f"{diagnostic.line}:{diagnostic.column}",
                             file=clean(diagnostic.file), line=str(diagnostic.line))
        error = ET.SubElement(case, "error", message=clean(diagnostic.message),
                              type="input-error")
        error.text = clean(diagnostic.format())
    notes = [d.format() for d in ordered if d.severity != "error"]
    if notes:
        ET.SubElement(suite, "system-err").text = clean("\n".join(notes) + "\n")
    _set_counts(suite, [_counts(suite)])


def _counts(suite: ET.Element) -> dict[str, int]:
    cases = suite.findall("testcase")
    return {
        "tests": len(cases),
        "failures": sum(1 for c in cases if c.find("failure") is not None),
        "errors": sum(1 for c in cases if c.find("error") is not None),
        "skipped": sum(1 for c in cases if c.find("skipped") is not None),
    }


def _set_counts(element: ET.Element, parts: list[dict[str, int]]) -> None:
    for key in COUNTS:
        element.set(key, str(sum(part[key] for part in parts)))
