"""Helpers for the validate tests: write files in a temporary folder and validate them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard_cli.core.validate import validate_files


@pytest.fixture
def check(tmp_path: Path) -> Callable[..., list[str]]:
    """``check(name, text, *more_names)``: write ``name``, validate it (and the others).

    Returns ``file:line:col: message`` lines. The file name decides the kind only for
    ``catalog-info.yaml`` and ``.scorecard.yaml``; otherwise the content does.
    """

    def run(name: str, text: str, *others: str) -> list[str]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return [d.format() for d in validate_files([name, *others], str(tmp_path))]

    return run
