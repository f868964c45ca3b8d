"""Built-in scorecards, used when neither ``-s`` nor a configuration names any."""

from __future__ import annotations

from pathlib import Path

PRESETS_DIR = Path(__file__).parent


def builtin_scorecard_files() -> list[str]:
    """Paths of the built-in scorecard files, sorted."""
    return sorted(str(p) for p in PRESETS_DIR.glob("*.yaml"))
