"""Repositories for ``scorecard fix`` golden diffs: each case writes its files into an
empty folder, which becomes a git repository."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import git, write_files

SCORECARD = """\
id: ready
title: Ready
rules:
  - {id: lifecycle, level: Bronze, type: entity.field.exists, params: {field: spec.lifecycle}}
  - {id: readme, level: Bronze, type: scm.file.exists, params: {path: README.md}}
  - id: techdocs
    level: Silver
    type: entity.field.exists
    params: {field: 'metadata.annotations["backstage.io/techdocs-ref"]'}
  - id: tier
    level: Silver
    query: {combinator: and, conditions: [{property: metadata.tags, operator: containsAny,
                                           value: [tier-1, tier-2]}]}
  - {id: runbook, level: Gold, type: entity.link.exists, params: {titleContains: runbook}}
  - id: docs
    level: Gold
    type: scm.file.exists
    params: {path: docs/index.md}
    fixAction:
      actionId: scm.createOrUpdateFile@v1
      suggestedInputs: {path: docs/index.md, content: "# {{ entity.metadata.name }}\\n"}
  - id: ticket
    level: Gold
    type: entity.field.exists
    params: {field: spec.system}
    fixAction: {actionId: jira.createIssue@v1, suggestedInputs: {project: PLAT}}
"""

BACKSTAGE = """\
# Payments: owned by the payments team.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  description: "Takes the money"   # keep this comment
  tags: [python, 'pci']
  links:
  - url: https://grafana.example/d/pay
    title: Dashboard

spec:
  type: service
  owner: team-pay
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
    name: ledger
    annotations:
        github.com/project-slug: acme/ledger
    tags:
        - java
spec:
    owner: team-pay
    lifecycle:
"""


def backstage(folder: Path) -> None:
    """Two components in one file, two layouts (2 and 4 spaces, flow and block lists)."""
    write_files(folder, {"sc.yaml": SCORECARD, "svc/catalog-info.yaml": BACKSTAGE,
                         "svc/README.md": "# Payments\n"})


PORT = [
    {"identifier": "fraud", "title": "Fraud", "blueprint": "service", "team": ["Fraud"],
     "properties": {"lifecycle": "Production", "tags": ["tier-3"]}, "relations": {}},
]
PORT_SCORECARD = """\
identifier: port-ready
title: Port ready
blueprint: service
rules:
  - identifier: tier
    title: Tier
    level: Bronze
    query: {combinator: and, conditions: [{property: tags, operator: containsAny,
                                           value: [tier-1]}]}
  - identifier: runbook
    title: Runbook
    level: Silver
    query: {combinator: and, conditions: [{property: runbook, operator: "=",
                                           value: "https://runbooks.example"}]}
  - {identifier: link, title: Link, level: Gold, type: entity.link.exists, params: {}}
"""


def port(folder: Path) -> None:
    """A Port entity file written with two-space indentation and an inline list."""
    text = json.dumps(PORT, indent=2).replace('[\n      "Fraud"\n    ]', '["Fraud"]')
    write_files(folder, {"sc.yaml": PORT_SCORECARD, "port/entities.json": text + "\n"})


CASES: dict[str, Callable[[Path], None]] = {"backstage": backstage, "port": port}
ARGS = {"backstage": ["svc", "-s", "sc.yaml"], "port": ["port/entities.json", "-s", "sc.yaml"]}


def build(case: str, folder: Path) -> None:
    """Write a case's files into ``folder`` and commit them."""
    git(folder, "init", "-q")
    CASES[case](folder)
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "initial")
