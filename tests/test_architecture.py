"""Import rules: the core never imports the CLI, typer or rich; heavy modules stay lazy."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "scorecard_cli.core.check", "scorecard_cli.core.engine", "scorecard_cli.core.catalog",
    "scorecard_cli.core.scorecards", "scorecard_cli.core.sources", "scorecard_cli.core.query",
]


def imported_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_core_imports_no_cli_and_no_heavy_modules() -> None:
    modules = imported_after("\n".join(f"import {m}" for m in CORE_MODULES))
    for banned in ("typer", "click", "rich", "git", "jsonschema", "scorecard_cli.cli",
                   "scorecard_cli.reporters"):
        assert banned not in modules, banned


def test_the_cli_does_not_import_rich_or_jsonschema_up_front() -> None:
    modules = imported_after("import scorecard_cli.cli")
    assert "rich" not in modules
    assert "jsonschema" not in modules
    assert "git" not in modules
