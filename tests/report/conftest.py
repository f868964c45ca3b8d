"""Fixtures for the report tests: result records built by hand, and the example repository."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, git

LEVELS = [{"title": t, "color": c} for t, c in
          (("Basic", "paleBlue"), ("Bronze", "bronze"), ("Silver", "silver"), ("Gold", "gold"))]


def scorecard(sid: str, rules: list[tuple[str, str]]) -> dict:
    """A scorecard description as the JSON document lists it."""
    return {"id": sid, "title": sid.title(), "blueprint": None, "file": f"{sid}.yaml",
            "levels": LEVELS, "rules": [{"id": r, "title": r.replace("-", " "),
                                         "description": None, "level": lv, "type": "x"}
                                        for r, lv in rules]}


def record(entity: str, sid: str, level: str | None, rules: dict[str, bool],
           team: str | None = None, below: bool = False, **extra: object) -> dict:
    """A result record with the given rule outcomes (rule id -> passed)."""
    passed = sum(rules.values())
    return {"scorecard": sid, "scorecardTitle": sid.title(), "entity": entity, "title": entity,
            "source": "catalog-info.yaml", "line": 1, "level": level,
            "levelColor": next((lv["color"] for lv in LEVELS if lv["title"] == level), None),
            "status": "success" if passed == len(rules) else "partial",
            "rulesTested": len(rules), "rulesPassed": passed,
            "percentPassed": round(100 * passed / len(rules), 1), "threshold": None,
            "belowThreshold": below, "team": team,
            "rules": [{"id": r, "title": r, "level": "Bronze", "passed": ok, "waived": False,
                       "severity": None if ok else "warning",
                       "details": "", "error": None, "fix": None if ok else
                       {"actionId": "manual@v1", "suggestedInputs": {"instructions": "do it"}}}
                      for r, ok in rules.items()], **extra}


def document(scorecards: list[dict], results: list[dict], **extra: object) -> dict:
    """A result document around the records."""
    return {"version": 1, "scorecards": scorecards, "results": results,
            "summary": {"entities": len({r["entity"] for r in results}),
                        "evaluations": len(results), "skipped": 0, "templates": 0,
                        "belowThreshold": sum(r["belowThreshold"] for r in results),
                        "errors": 0},
            "diagnostics": [], **extra}


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[str, object], Path]:
    """Write a JSON value to a file under tmp_path and return its path."""

    def write(name: str, value: object) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(value), encoding="utf-8")
        return path

    return write


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    """A git repository holding a copy of examples/acme, committed."""
    root = tmp_path / "acme"
    shutil.copytree(REPO_ROOT / "examples" / "acme", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "acme")
    return root
