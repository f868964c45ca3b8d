"""Each consumer's limits at monorepo scale (issue 10): a 10,000-service repository from
``bench/gen.py``, evaluated once per test session, rendered in every CI format."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions, get_reporter
from scorecard_cli.reporters.sarif_limits import DESCRIPTION_LENGTH, MAX_RESULTS, NAME_LENGTH
from tests.conftest import REPO_ROOT, SHARED
from tests.reporters.test_github import annotations

SERVICES = 10_000
SCHEMA = SHARED / "external" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="session")
def monorepo() -> RunResult:
    """The run of ``bench/scorecard.yaml`` over the generated monorepo (cached on disk by
    the generator; evaluated once per session), gated at Silver."""
    sys.path.insert(0, str(REPO_ROOT / "bench"))
    try:
        import gen
    finally:
        sys.path.remove(str(REPO_ROOT / "bench"))
    repo = gen.cached_repo(SERVICES)
    return run_check(CheckOptions(paths=["."], scorecards=[str(REPO_ROOT / "bench" /
                                                                "scorecard.yaml")],
                                  cwd=str(repo), fail_below="Silver", locate_fields=True,
                                  use_config=False, now=1767225600.0))


def render(result: RunResult, fmt: str, **options: object) -> str:
    report = get_reporter(fmt)(result, RenderOptions(**options))  # type: ignore[arg-type]
    return report.decode("utf-8") if isinstance(report, bytes) else report


def test_the_monorepo_has_more_findings_than_github_takes(monorepo: RunResult) -> None:
    findings = monorepo.findings()
    assert len(monorepo.results) == SERVICES
    assert sum(findings.values()) > MAX_RESULTS  # so every limit below is exercised
    assert findings["error"] > 0 and findings["note"] > 0


def test_sarif_within_githubs_limits(monorepo: RunResult) -> None:
    text = render(monorepo, "sarif")
    assert len(gzip.compress(text.encode("utf-8"))) <= 10 * 1024 * 1024  # per upload
    log = json.loads(text)
    (run,) = log["runs"]
    results, rules = run["results"], run["tool"]["driver"]["rules"]
    findings = monorepo.findings()
    assert len(results) == MAX_RESULTS
    assert run["properties"] == {"resultsTotal": sum(findings.values()),
                                 "resultsOmitted": sum(findings.values()) - MAX_RESULTS}
    # Every finding that fails the gate is kept, before any other.
    levels = [r["level"] for r in results]
    assert levels.count("error") == findings["error"]
    assert levels == sorted(levels, key=["error", "warning", "note"].index)
    note = run["invocations"][0]["toolExecutionNotifications"][-1]["message"]["text"]
    assert note.startswith(f"{sum(findings.values()) - MAX_RESULTS} of "
                           f"{sum(findings.values())} results are left out")
    assert len(rules) <= 25_000 and all(len(r["properties"]["tags"]) <= 20 for r in rules)
    assert all(len(r["name"]) <= NAME_LENGTH for r in rules)
    assert all(len(r["shortDescription"]["text"]) <= DESCRIPTION_LENGTH
               and len(r["fullDescription"]["text"]) <= DESCRIPTION_LENGTH for r in rules)
    assert all(r["help"]["markdown"] and r["properties"]["precision"] for r in rules)
    assert run["automationDetails"] == {"id": "scorecard/"}
    hashes = {r["partialFingerprints"]["primaryLocationLineHash"] for r in results}
    assert len(hashes) == len(results)  # one per (entity, rule)
    assert all(len(r["locations"]) == 1 and r["message"]["text"] for r in results)


def test_sarif_at_scale_is_valid(monorepo: RunResult, shared: Path) -> None:
    """The official schema, on the run with a spread sample of its results (validating
    25,000 results one by one takes minutes; they come from the same few code paths,
    each kind of which the sample holds)."""
    import jsonschema

    log = json.loads(render(monorepo, "sarif"))
    results = log["runs"][0]["results"]
    kinds: dict[tuple, dict] = {}
    for result in results:
        kinds.setdefault((result["ruleId"], result["level"], "fixes" in result), result)
    log["runs"][0]["results"] = [*kinds.values(), *results[::250]]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_junit_failures_are_the_gating_findings(monorepo: RunResult) -> None:
    from junitparser import Error, Failure, JUnitXml, Skipped

    xml = JUnitXml.fromstring(render(monorepo, "junit"))
    failures = errors = skipped = tests = 0
    for suite in xml:
        for case in suite:
            tests += 1
            kinds = {type(result) for result in case.result}
            failures += Failure in kinds
            errors += Error in kinds
            skipped += Skipped in kinds
        assert (suite.tests, suite.failures, suite.errors) == (
            len(list(suite)), sum(1 for c in suite if any(isinstance(r, Failure)
                                                          for r in c.result)),
            sum(1 for c in suite if any(isinstance(r, Error) for r in c.result)))
    assert failures + errors == monorepo.findings()["error"]
    assert tests == sum(r["rulesTested"] for r in monorepo.results)


def test_markdown_fits_a_pr_comment_and_a_step_summary(monorepo: RunResult) -> None:
    parser = MarkdownIt("commonmark").enable("table")
    for budget in (65_536, 1 << 20):
        text = render(monorepo, "markdown", markdown_budget=budget)
        size = len(text.encode("utf-8"))
        assert size <= budget
        assert size > budget * 0.8  # the budget is used, not wasted
        tokens = parser.parse(text)
        assert any(t.type == "fence" and t.info == "mermaid" for t in tokens)
        assert text.count("<details>") == text.count("</details>")
        rows = [t for t in tokens if t.type == "tr_open"]
        assert len(rows) > 20
        assert "below the gate" in text and "Top failing rules" in text
        assert "(`--markdown-budget`)" in text  # says what is left out


def test_github_annotations_stay_within_a_steps_limits(monorepo: RunResult) -> None:
    parsed, plain = annotations(render(monorepo, "github"))
    kinds = [name for name, _, _ in parsed]
    assert (kinds.count("error"), kinds.count("warning"), kinds.count("notice")) == (10, 0, 10)
    assert parsed[0][1] == {"title": "scorecard"}
    total = sum(monorepo.findings().values())
    assert parsed[-1][2].startswith(f"scorecard: {total - 18:,} more findings are not "
                                    "annotated")
    assert len(plain) == total - 18


assert SHARED
