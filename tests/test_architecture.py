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


def test_a_small_check_imports_no_heavy_module_it_does_not_need(make_repo: object,
                                                                tmp_path: object) -> None:
    """The pre-commit case: one catalog file, built-in scorecards, JSON and table to a pipe.
    PyYAML, jsonschema, regex and pydantic stay unimported, and rich too unless the table
    is drawn (SCORECARD_DEBUG_MODULES is a hidden debug aid that writes the imported module
    names at exit)."""
    import os
    from pathlib import Path

    repo = make_repo({"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\n"  # type: ignore[operator]
                      "metadata: {name: x}\nspec: {owner: team}\n", "README.md": "x"})
    for fmt in ("json", "table"):
        report = Path(str(tmp_path)) / f"modules-{fmt}.txt"
        done = subprocess.run([sys.executable, "-m", "scorecard_cli", "check", "-f", fmt],
                              cwd=repo, capture_output=True, text=True, check=False,
                              env={**os.environ, "SCORECARD_DEBUG_MODULES": str(report)})
        assert done.returncode == 0, done.stderr
        modules = set(report.read_text().split())
        assert "scorecard_cli.core.engine" in modules  # the report is real
        assert "git" in modules  # the built-in scorecards have file rules
        for lazy in ("yaml", "jsonschema", "regex", "pydantic"):
            assert lazy not in modules, (fmt, lazy)
        assert ("rich" in modules) == (fmt == "table")
