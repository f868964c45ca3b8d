"""Catalogs and scorecards the reporter tests and ``regen_golden.py`` both run.

Each case writes files under a folder, runs the real engine with that folder as the
current directory and a fixed clock, and returns the RunResult: every path in it is
relative, so rendered output is the same wherever the folder is.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scorecard_cli.core.check import CheckOptions, run_check
from scorecard_cli.core.engine import RunResult
from scorecard_cli.core.model import Waiver
from tests.conftest import git, write_files

NOW = 1767225600.0  # 2026-01-01T00:00:00Z

READY = {
    "id": "ready",
    "title": "Ready | Set *go*",
    "levels": ["Basic", "Bronze", "Silver", "Gold"],
    "blueprint": "Component",
    "rules": [
        {"id": "owner", "title": "Owner, team: 100% set", "level": "Bronze",
         "type": "entity.field.exists", "params": {"field": "spec.owner"}},
        {"id": "readme", "title": "Has a README", "level": "Bronze",
         "type": "scm.file.exists", "params": {"path": "README.md"}},
        {"id": "codeowners", "title": "Has CODEOWNERS", "level": "Silver",
         "type": "scm.anyOf", "params": {"paths": ["CODEOWNERS", "/CODEOWNERS"]}},
        {"id": "runbook", "title": "Links a runbook", "level": "Silver",
         "type": "entity.link.exists", "params": {"titleContains": "runbook"}},
        {"id": "replicas", "title": "Runs <2> replicas", "level": "Gold",
         "query": {"combinator": "and",
                   "conditions": [{"property": "spec.replicas", "operator": ">=",
                                   "value": 2}]}},
        {"id": "tier", "title": "Has a tier tag", "level": "Gold",
         "query": {"combinator": "and",
                   "conditions": [{"property": "metadata.tags", "operator": "containsAny",
                                   "value": ["tier-1", "tier-2"]}]}},
    ],
}

DOCS = {
    "id": "docs",
    "title": "Docs & more",
    "levels": [{"title": "Bronze", "color": "bronze"}, {"title": "Gold", "color": "gold"}],
    "rules": [
        {"id": "docs-site", "title": "Has docs/index.md", "level": "Bronze",
         "type": "scm.file.exists", "params": {"path": "docs/index.md"},
         "fixAction": {"actionId": "scm.createOrUpdateFile@v1",
                       "suggestedInputs": {"path": "docs/index.md",
                                           "content": "# {{ entity.metadata.name }}\n"}}},
        {"id": "security", "title": "SECURITY.md says how to report", "level": "Gold",
         "type": "scm.file.contains", "params": {"path": "SECURITY.md", "pattern": "^Report"}},
    ],
}


def component(name: str, **fields: object) -> dict:
    """A Backstage Component; ``fields`` go to metadata or spec by name."""
    metadata = {"name": name}
    spec: dict = {"type": "service", "lifecycle": "production"}
    for key, value in fields.items():
        (metadata if key in ("title", "description", "tags", "links") else spec)[key] = value
    return {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": metadata, "spec": spec}


CATALOG = {
    # Everything passes.
    "svc/gold/catalog-info.yaml": component(
        "gold", title="Gold", owner="group:default/team-gold", replicas=3, tags=["tier-1"],
        links=[{"title": "Runbook", "url": "https://runbooks.example/gold"}]),
    "svc/gold/README.md": "# Gold\n",
    "svc/gold/CODEOWNERS": "* @team-gold\n",
    "svc/gold/docs/index.md": "# gold\n",
    "svc/gold/SECURITY.md": "Report to security@example.com\n",
    # Owner and README but no CODEOWNERS: Bronze; title full of Markdown specials.
    "svc/pay/catalog-info.yaml": component(
        "pay", title="Pay | *Ments* <b>", owner="group:default/payments", replicas=1,
        tags=["50%", "a,b"], links=[{"title": "Dashboard", "url": "https://grafana.example"}]),
    "svc/pay/README.md": "# Pay\n",
    "svc/pay/SECURITY.md": "Write to us\n",
    # No owner, no README, replicas of the wrong type (an evaluation error), and a
    # waived runbook rule.
    "svc/legacy/catalog-info.yaml": component("legacy", replicas="three", tags=["tier-2"]),
}
BROKEN = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  title: no name\n"
WAIVERS = [Waiver("ready", "runbook", "component:default/legacy*",
                  "Runbook lives in the wiki: ops, 2025", "alice@example.com", "2030-01-01")]


def write_case(root: Path, all_pass: bool = False) -> None:
    """The catalog files and scorecards of the mixed case (or of the passing one)."""
    files = {path: text if isinstance(text, str) else yaml.safe_dump(text, sort_keys=False)
             for path, text in CATALOG.items()
             if not all_pass or path.startswith("svc/gold/")}
    files["scorecards/ready.yaml"] = yaml.safe_dump(READY, sort_keys=False)
    files["scorecards/docs.yaml"] = yaml.safe_dump(DOCS, sort_keys=False)
    if not all_pass:
        files["svc/broken/catalog-info.yaml"] = BROKEN
    write_files(root, files)


def init_repo(root: Path) -> None:
    """Make ``root`` a git repository with everything committed."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")


def run(root: Path, *, fail_below: str | None = "Silver", locate_fields: bool = True,
        waivers: list[Waiver] | None = None) -> RunResult:
    """The engine's result for the catalog under ``root``, run from ``root``."""
    return run_check(CheckOptions(
        paths=["svc"], scorecards=["scorecards"], fail_below=fail_below,
        waivers=WAIVERS if waivers is None else waivers, locate_fields=locate_fields,
        cwd=str(root), now=NOW))


def mixed(root: Path, **options: object) -> RunResult:
    """Every kind of outcome: pass, fail, evaluation error, waiver, input error."""
    write_case(root)
    init_repo(root)
    return run(root, **options)  # type: ignore[arg-type]


def all_pass(root: Path, **options: object) -> RunResult:
    """One entity that passes every rule of both scorecards."""
    write_case(root, all_pass=True)
    init_repo(root)
    return run(root, **options)  # type: ignore[arg-type]


CASES = {"mixed": mixed, "all_pass": all_pass}


LEVELS_CARD = {"id": "tiers", "title": "Tiers", "levels": ["Basic", "Bronze", "Silver", "Gold"],
               "rules": [{"id": f, "title": f"Has {f}", "level": level,
                          "type": "entity.field.exists", "params": {"field": f"spec.{f}"}}
                         for f, level in (("owner", "Bronze"), ("system", "Silver"),
                                          ("lifecycle", "Gold"))]}


def many(root: Path, count: int, **options: object) -> RunResult:
    """``count`` entities, each failing a Bronze, a Silver and a Gold rule."""
    docs = [{"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
             "metadata": {"name": f"svc-{i:03}"}, "spec": {"type": "service"}}
            for i in range(count)]
    (root / "catalog-info.yaml").write_text(yaml.safe_dump_all(docs))
    (root / "tiers.yaml").write_text(yaml.safe_dump(LEVELS_CARD))
    return run_check(CheckOptions(paths=["catalog-info.yaml"], scorecards=["tiers.yaml"],
                                  cwd=str(root), use_config=False, now=NOW,
                                  locate_fields=True, **options))  # type: ignore[arg-type]
