"""A small monorepo to edit, and cold/warm runs of ``check`` to compare byte for byte."""

from __future__ import annotations

from pathlib import Path

import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.reporters import RenderOptions, get_reporter
from tests.conftest import git, write_files

DAY = 86400
START = 1_767_225_600  # 2026-01-01T00:00:00Z, the fixtures' commit date
SERVICES = ("svc-a", "svc-b", "svc-c")


def scorecard(path: str = "README.md", pattern: str = "^## Usage", days: float = 30,
              level: str = "Silver", preset: bool = True) -> dict:
    """A scorecard with one rule of each kind that reads outside the entity (``preset``:
    and a query with a date preset, which reads the clock)."""
    rules = [
        {"id": "owner", "level": "Bronze", "type": "entity.field.exists",
         "params": {"field": "spec.owner"}},
        {"id": "readme", "level": level, "type": "scm.file.exists", "params": {"path": path}},
        {"id": "owners", "level": "Silver", "type": "scm.anyOf",
         "params": {"paths": ["CODEOWNERS", "/CODEOWNERS", "docs"]}},
        {"id": "usage", "level": "Gold", "type": "scm.file.contains",
         "params": {"path": path, "pattern": pattern}},
        {"id": "recent", "level": "Gold", "type": "scm.recentCommit", "params": {"days": days}},
        {"id": "prod", "level": "Gold", "query": {"combinator": "and", "conditions": [
            {"property": "spec.lifecycle", "operator": "=", "value": "production"}]}},
        {"id": "reviewed", "level": "Gold", "query": {"combinator": "and", "conditions": [
            {"property": "spec.reviewed", "operator": "between",
             "value": {"preset": "lastMonth"}}]}},
    ]
    return {"id": "sc", "levels": ["Basic", "Bronze", "Silver", "Gold"],
            "rules": rules if preset else rules[:-1]}


def entity(name: str, owner: str | None = "team-a", lifecycle: str = "production") -> str:
    """A Backstage Component's catalog-info.yaml text."""
    spec: dict = {"type": "service", "lifecycle": lifecycle, "reviewed": "2026-01-20"}
    if owner is not None:
        spec["owner"] = owner
    return yaml.safe_dump({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                           "metadata": {"name": name}, "spec": spec}, sort_keys=False)


def build_monorepo(root: Path) -> Path:
    """A committed repository: three services, READMEs in two, a scorecard outside."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    files = {f"services/{name}/catalog-info.yaml": entity(name) for name in SERVICES}
    files["services/svc-a/README.md"] = "# A\n\n## Usage\n"
    files["services/svc-b/README.md"] = "# B\n"
    files["services/svc-c/CODEOWNERS"] = "* @team-c\n"
    write_files(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    write_scorecard(root, scorecard())
    return root


def write_scorecard(root: Path, data: dict) -> None:
    """The scorecard lives beside the repository (not in it: it is not a catalog file)."""
    (root.parent / "sc.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def commit(root: Path, when: int) -> None:
    """A commit touching svc-a, dated ``when``."""
    stamp = f"@{when} +0000"
    path = root / "services/svc-a/CHANGES"
    path.write_text(path.read_text() + "x\n" if path.exists() else "x\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change",
        env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})


def run(root: Path, cache: bool, now: float, **extra: object) -> tuple[bytes, dict | None]:
    """The JSON document of a check (without its cache counts) and the counts."""
    options = CheckOptions(paths=["services"], scorecards=[str(root.parent / "sc.yaml")],
                           cwd=str(root), use_config=False, now=now, cache=cache,
                           **extra)  # type: ignore[arg-type]
    result = run_check(options)
    counts, result.cache = result.cache, None
    render = get_reporter("json")
    return render(result, RenderOptions()), counts
