"""``--format json``: the versioned document of SPEC §8, serialized once."""

from __future__ import annotations

import json

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions


def render(result: RunResult, options: RenderOptions) -> str:
    """The JSON document, compact, one line plus a newline."""
    return json.dumps(result.document(), ensure_ascii=False, default=str) + "\n"
