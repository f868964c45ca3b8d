"""Differential test: ``scorecard validate`` against Backstage's own validators.

``verdicts.js`` runs every document of the corpus's Backstage files through
``@backstage/catalog-model`` (and the scaffolder's Template validator), installed with
npm from ``package.json`` into a cache folder outside the checkout
(``$SCORECARD_ORACLE_DIR``, else ``~/.cache/scorecard-tests/oracle-<version>``). The
test skips, saying why, when node or npm is missing, the install fails, or
``../shared`` is absent.

Each document gets a verdict from both sides: valid, or invalid. ``validate`` runs on
one file at a time; its file-level findings (the same entity twice, a Location
target that is missing) are what ``check`` reports about files and have no
counterpart in an entity validator, so they are left out. The only documents allowed
to differ are template skeletons, which ``validate`` skips and Backstage refuses as
unrendered YAML (README, "Fidelity"): every other document must agree.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scorecard_cli.core.catalog import is_template
from scorecard_cli.core.documents import parse_documents, read_text
from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.validate import validate_paths

HERE = Path(__file__).resolve().parent
INSTALL_TIMEOUT = 600
FILE_LEVEL = ("duplicate entity ", "Location target ")


def _cache_folder() -> Path:
    given = os.environ.get("SCORECARD_ORACLE_DIR")
    if given:
        return Path(given)
    digest = hashlib.sha256((HERE / "package.json").read_bytes()).hexdigest()[:12]
    return Path.home() / ".cache" / "scorecard-tests" / f"oracle-{digest}"


@pytest.fixture(scope="module")
def oracle() -> Path:
    """The folder holding node_modules with Backstage's validators (installed once)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed for the differential test with catalog-model")
    folder = _cache_folder()
    wanted = json.loads((HERE / "package.json").read_text(encoding="utf-8"))["dependencies"]
    if not all((folder / "node_modules" / name / "package.json").is_file() for name in wanted):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / "package.json", folder / "package.json")
        try:
            done = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--no-package-lock",
                 "--ignore-scripts", "--loglevel=error"],
                cwd=folder, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
                check=False)
        except subprocess.TimeoutExpired:
            pytest.skip(f"npm install of the oracle took over {INSTALL_TIMEOUT} s")
        if done.returncode != 0:
            pytest.skip("npm install of the oracle failed: "
                        + (done.stderr.strip().splitlines() or ["no message"])[-1])
    return folder


def backstage_verdicts(folder: Path, corpus: Path, names: list[str]) -> dict[str, dict]:
    """{file: {"error": message} or {"documents": [{line, valid, message}]}}."""
    env = {**os.environ, "NODE_PATH": str(folder / "node_modules")}
    done = subprocess.run(["node", str(HERE / "verdicts.js"), str(corpus), *names],
                          capture_output=True, text=True, env=env, timeout=300, check=True)
    return {record["file"]: record for record in map(json.loads, done.stdout.splitlines())}


def our_verdicts(corpus: Path, name: str) -> tuple[list[int], dict[int, list[str]], set[int]]:
    """(document start lines, {line: validate's messages}, lines of the documents skipped
    as templates: {0} for a file skipped whole)."""
    validation = validate_paths([name], str(corpus))
    path = str(corpus / name)
    try:
        documents = parse_documents(read_text(path, name, ScorecardError), path, name,
                                    ScorecardError)
        starts = [doc.line for doc in documents if doc.data is not None]
        templated = {doc.line for doc in documents if is_template(doc.data)}
    except ScorecardError:
        starts, templated = [], {0} if validation.templates else set()
    found: dict[int, list[str]] = {}
    for diagnostic in validation.diagnostics:
        if diagnostic.severity != "error" or diagnostic.message.startswith(FILE_LEVEL):
            continue
        owner = max((s for s in starts if s <= diagnostic.line), default=0)
        found.setdefault(owner, []).append(diagnostic.message)
    return starts, found, templated


def test_validate_agrees_with_catalog_model(shared: Path, oracle: Path) -> None:
    corpus = shared / "corpus" / "backstage"
    names = sorted(p.name for p in corpus.iterdir() if p.is_file())
    theirs = backstage_verdicts(oracle, corpus, names)
    agree, differ, templates = 0, [], 0
    for name in names:
        starts, found, templated = our_verdicts(corpus, name)
        record = theirs[name]
        if "error" in record or not starts:  # no document: the file itself is the unit
            ours_valid = not found
            their_valid = "error" not in record and all(d["valid"] for d in record["documents"])
            pairs = [(0, ours_valid, their_valid, record.get("error", ""))]
        else:
            by_line = {d["line"]: d for d in record["documents"]}
            pairs = [(line, line not in found, by_line[line]["valid"] if line in by_line
                      else None, by_line.get(line, {}).get("message", "no such document"))
                     for line in starts]
        for line, ours, their, message in pairs:
            if ours == their:
                agree += 1
            elif line in templated and their is False:
                templates += 1  # a skeleton: skipped here, refused by Backstage unrendered
            else:
                differ.append(f"{name}:{line}: validate says {'valid' if ours else 'invalid'} "
                              f"{found.get(line, [])}, Backstage: {message}")
    print(f"\nagreement with catalog-model: {agree} of {agree + templates + len(differ)} "
          f"documents ({templates} template skeletons skipped by validate)")
    assert differ == []
    assert agree >= 60  # the corpus holds 69 entity documents that parse as plain YAML


def _component(metadata: str = "", spec: str = "type: service\n  lifecycle: production\n"
               "  owner: team-a\n", head: str = "apiVersion: backstage.io/v1alpha1\n"
               "kind: Component\n", tail: str = "") -> str:
    return f"{head}metadata:\n  name: svc\n{metadata}spec:\n  {spec}{tail}"


# Documents on the edges of Backstage's rules, each written as a file of its own.
EDGES = {
    "namespace with two hyphens": _component("  namespace: team--a\n"),
    "namespace with a capital": _component("  namespace: Team\n"),
    "name of 63 characters": _component().replace("name: svc", "name: " + "a" * 63),
    "name of 64 characters": _component().replace("name: svc", "name: " + "a" * 64),
    "name with dots and underscores": _component().replace("name: svc", "name: a.b_c-d"),
    "title that is blank": _component("  title: ' '\n"),
    "title that is empty": _component("  title: ''\n"),
    "description that is a number": _component("  description: 5\n"),
    "label value empty": _component("  labels: {tier: ''}\n"),
    "label key with prefix": _component("  labels: {example.com/tier: gold}\n"),
    "label key with two slashes": _component("  labels: {a/b/c: x}\n"),
    "annotation key without domain dot": _component("  annotations: {jira/key: X}\n"),
    "annotation value a number": _component("  annotations: {a: 1}\n"),
    "tag with colon and plus": _component("  tags: ['k8s:prod', c++]\n"),
    "tag empty": _component("  tags: ['']\n"),
    "tag with capital": _component("  tags: [Go]\n"),
    "link relative": _component("  links: [{url: /docs}]\n"),
    "link without scheme": _component("  links: [{url: docs.example.com}]\n"),
    "link host and port scheme": _component("  links: [{url: 'localhost:3000'}]\n"),
    "link mailto": _component("  links: [{url: 'mailto:a@example.com', title: Mail}]\n"),
    "link with space in host": _component("  links: [{url: 'https://exa mple.com'}]\n"),
    "link with bad port": _component("  links: [{url: 'https://example.com:99999'}]\n"),
    "link title blank": _component("  links: [{url: 'https://x', title: ' '}]\n"),
    "link type empty": _component("  links: [{url: 'https://x', type: ''}]\n"),
    "link icon blank": _component("  links: [{url: 'https://x', icon: '  '}]\n"),
    "relations in the file": _component(tail="relations: []\n"),
    "status in the file": _component(tail="status: {}\n"),
    "unknown root key": _component(tail="extra: 1\n"),
    "metadata extra key": _component("  owner: team-a\n"),
    "kind in lower case": _component(head="apiVersion: backstage.io/v1alpha1\nkind: component\n"),
    "apiVersion v1beta1": _component(head="apiVersion: backstage.io/v1beta1\nkind: Component\n"),
    "apiVersion v1beta2": _component(head="apiVersion: backstage.io/v1beta2\nkind: Component\n"),
    "apiVersion without prefix": _component(head="apiVersion: v1\nkind: Component\n"),
    "owner empty": _component(spec="type: service\n  lifecycle: production\n  owner: ''\n"),
    "owner blank": _component(spec="type: service\n  lifecycle: production\n  owner: ' '\n"),
    "owner a number": _component(spec="type: service\n  lifecycle: production\n  owner: 5\n"),
    "dependsOn a string": _component(spec="type: a\n  lifecycle: b\n  owner: c\n"
                                          "  dependsOn: x\n"),
    "dependencyOf anything": _component(spec="type: a\n  lifecycle: b\n  owner: c\n"
                                             "  dependencyOf: 5\n"),
    "User without memberOf": "apiVersion: backstage.io/v1alpha1\nkind: User\n"
                             "metadata: {name: u}\nspec: {}\n",
    "User profile email empty": "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: "
                                "{name: u}\nspec: {memberOf: [], profile: {email: ''}}\n",
    "Group with leader": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\n"
                         "spec: {type: team, children: [], leader: 5}\n",
    "Location without target": "apiVersion: backstage.io/v1alpha1\nkind: Location\n"
                               "metadata: {name: l}\nspec: {type: url}\n",
    "Location presence wrong": "apiVersion: backstage.io/v1alpha1\nkind: Location\n"
                               "metadata: {name: l}\nspec: {presence: maybe}\n",
    "Template v1beta3": "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\n"
                        "metadata: {name: t}\nspec: {type: x, steps: [{action: a}], "
                        "output: {links: [{url: x}], extra: 5}}\n",
    "Template step action a number": "apiVersion: scaffolder.backstage.io/v1beta3\nkind: "
                                     "Template\nmetadata: {name: t}\nspec: {type: x, steps: "
                                     "[{action: 5}]}\n",
    "Template parameters list of strings": "apiVersion: scaffolder.backstage.io/v1beta3\n"
                                           "kind: Template\nmetadata: {name: t}\nspec: {type: "
                                           "x, steps: [], parameters: [a]}\n",
    "API definition from a file": "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: "
                                  "{name: a}\nspec: {type: openapi, lifecycle: l, owner: o, "
                                  "definition: {$text: ./api.txt}}\n",
    "API definition as YAML data": "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: "
                                   "{name: a}\nspec: {type: openapi, lifecycle: l, owner: o, "
                                   "definition: {$yaml: ./api.yaml}}\n",
    "placeholder beside another key": "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: "
                                      "{name: a}\nspec: {type: openapi, lifecycle: l, owner: o, "
                                      "definition: {$text: ./api.txt, x: 1}}\n",
    "a list at the root": "- a\n- b\n",
    "a number at the root": "5\n",
}


def test_validate_agrees_on_edge_cases(oracle: Path, tmp_path: Path) -> None:
    (tmp_path / "api.txt").write_text("openapi: 3.0.0\n", encoding="utf-8")
    (tmp_path / "api.yaml").write_text("openapi: 3.0.0\n", encoding="utf-8")
    names = []
    for i, text in enumerate(EDGES.values()):
        names.append(f"edge-{i}.yaml")
        (tmp_path / names[-1]).write_text(text, encoding="utf-8")
    theirs = backstage_verdicts(oracle, tmp_path, names)
    differ = []
    for (label, _), name in zip(EDGES.items(), names):
        their = all(d["valid"] for d in theirs[name].get("documents", [{"valid": False}]))
        found = [d.message for d in validate_paths([name], str(tmp_path)).diagnostics
                 if d.severity == "error"]
        if their != (not found):
            differ.append(f"{label}: validate {found}, Backstage {theirs[name]}")
    assert differ == []
