"""Helpers for the robustness suite: run ``scorecard check`` in-process and read its outcome.

Every run made through ``cli`` is checked for what must hold whatever the input: no
exception other than the CLI's own exit, an exit code of 0, 1 or 2, no traceback, and
every stderr line a ``file:line:col: message`` diagnostic or one ``scorecard: error:`` line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard_cli.cli import app
from tests.conftest import REPO_ROOT

DIAGNOSTIC = re.compile(r"^[^\n]+:\d+:\d+: (notice: |warning: )?\S[^\n]*$")
FATAL = re.compile(r"^scorecard: error: \S[^\n]*$")

GOOD = ("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: good}\n"
        "spec: {owner: team-a}\n")
GOOD_REF = "component:default/good"
OWNER_SCORECARD = ("id: sc\nrules:\n  - {id: owner, level: Bronze, type: entity.field.exists, "
                   "params: {field: $team}}\n")


@dataclass
class Run:
    """What one ``scorecard`` invocation produced."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """The stderr lines."""
        return self.stderr.splitlines()

    @property
    def doc(self) -> dict:
        """The JSON document on stdout."""
        return json.loads(self.stdout)

    @property
    def entities(self) -> list[str]:
        """The entity references that have results, sorted, once each."""
        return sorted({record["entity"] for record in self.doc["results"]})

    def rules(self, entity: str | None = None) -> dict[str, tuple[bool, str | None]]:
        """``{rule id: (passed, error)}`` of one entity (the only one when not named)."""
        records = [r for r in self.doc["results"] if entity is None or r["entity"] == entity]
        assert len(records) == 1, [r["entity"] for r in records]
        return {rule["id"]: (rule["passed"], rule["error"]) for rule in records[0]["rules"]}

    def details(self, entity: str | None = None) -> dict[str, str]:
        """``{rule id: details}`` of one entity (the only one when not named)."""
        records = [r for r in self.doc["results"] if entity is None or r["entity"] == entity]
        assert len(records) == 1
        return {rule["id"]: rule["details"] for rule in records[0]["rules"]}


def assert_clean(exit_code: int, stdout: str, stderr: str) -> None:
    """What every run must satisfy: a known exit code, no traceback, one-line diagnostics."""
    assert exit_code in (0, 1, 2), f"exit code {exit_code}\n{stderr}"
    assert "Traceback" not in stdout + stderr, stderr
    for line in stderr.splitlines():
        assert DIAGNOSTIC.match(line) or FATAL.match(line), f"not a diagnostic: {line!r}"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``cli(*args, cwd=tmp_path)``: run ``scorecard`` in-process with CliRunner."""
    monkeypatch.delenv("SCORECARD_TRACEBACK", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args: str, cwd: Path | None = None) -> Run:
        monkeypatch.chdir(cwd or tmp_path)
        result = CliRunner().invoke(app, list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"scorecard {' '.join(args)} raised "
                                 f"{type(result.exception).__name__}: {result.exception}"
                                 ) from result.exception
        assert_clean(result.exit_code, result.stdout, result.stderr)
        return Run(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def cli_process(tmp_path: Path) -> Callable[..., Run]:
    """``cli_process(*args, cwd=tmp_path)``: run ``python -m scorecard_cli`` as a process.

    For inputs that could kill or hang the interpreter: a hang is stopped after a generous
    guard (a failure, not a timing assertion), a crash shows as a negative return code.
    """

    def invoke(*args: str, cwd: Path | None = None, guard: float = 120) -> Run:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "scorecard_cli", *args], cwd=cwd or tmp_path,
                capture_output=True, text=True, timeout=guard, check=False,
                env={**_environ(), "PYTHONPATH": str(REPO_ROOT), "NO_COLOR": "1"},
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"scorecard {' '.join(a[:60] for a in args)} did not finish "
                        f"within {guard} s: an unbounded operation")
        assert done.returncode >= 0, f"killed by signal {-done.returncode}\n{done.stderr}"
        assert_clean(done.returncode, done.stdout, done.stderr)
        return Run(done.returncode, done.stdout, done.stderr)

    return invoke


def _environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "SCORECARD_TRACEBACK"}


@pytest.fixture
def scs(tmp_path: Path) -> Path:
    """A folder for scorecards, outside every repository."""
    folder = tmp_path / "scorecards"
    folder.mkdir()
    return folder



def write(root: Path, name: str, data: str | bytes) -> None:
    """Write text (as UTF-8, newlines untouched) or bytes."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def check_beside_good(cli: Callable[..., Run], tmp_path: Path, name: str,
                      data: str | bytes) -> Run:
    """Check a good catalog file and ``name`` together, with the owner scorecard."""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", OWNER_SCORECARD)
    write(tmp_path, name, data)
    return cli("check", "good.yaml", name, "-s", "sc.yaml", "-f", "json")
