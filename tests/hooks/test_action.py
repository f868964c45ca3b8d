"""The composite GitHub Action: well-formed, and every input it uses is declared."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO_ROOT


def test_action_inputs_are_declared_and_used() -> None:
    text = (REPO_ROOT / "action.yml").read_text(encoding="utf-8")
    action = yaml.safe_load(text)
    assert action["runs"]["using"] == "composite"
    declared = set(action["inputs"])
    used = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used == declared
    steps = action["runs"]["steps"]
    assert all("shell" in step for step in steps if "run" in step)
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif")
               for step in steps)
    check = next(step for step in steps if step.get("id") == "check")
    for fmt in ("--format markdown", "--format sarif"):
        assert fmt in check["run"]
