"""``fix --apply`` on copies of real catalog files: the edited files keep every other line
byte for byte (comments, quoting, indentation, blank lines), and the rules pass after."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from tests.conftest import git, write_files

runner = CliRunner()

SCORECARD = """\
id: fixable
rules:
  - {id: lifecycle, level: Bronze, type: entity.field.exists, params: {field: spec.lifecycle}}
  - id: techdocs
    level: Bronze
    type: entity.field.exists
    params: {field: 'metadata.annotations["backstage.io/techdocs-ref"]'}
  - id: tier
    level: Silver
    query: {combinator: and, conditions: [{property: metadata.tags, operator: containsAny,
                                           value: [tier-1]}]}
  - {id: runbook, level: Gold, type: entity.link.exists, params: {titleContains: runbook}}
"""
FIXED = ("lifecycle", "techdocs", "tier", "runbook")
# Keys an edit may rewrite in place (a value set, a flow list or mapping extended, a null
# value filled): every other original line must survive unchanged.
EDITED_KEYS = ("lifecycle:", "tags:", "annotations:", "links:", "metadata:", "spec:")


@pytest.fixture
def corpus_repo(shared: Path, make_repo: object, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = make_repo({"fixable.yaml": SCORECARD})  # type: ignore[operator]
    for i, source in enumerate(sorted((shared / "corpus" / "backstage").iterdir())):
        if source.suffix in (".yaml", ".yml"):
            target = repo / f"c{i:02d}" / "catalog-info.yaml"
            target.parent.mkdir()
            shutil.copyfile(source, target)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "corpus")
    monkeypatch.chdir(repo)
    return repo


def _failing(repo: Path) -> set[tuple[str, str]]:
    done = runner.invoke(app, ["check", "-s", "fixable.yaml", "-f", "json"])
    return {(r["entity"], rule["id"]) for r in json.loads(done.stdout)["results"]
            for rule in r["rules"] if not rule["passed"] and rule["id"] in FIXED}


def test_apply_keeps_every_other_line_and_the_rules_pass(corpus_repo: Path) -> None:
    originals = {p: p.read_bytes() for p in corpus_repo.glob("c*/catalog-info.yaml")}
    before = _failing(corpus_repo)
    assert len(before) > 50  # the corpus gives the editor plenty to do
    done = runner.invoke(app, ["fix", "-s", "fixable.yaml", "--apply"])
    edited = [line.removeprefix("edited ") for line in done.stdout.splitlines()]
    assert len(edited) > 20, done.output
    for path, old in originals.items():
        new = path.read_bytes()
        if new == old:
            continue
        # lines with their endings: a file without a final newline gains one when a line
        # is added after its last line, and that is the only ending that may change
        old_lines = old.decode().splitlines(keepends=True)
        if not old.endswith(b"\n") and not new.endswith(old_lines[-1].encode()):
            old_lines[-1] += "\n"
        new_lines = new.decode().splitlines(keepends=True)
        matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
        for tag, a0, a1, _, _ in matcher.get_opcodes():
            if tag in ("equal", "insert"):
                continue
            for line in old_lines[a0:a1]:
                assert line.strip().startswith(EDITED_KEYS), (path, tag, line)
    after = _failing(corpus_repo)
    fixed = before - after
    assert len(fixed) > 50 and not after - before
    # what is left could not be edited safely; each one was said on stderr
    for entity, _ in after:
        assert entity in done.stderr or "refused" in done.stderr or "not applied" in done.stderr
    again = runner.invoke(app, ["fix", "-s", "fixable.yaml", "--apply"])
    assert again.stdout == ""


def test_a_broken_neighbour_does_not_stop_the_edits(corpus_repo: Path) -> None:
    write_files(corpus_repo, {"zz/catalog-info.yaml": "kind: [unclosed\n"})
    done = runner.invoke(app, ["fix", "-s", "fixable.yaml", "--apply"])
    assert done.exit_code == 2 and "zz/catalog-info.yaml" in done.stderr
    assert "edited " in done.stdout
