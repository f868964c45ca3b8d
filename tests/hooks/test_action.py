"""The composite GitHub Action: well-formed, current actions, every input declared and
used, and its Check step's real script run on a copy of the example repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT, git

ACTION_TEXT = (REPO_ROOT / "action.yml").read_text(encoding="utf-8")
ACTION = yaml.safe_load(ACTION_TEXT)
STEPS = ACTION["runs"]["steps"]
SCORECARD = Path(sys.executable).parent / "scorecard"


def step(step_id: str) -> dict:
    return next(s for s in STEPS if s.get("id") == step_id)


def test_inputs_are_declared_and_used_and_outputs_come_from_the_check() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(re.findall(r"inputs\.([\w-]+)", ACTION_TEXT)) == set(ACTION["inputs"])
    assert {"config", "working-directory", "version", "extra-args", "category",
            "upload-sarif"} <= set(ACTION["inputs"])
    assert all("shell" in s for s in STEPS if "run" in s)
    # Inputs reach scripts only through env (never spliced into the script text).
    assert not any("${{" in s.get("run", "") for s in STEPS)
    for name, output in ACTION["outputs"].items():
        assert output["value"] == f"${{{{ steps.check.outputs.{name} }}}}"


def test_current_major_versions_and_sarif_upload_off_by_default() -> None:
    uses = {s["uses"].split("@")[0]: s for s in STEPS if "uses" in s}
    assert uses["actions/setup-python"]["uses"] == "actions/setup-python@v7"
    assert uses["github/codeql-action/upload-sarif"]["uses"] == (
        "github/codeql-action/upload-sarif@v4")
    assert ACTION["inputs"]["upload-sarif"]["default"] == "false"
    upload = uses["github/codeql-action/upload-sarif"]
    assert "inputs.upload-sarif == 'true'" in upload["if"]
    assert upload["with"]["category"] == "${{ inputs.category }}"


def test_scorecard_gets_its_own_environment() -> None:
    setup = next(s for s in STEPS if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["update-environment"] is False  # the job's Python stays as it was
    install = step("install")["run"]
    assert '-m venv "$SC_VENV"' in install
    assert '"$SC_VENV/bin/python" -m pip install' in install
    assert step("check")["env"]["SC_BIN"] == "${{ steps.install.outputs.scorecard }}"


def test_one_evaluation_writes_every_report() -> None:
    script = step("check")["run"]
    assert len(re.findall(r'"\$SC_BIN" check', script)) == 1
    for fmt in ("json", "sarif", "junit", "markdown"):
        assert f'--report "{fmt}=' in script


def run_check_step(workdir: Path, tmp_path: Path, **inputs: str) -> tuple[int, dict, str]:
    """Run the Check step's script as the runner would: its env, its working directory."""
    check = step("check")
    env = dict(os.environ)
    values = {"inputs.paths": "", "inputs.scorecards": "", "inputs.config": "",
              "inputs.fail-below": "", "inputs.extra-args": "", "inputs.format": "github",
              "inputs.summary": "true", "inputs.category": "scorecard",
              **{f"inputs.{k.replace('_', '-')}": v for k, v in inputs.items()},
              "steps.install.outputs.scorecard": str(SCORECARD),
              "steps.install.outputs.python": sys.executable,
              "runner.temp": str(tmp_path / "runner")}
    for key, value in check["env"].items():
        env[key] = re.sub(r"\$\{\{ *([\w.-]+) *\}\}", lambda m: values[m.group(1)], value)
    outputs, summary = tmp_path / "output", tmp_path / "summary"
    outputs.write_text("")
    env.update(GITHUB_OUTPUT=str(outputs), GITHUB_STEP_SUMMARY=str(summary))
    done = subprocess.run(["bash", "-e", "-c", check["run"]], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    found = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if line)
    return done.returncode, found, summary.read_text() if summary.exists() else ""


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    if not SCORECARD.is_file():
        pytest.skip("no scorecard executable beside this interpreter")
    root = tmp_path / "acme"
    shutil.copytree(REPO_ROOT / "examples" / "acme", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "acme")
    return root


def test_the_check_step_runs_once_and_sets_every_output(acme: Path, tmp_path: Path) -> None:
    code, out, summary = run_check_step(
        acme, tmp_path, fail_below="Silver",
        extra_args="--ignore 'ownership/owner-is-a-group' --exit-zero")
    assert code == 0, out
    assert out["exit-code"] == "0" and out["verdict"] == "fail"  # --exit-zero: still fails
    report = json.loads(Path(out["json-report"]).read_text())
    summary_ = report["summary"]
    assert out["entities"] == str(summary_["entities"]) and out["entities"] != "0"
    assert out["below-threshold"] == str(summary_["belowThreshold"]) != "0"
    assert out["errors"] == str(summary_["findings"]["error"])
    assert out["notes"] == str(summary_["findings"]["note"])
    assert not any(rule["id"] == "owner-is-a-group" for r in report["results"]
                   for rule in r["rules"])  # extra-args reached scorecard
    sarif = json.loads(Path(out["sarif-report"]).read_text())
    assert sarif["runs"][0]["automationDetails"] == {"id": "scorecard/"}
    assert Path(out["junit-report"]).read_text().startswith("<?xml")
    assert summary.startswith("## Scorecard results") and summary == Path(
        out["markdown-report"]).read_text()


def test_extra_args_are_never_run_as_shell(acme: Path, tmp_path: Path) -> None:
    code, out, _ = run_check_step(acme, tmp_path, extra_args="$(touch pwned) `touch pwned2`")
    assert not (acme / "pwned").exists() and not (acme / "pwned2").exists()
    assert out["exit-code"] == "2" and code == 0  # the step records it; the last step fails
