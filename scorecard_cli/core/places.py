"""Display paths: relative to the current folder when under it, with ``/`` separators."""

from __future__ import annotations

import os
import re


def display_path(path: str, cwd: str) -> str:
    """``path`` relative to ``cwd`` when under it, else absolute; ``/`` separators; bytes
    that are not UTF-8 shown as ``\\xNN``."""
    prefix = cwd.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and os.sep + "." not in path[len(prefix) - 1:]:
        return escape_undecodable(path[len(prefix):].replace(os.sep, "/"))  # no syscalls
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        rel = absolute
    shown = absolute if rel == ".." or rel.startswith(".." + os.sep) else rel
    return escape_undecodable(shown.replace(os.sep, "/"))


def within(path: str, folder: str) -> bool:
    """True when ``path`` is ``folder`` or lies under it (both already resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


_SURROGATES = re.compile("[\ud800-\udfff]")


def escape_undecodable(text: str, backslash: str = "\\") -> str:
    """``text`` with each byte that was not UTF-8 (a lone surrogate ``\\udcNN`` from the
    file system's ``surrogateescape``) written as ``\\xNN``; any other lone surrogate as
    ``\\uNNNN``. Such text can then be encoded, printed and put in any report.
    ``backslash`` is how the escapes begin (``"\\\\"`` inside a JSON string)."""
    if text.isascii() or _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub(lambda match: _escape_surrogate(ord(match.group()), backslash), text)


def _escape_surrogate(code: int, backslash: str) -> str:
    if 0xDC80 <= code <= 0xDCFF:
        return f"{backslash}x{code - 0xDC00:02x}"
    return f"{backslash}u{code:04x}"
