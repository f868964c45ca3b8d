"""``--format json``: the versioned document of SPEC §8, serialized once with orjson."""

from __future__ import annotations

import orjson

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions


def render(result: RunResult, options: RenderOptions) -> bytes:
    """The JSON document as UTF-8 bytes, compact, one line plus a newline."""
    return orjson.dumps(result.document(), default=str,
                        option=orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE)
