"""Helpers for the repository tests: scorecards of ``scm.*`` rules, and their outcomes."""

from __future__ import annotations

from pathlib import Path

import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.engine import RunResult

COMPONENT = "apiVersion: v1\nkind: Component\nmetadata: {name: x}\nspec: {owner: t}\n"


def rule(kind: str, value: object) -> dict:
    """A rule params dict for the short rule kinds used below."""
    if kind == "exists":
        return {"type": "scm.file.exists", "params": {"path": value}}
    if kind == "contains":
        return {"type": "scm.file.contains", "params": {"path": value, "pattern": "."}}
    if kind == "anyOf":
        return {"type": "scm.anyOf", "params": {"paths": value}}
    if kind == "recent":
        return {"type": "scm.recentCommit", "params": {"days": value}}
    return {"type": "entity.field.exists", "params": {"field": value}}


def scorecard(folder: Path, *rules: tuple[str, object]) -> str:
    """Write a scorecard with rules ``r0, r1...`` (all Bronze) outside the repositories."""
    path = folder / f"sc-{len(list(folder.glob('sc-*')))}.yaml"
    body = [{"id": f"r{i}", "level": "Bronze", **rule(*spec)} for i, spec in enumerate(rules)]
    path.write_text(yaml.safe_dump({"id": "sc", "rules": body}), encoding="utf-8")
    return str(path)


def check(cwd: Path, paths: list[str], sc: str, **options: object) -> RunResult:
    """``run_check`` on catalog paths with one scorecard."""
    return run_check(CheckOptions(paths=paths, scorecards=[sc], cwd=str(cwd),
                                  **options))  # type: ignore[arg-type]


def outcomes(result: RunResult) -> list[tuple[bool, str | None]]:
    """(passed, error or details) of each rule of the only result."""
    [record] = result.results
    return [(r["passed"], r["error"] or r["details"]) for r in record["rules"]]


NOT_IN_REPO = "not in a git repository (use --repo to name one)"
