"""``--format json``: the versioned document of SPEC §8, serialized once with orjson.

orjson refuses what the standard library writes: integers beyond 64 bits (a scorecard
may hold one, and a fix suggests it back) and nesting past 254 levels. The document is
then written by ``json`` instead, the same compact form.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions


def render(result: RunResult, options: RenderOptions) -> bytes:
    """The JSON document as UTF-8 bytes, compact, one line plus a newline."""
    return encode(result.document())


def encode(document: Any, indent: bool = False) -> bytes:
    """``document`` as UTF-8 JSON and a newline: compact, or indented by two spaces."""
    option = orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE
    try:
        return orjson.dumps(document, default=str,
                            option=option | orjson.OPT_INDENT_2 if indent else option)
    except (orjson.JSONEncodeError, TypeError):
        return _stdlib_dumps(document, indent)


def _stdlib_dumps(document: Any, indent: bool = False) -> bytes:
    """What orjson writes, by the standard library: UTF-8, non-string keys as strings,
    NaN and infinities as null; a lone surrogate (from a file name that is not UTF-8) is
    written escaped."""
    plain = _finite(document)
    layout: dict[str, Any] = {"indent": 2} if indent else {"separators": (",", ":")}
    text = json.dumps(plain, ensure_ascii=False, default=str, **layout)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(plain, default=str, **layout).encode("ascii") + b"\n"


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None, as orjson writes them."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
