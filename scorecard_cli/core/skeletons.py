"""Tell a template skeleton that cannot parse from a catalog file that is just broken.

A scaffolder or cookiecutter skeleton (``{{ cookiecutter.name }}``, ``${{ values.x }}``,
``{%- if ... %}``) is not YAML until it is rendered, so ``check`` and ``validate`` skip
it. They skip it only when its markers explain the parse error: the error's line, or
the lines just around it, hold a marker, or the error is the one a cookiecutter value
written as ``key: {{ ... }}`` gives (YAML reads ``{{`` as a flow mapping used as a key).
Anything else, a ``kind: Template`` with a broken indentation included, is an error.
"""

from __future__ import annotations

import re

from scorecard_cli.core.documents import TEMPLATE_MARKERS

# YAML errors tend to be reported on the line after the construct that caused them
# (an unclosed flow collection, a block that ends early): look a little around it.
_LINES_BEFORE = 2
_LINES_AFTER = 1
_COMPLEX_KEY = "a mapping key is itself a mapping or list"
# a key, a value or a list item that starts with a template expression: YAML reads it
# as a flow mapping inside a flow mapping, whose key is a mapping
_TEMPLATED_VALUE = re.compile(r"^\s*\{\{|:\s+\{\{|^\s*-\s+\{\{")
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:\s|$)")


def _has_marker(line: str) -> bool:
    return any(marker in line for marker in TEMPLATE_MARKERS)


def markers_explain(text: str, message: str, line: int) -> bool:
    """True when the template markers of ``text`` explain a parse error at ``line``.

    ``message`` is the parse error's message and ``line`` its 1-based line.
    """
    lines = text.splitlines()
    if _COMPLEX_KEY in message:
        # placed at the start of its document: look through that document
        start = max(line - 1, 0)
        for number, current in enumerate(lines[start:]):
            if number and _DOCUMENT_MARKER.match(current):
                break  # the next document
            if _TEMPLATED_VALUE.search(current):
                return True
        return False
    first = max(line - 1 - _LINES_BEFORE, 0)
    return any(_has_marker(current) for current in lines[first:line + _LINES_AFTER])
