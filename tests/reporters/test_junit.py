"""``--format junit``: parsed back with an XML parser, counts checked everywhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.junit import clean, render
from tests.reporters import cases


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return cases.mixed(tmp_path_factory.mktemp("mixed"))


def parse(result: RunResult) -> ET.Element:
    text = render(result, RenderOptions())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def counted(suite: ET.Element) -> dict[str, int]:
    cases_ = suite.findall("testcase")
    return {"tests": len(cases_),
            **{f"{tag}{'s' if tag != 'skipped' else ''}":
               sum(1 for c in cases_ if c.find(tag) is not None)
               for tag in ("failure", "error", "skipped")}}


def attributes(element: ET.Element) -> dict[str, int]:
    return {key: int(element.get(key, "-1")) for key in ("tests", "failures", "errors", "skipped")}


def test_counts_on_every_suite_and_the_root(mixed: RunResult) -> None:
    root = parse(mixed)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["docs", "ready", "input-errors"]
    for suite in suites:
        assert attributes(suite) == counted(suite), suite.get("name")
    totals = {key: sum(attributes(s)[key] for s in suites) for key in attributes(root)}
    assert attributes(root) == totals
    # 3 entities x (2 docs + 6 ready rules) + 1 input error. Only the gating findings
    # (rules at Bronze or Silver of 'ready'; 'docs' has no Silver level) are failures.
    assert attributes(root) == {"tests": 25, "failures": 5, "errors": 1, "skipped": 1}
    assert attributes(suites[1]) == {"tests": 18, "failures": 5, "errors": 0, "skipped": 1}
    gating = sum(attributes(s)["failures"] + attributes(s)["errors"] for s in suites[:2])
    assert gating == mixed.findings()["error"]


def test_testcases_are_entity_times_rule(mixed: RunResult) -> None:
    ready = parse(mixed).find("testsuite[@name='ready']")
    assert ready is not None
    names = [(c.get("classname"), c.get("name")) for c in ready.findall("testcase")]
    entities = ["component:default/gold", "component:default/legacy", "component:default/pay"]
    assert names == [(e, r["id"]) for e in entities for r in cases.READY["rules"]]
    title = ready.find("properties/property[@name='title']")
    assert title is not None and title.get("value") == "Ready | Set *go*"


def case(result: RunResult, suite: str, entity: str, rule: str) -> ET.Element:
    found = parse(result).find(
        f"testsuite[@name='{suite}']/testcase[@classname='{entity}'][@name='{rule}']")
    assert found is not None
    return found


def test_failure_carries_details_and_fix(mixed: RunResult) -> None:
    failure = case(mixed, "ready", "component:default/pay", "runbook").find("failure")
    assert failure is not None
    assert failure.get("type") == "entity.link.exists"
    assert failure.text is not None and failure.get("message")
    assert f"details: {failure.get('message')}" in failure.text
    assert "fix: add a link 'Runbook'" in failure.text
    assert "level reached: Bronze, below Silver" in failure.text


def test_finding_above_the_gate_passes_with_the_finding_as_output(mixed: RunResult) -> None:
    testcase = case(mixed, "ready", "component:default/pay", "tier")
    assert [child.tag for child in testcase] == ["system-out"]
    out = testcase.findtext("system-out") or ""
    assert out.startswith("note: does not fail the gate\n")
    assert ("details: metadata.tags is ['50%', 'a,b'] "
            "(wanted containsAny ['tier-1', 'tier-2'])") in out
    assert "fix: set metadata.tags in svc/pay/catalog-info.yaml" in out
    # No gate at all: a warning, still a passing test.
    warning = case(mixed, "docs", "component:default/pay", "security")
    assert (warning.findtext("system-out") or "").startswith("warning: ")


def test_waived_is_skipped_with_the_reason(mixed: RunResult) -> None:
    skipped = case(mixed, "ready", "component:default/legacy", "runbook").find("skipped")
    assert skipped is not None
    assert skipped.get("message") == ("waived: Runbook lives in the wiki: ops, 2025 (approved "
                                      "by alice@example.com, until 2030-01-01)")


def test_evaluation_error_above_the_gate_is_output(mixed: RunResult) -> None:
    testcase = case(mixed, "ready", "component:default/legacy", "replicas")  # a Gold rule
    assert testcase.find("error") is None and testcase.find("failure") is None
    assert "error: type mismatch" in (testcase.findtext("system-out") or "")


def test_input_errors_suite(mixed: RunResult) -> None:
    suite = parse(mixed).find("testsuite[@name='input-errors']")
    assert suite is not None
    (testcase,) = suite.findall("testcase")
    assert testcase.get("classname") == "svc/broken/catalog-info.yaml"
    assert testcase.get("name") == "4:3"
    error = testcase.find("error")
    assert error is not None and error.get("type") == "input-error"


def test_outside_a_repository_file_rules_are_errors(tmp_path: Path) -> None:
    cases.write_case(tmp_path)  # no git init: every scm.* rule is an evaluation error
    root = parse(cases.run(tmp_path, fail_below="Gold", waivers=[]))
    docs = root.find("testsuite[@name='docs']")
    assert docs is not None  # every docs rule gates at Gold: gating evaluation errors
    assert attributes(docs) == {"tests": 6, "failures": 0, "errors": 6, "skipped": 0}
    error = docs.find("testcase/error")
    assert error is not None and error.get("type") == "evaluation-error"
    assert (error.get("message") or "").startswith("not in a git repository")
    assert attributes(root) == {key: sum(attributes(s)[key] for s in root.findall("testsuite"))
                                for key in ("tests", "failures", "errors", "skipped")}


def test_empty_run_and_all_pass(tmp_path: Path) -> None:
    assert attributes(parse(RunResult())) == {"tests": 0, "failures": 0, "errors": 0,
                                              "skipped": 0}
    root = parse(cases.all_pass(tmp_path))
    assert attributes(root) == {"tests": 8, "failures": 0, "errors": 0, "skipped": 0}


def test_text_xml_cannot_hold_is_replaced() -> None:
    assert clean("a\x00b\x1bc\ud800d\ttab") == "a\ufffdb\ufffdc\ufffdd\ttab"
    element = ET.Element("x", message=clean("<&\"'>\x07"))
    assert ET.fromstring(ET.tostring(element)).get("message") == "<&\"'>\ufffd"
