"""The last guard before output leaves the process: no line a CI runner would read as a
workflow command unless we wrote it as one, and no text Python cannot encode.

GitHub's runner reads every line of a step's output (split at CR, LF or CRLF) and runs
it as a command when, after leading whitespace, it starts with ``::`` (``::error::``,
``::add-mask::``, ``::stop-commands::TOKEN``, which silences every later annotation), or
when it holds ``##[`` anywhere (the older form, ``##[stop-commands]TOKEN``). Input text
(a Port blueprint, a folder name, a rule's details) can land at the start of a line in
every format, so ``guard`` rewrites those places in the escape of the format, which
readers of that format decode back to the same text: ``\\x3a`` in plain text, ``&#58;``
in XML and Markdown, ``\\u003a`` inside JSON strings. ``--format github`` keeps the
commands its reporter built (``COMMANDS``), and only those.

A file name that is not UTF-8 reaches Python as lone surrogates (``\\udcff``), which no
encoder writes; they are shown as ``\\xff`` (``escape_undecodable``).
"""

from __future__ import annotations

import re

from scorecard_cli.core.places import escape_undecodable
from scorecard_cli.reporters.text import visible

# (':' , '#') as each style writes them so that the runner no longer sees a command.
ESCAPES = {
    "text": ("\\x3a", "\\x23"),
    "xml": ("&#58;", "&#35;"),  # XML and Markdown (which reads HTML character references)
    "json": ("\\u003a", "\\u0023"),  # only ever inside a JSON string, where '##[' can be
}
COMMANDS = frozenset({"error", "warning", "notice", "debug", "group", "endgroup"})
# Leading whitespace as .NET's TrimStart sees it (Python's \s is a superset), then '::'.
_COMMAND_START = re.compile(r"(?:^|(?<=[\r\n]))([^\S\r\n]*)::")
_SURROGATE = re.compile("[\ud800-\udfff]")
_OURS = re.compile(rf"::(?:{'|'.join(sorted(COMMANDS))})(?: [^\r\n]*)?::")


def guard(text: str, style: str = "text", commands: bool = False) -> str:
    """``text`` with every line start that reads as a workflow command (and every ``##[``)
    escaped in ``style`` and undecodable file-name bytes shown as ``\\xNN``. With
    ``commands``, lines that are workflow commands named in ``COMMANDS`` are kept."""
    if not text.isascii() and _SURROGATE.search(text) is not None:
        # inside a JSON string (the only place one can be) the backslash is escaped too
        text = escape_undecodable(text, "\\\\" if style == "json" else "\\")
    if "::" not in text and "##[" not in text:
        return text
    if commands:
        return "".join(line if _OURS.match(line) else guard(line, style)
                       for line in text.splitlines(keepends=True))
    colon, hash_sign = ESCAPES[style]
    text = _COMMAND_START.sub(lambda m: f"{m.group(1)}{colon}:", text)
    return text.replace("##[", f"#{hash_sign}[")


# JSON puts only ASCII whitespace between tokens and never a raw line break in a string.
_COMMAND_START_BYTES = re.compile(rb"(?:^|(?<=[\r\n]))([ \t\x0b\x0c]*)::")


def guard_bytes(data: bytes, style: str = "json") -> bytes:
    """``guard`` for a UTF-8 document (the JSON report), without decoding it when it
    holds neither ``::`` nor ``##[``."""
    if b"::" not in data and b"##[" not in data:
        return data
    colon, hash_sign = (part.encode() for part in ESCAPES[style])
    data = _COMMAND_START_BYTES.sub(lambda m: m.group(1) + colon + b":", data)
    return data.replace(b"##[", b"#" + hash_sign + b"[")


def guard_report(report: str | bytes, style: str = "text") -> str | bytes:
    """``guard`` for a whole report, text or UTF-8 bytes; ``style`` "commands" is
    ``--format github`` (text escapes, its own commands kept)."""
    if isinstance(report, bytes):  # a JSON document (orjson), unless said to be XML
        return guard_bytes(report, "xml" if style == "xml" else "json")
    if style == "commands":
        return guard(report, commands=True)
    return guard(report, style)


def safe_line(text: str) -> str:
    """Text from the input as one line for stderr (a diagnostic): control characters,
    undecodable bytes and anything the runner would read as a command escaped."""
    return guard(visible(text, one_line=True))
