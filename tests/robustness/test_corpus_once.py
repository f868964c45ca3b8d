"""The whole real corpus (../shared/corpus) in ONE ``scorecard check`` invocation: no
traceback, every stderr line ``file:line:col: message`` about a file that was given, every file
evaluated, skipped as a template or reported, and the same counts on every run.

The expected counts are those of the corpus as it is; update them (and say why in the commit)
when the corpus or the contract changes. tests/test_corpus.py runs each file on its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.robustness.conftest import DIAGNOSTIC, Run

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
APPLIES_TO_ALL = ("id: all\nrules:\n  - {id: owner, level: Bronze, type: entity.field.exists, "
                  "params: {field: $team}}\n")


@pytest.fixture
def corpus_files() -> list[str]:
    """Every corpus file, relative to the corpus folder, sorted; skip when there is none."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return sorted(str(p.relative_to(CORPUS)) for folder in ("backstage", "port", "other")
                  for p in (CORPUS / folder).iterdir() if p.is_file())


def check_all(cli: Callable[..., Run], files: list[str], *args: str) -> Run:
    """One invocation over every corpus file, from the corpus folder."""
    return cli("check", *files, "--no-config", "-f", "json", *args, cwd=CORPUS)


def test_whole_corpus_in_one_invocation(cli: Callable[..., Run], corpus_files: list[str]) -> None:
    run = check_all(cli, corpus_files)
    assert run.exit_code == 2
    assert run.doc["summary"] == {"entities": 48, "evaluations": 75, "skipped": 47,
                                  "templates": 9, "belowThreshold": 0, "errors": 47,
                                  "findings": {"error": 0, "warning": 271, "note": 0},
                                  "verdict": "error"}
    assert len(run.lines) == 47 + 1  # the input errors, and the template notices folded
    templates = [line for line in run.lines if ": notice: skipped: a template" in line]
    assert len(templates) == 1
    assert templates[0].endswith("(and 8 more like it; --verbose lists each)")
    verbose = check_all(cli, corpus_files, "--verbose")
    assert len(verbose.lines) == 47 + 9  # a notice per skipped template
    assert sum(": notice: skipped: a template" in line for line in verbose.lines) == 9
    for line in run.lines:
        assert DIAGNOSTIC.match(line), line
        assert line.split(":", 1)[0] in corpus_files, line
    again = check_all(cli, corpus_files)  # reuses the first run's results from the cache
    first, second = run.doc, again.doc
    assert (first.pop("cache"), second.pop("cache")) == ({"hits": 0, "misses": 75},
                                                         {"hits": 75, "misses": 0})
    assert (again.exit_code, second, again.stderr) == (run.exit_code, first, run.stderr)


def test_every_corpus_file_is_evaluated_skipped_or_reported(
        cli: Callable[..., Run], corpus_files: list[str], tmp_path: Path) -> None:
    """With a scorecard that applies to every entity, each file is a result's source, the
    file of a diagnostic, or one of the skipped templates (their count is in the summary)."""
    scorecard = tmp_path / "all.yaml"
    scorecard.write_text(APPLIES_TO_ALL, encoding="utf-8")
    run = check_all(cli, corpus_files, "-s", str(scorecard), "--verbose")  # every notice
    doc = run.doc
    assert doc["summary"] == {"entities": 61, "evaluations": 61, "skipped": 0, "templates": 9,
                              "belowThreshold": 0, "errors": 47, "verdict": "error",
                              "findings": {"error": 0, "warning": 21, "note": 0}}
    evaluated = {record["source"] for record in doc["results"]}
    reported = {d["file"] for d in doc["diagnostics"] if d["severity"] == "error"}
    templates = {d["file"] for d in doc["diagnostics"] if d["severity"] == "notice"
                 and d["message"].startswith("skipped: a template")}
    assert reported | templates == {line.split(":", 1)[0] for line in run.lines}
    assert len(templates) == doc["summary"]["templates"]
    assert all("template" in f or "skeleton" in f for f in templates), templates
    rest = [f for f in corpus_files if f not in evaluated | reported | templates]
    assert rest == []
    again = json.loads(check_all(cli, corpus_files, "-s", str(scorecard)).stdout)
    assert again.pop("cache") == {"hits": 61, "misses": 0}  # the one member that differs
    doc.pop("cache")
    assert again == doc
