"""``scorecard check`` end to end: in-process with CliRunner, and one real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scorecard_cli import __version__
from scorecard_cli.cli import app
from tests.conftest import REPO_ROOT, write_files

runner = CliRunner()

SCORECARD = {
    "id": "ready",
    "title": "Ready",
    "blueprint": "Component",
    "rules": [
        {"id": "owner", "title": "Has owner", "level": "Bronze", "type": "entity.field.exists",
         "params": {"field": "spec.owner"}},
        {"id": "readme", "title": "Has README", "level": "Silver", "type": "scm.file.exists",
         "params": {"path": "README.md"}},
        {"id": "docs", "title": "Has docs", "level": "Gold", "type": "scm.file.exists",
         "params": {"path": "docs"}},
    ],
}


def component(name: str, owner: str | None = "team") -> str:
    spec = {"owner": owner} if owner else {}
    return yaml.safe_dump({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                           "metadata": {"name": name}, "spec": spec})


def mono_files() -> dict[str, str]:
    """The files of a monorepo: gold (everything), silver (no docs), basic (no owner)."""
    return {
        "scorecards/ready.yaml": yaml.safe_dump(SCORECARD),
        "svc/gold/catalog-info.yaml": component("gold"),
        "svc/gold/README.md": "x",
        "svc/gold/docs/index.md": "x",
        "svc/silver/catalog-info.yaml": component("silver"),
        "svc/silver/README.md": "x",
        "svc/basic/catalog-info.yml": component("basic", owner=None),
        "svc/basic/README.md": "x",
    }


@pytest.fixture
def mono(make_repo: Callable, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The monorepo of ``mono_files``, plus a git-ignored copy that must not count."""
    repo = make_repo({**mono_files(), "ignored/catalog-info.yaml": component("ignored"),
                      ".gitignore": "ignored/\n"})
    monkeypatch.chdir(repo)
    return repo


def check(*args: str) -> object:
    return runner.invoke(app, ["check", *args])


def test_json_document(mono: Path) -> None:
    result = check("-s", "scorecards", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["version"] == 1
    assert [(r["entity"], r["level"], r["status"], r["rulesPassed"]) for r in doc["results"]] == [
        ("component:default/basic", "Basic", "failed", 1),
        ("component:default/gold", "Gold", "success", 3),
        ("component:default/silver", "Silver", "partial", 2),
    ]
    basic = doc["results"][0]
    assert basic["source"] == "svc/basic/catalog-info.yml"
    assert [r["passed"] for r in basic["rules"]] == [False, True, False]
    assert doc["summary"] == {"entities": 3, "evaluations": 3, "skipped": 0, "templates": 0,
                              "belowThreshold": 0, "errors": 0, "verdict": "pass",
                              "findings": {"error": 0, "warning": 3, "note": 0}}
    assert result.stderr == ""


def test_fail_below(mono: Path) -> None:
    result = check("-s", "scorecards", "-f", "json", "--fail-below", "silver")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [r["belowThreshold"] for r in doc["results"]] == [True, False, False]
    assert doc["summary"]["belowThreshold"] == 1
    assert check("-s", "scorecards", "--fail-below", "Bronze").exit_code == 1
    assert check("-s", "scorecards", "--fail-below", "Basic").exit_code == 0
    assert check("-s", "scorecards", "svc/gold", "--fail-below", "Gold").exit_code == 0


def test_fail_below_unknown_level_is_a_usage_error(mono: Path) -> None:
    result = check("-s", "scorecards", "--fail-below", "Sliver")
    assert result.exit_code == 2
    assert result.stderr == ("scorecard: error: --fail-below 'Sliver' is not a level of any "
                             "selected scorecard (levels: Basic, Bronze, Gold, Silver)\n")
    assert result.stdout == ""


def test_strict(mono: Path) -> None:
    assert check("-s", "scorecards", "svc/gold").exit_code == 0
    assert check("-s", "scorecards", "svc/gold", "--strict").exit_code == 0
    assert check("-s", "scorecards", "svc/silver", "--strict").exit_code == 1


def test_only(mono: Path) -> None:
    (mono / "scorecards" / "other.yaml").write_text("id: other\nrules: []\n")
    doc = json.loads(check("-s", "scorecards", "-f", "json", "--only", "other").stdout)
    assert {r["scorecard"] for r in doc["results"]} == {"other"}
    result = check("-s", "scorecards", "--only", "nope")
    assert result.exit_code == 2
    assert "--only 'nope': no such scorecard (loaded: other, ready)" in result.stderr


def test_table_output(mono: Path) -> None:
    result = check("-s", "scorecards")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Entity", "Scorecard", "Level", "Status", "Passed", "Location"]
    assert lines[2].split() == ["component:default/basic", "ready", "Basic", "failed", "1/3",
                                "svc/basic/catalog-info.yml:1"]
    assert lines[3].split()[:3] == ["✗", "ready/owner", "(Bronze)"]
    assert "fix: set spec.owner in svc/basic/catalog-info.yml" in lines[4]
    assert "\x1b[" not in result.stdout  # not a terminal: no color
    assert "3 entities, 3 evaluations: 1 success, 1 partial, 1 failed" in lines
    assert lines[-1].startswith("no gate: ")
    verbose = check("-s", "scorecards", "--verbose").stdout
    assert "✓ ready/readme (Silver)  README.md found" in verbose


def test_output_file(mono: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = check("-s", "scorecards", "-f", "json", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text())["summary"]["entities"] == 3


def test_input_errors_keep_good_results(mono: Path) -> None:
    write_files(mono, {"svc/broken/catalog-info.yaml": "apiVersion: v1\nkind: [\n",
                       "scorecards/bad.yaml": "id: bad\nrules:\n  - {id: r, level: Gold, "
                                              "type: nope}\n"})
    result = check("-s", "scorecards", "-f", "json", "--fail-below", "Gold")
    assert result.exit_code == 2  # 2 wins over 1
    doc = json.loads(result.stdout)
    assert len(doc["results"]) == 3
    assert doc["summary"]["errors"] == 2
    assert result.stderr.splitlines() == [
        "scorecards/bad.yaml:3:32: unknown rule type 'nope'",
        "svc/broken/catalog-info.yaml:2:7: invalid YAML: unclosed bracket '['",
    ]
    assert "Traceback" not in result.output


def test_folders_skip_git_ignored_files(mono: Path) -> None:
    doc = json.loads(check("-s", "scorecards", "-f", "json").stdout)
    assert "component:default/ignored" not in {r["entity"] for r in doc["results"]}
    doc = json.loads(check("-s", "scorecards", "-f", "json", "ignored/catalog-info.yaml").stdout)
    assert [r["entity"] for r in doc["results"]] == ["component:default/ignored"]


def test_nothing_to_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = check()
    assert result.exit_code == 2
    assert result.stderr == ".:1:1: no catalog-info.yaml or catalog-info.yml found in this folder\n"
    result = check("missing.yaml")
    assert result.stderr == "missing.yaml:1:1: no such file or folder\n"


def test_builtin_scorecards(mono: Path) -> None:
    doc = json.loads(check("svc/gold", "-f", "json").stdout)
    assert [r["scorecard"] for r in doc["results"]] == ["ownership", "production-readiness"]
    gold = doc["results"][1]
    assert {r["id"]: r["passed"] for r in gold["rules"]}["has-readme"] is True


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"scorecard {__version__}\n")
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    for option in ("--scorecard", "--repo", "--ref", "--format", "--fail-below", "--strict",
                   "--only", "--verbose", "--output"):
        assert option in result.stdout


def test_bad_option_value_is_a_usage_error(mono: Path) -> None:
    result = check("-f", "yaml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_bug_exits_3_without_traceback(mono: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture) -> None:
    from scorecard_cli import cli

    def boom(options: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(cli, "run_check", boom)
    monkeypatch.setattr(sys, "argv", ["scorecard", "check"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("scorecard: internal error: KeyError: 'oops'")
    assert "Traceback" not in err


def test_subprocess_smoke() -> None:
    """``python -m scorecard_cli`` on the bundled example, as a user runs it."""
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "scorecard_cli", "check", "examples/acme", "-s",
         "examples/acme/scorecards", "--format", "json"],
        cwd=REPO_ROOT, capture_output=True, text=True, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    levels = {(r["entity"], r["scorecard"]): r["level"] for r in doc["results"]}
    assert levels[("component:default/payments", "production-readiness")] == "Gold"
    assert levels[("component:default/legacy-billing", "production-readiness")] == "Basic"


def test_diagnostics_escape_control_characters(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A file name or value carrying ESC must not reach the terminal raw through stderr."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "e\x1b[2J.yaml").write_text("kind: [\n")
    result = check("e\x1b[2J.yaml")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert result.stderr.startswith("e\\x1b[2J.yaml:1:7: invalid YAML")


def test_a_named_pipe_is_not_a_regular_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    result = check("pipe.yaml")
    assert (result.exit_code, result.stderr) == (2, "pipe.yaml:1:1: not a regular file\n")
