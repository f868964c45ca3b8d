"""``--format json``: the versioned document of SPEC §8, serialized once with orjson."""

from __future__ import annotations

import orjson

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions


def render(result: RunResult, options: RenderOptions) -> str:
    """The JSON document, compact, one line plus a newline."""
    data = orjson.dumps(result.document(), default=str,
                        option=orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE)
    return data.decode("utf-8")
