"""Where ``scorecard fix`` may write: inside the repository, never through a symbolic
link, never into ``.git``, never over an existing file unless asked."""

from __future__ import annotations

import os

from scorecard_cli.core.documents import read_text
from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.places import within


class Refused(Exception):
    """A write that is not made; the message says why."""


def check_target(path: str, boundary: str, creating: bool, force: bool) -> str | None:
    """Check that ``path`` may be written; return its current text (None: absent).

    Refused when it lies outside ``boundary`` (the repository root) or inside a ``.git``
    folder, when any folder on its way from the root or the file itself is a symbolic
    link, when it is not a regular file, and, with ``creating``, when it exists and
    ``force`` is not given.
    """
    normal = os.path.normpath(os.path.abspath(path))
    root = os.path.normpath(os.path.abspath(boundary))
    if normal == root or not within(normal, root):
        raise Refused("it is outside the repository")
    parts = os.path.relpath(normal, root).split(os.sep)
    if any(part.casefold() == ".git" for part in parts):
        raise Refused("it is inside .git")
    current = root
    for part in parts:
        current = os.path.join(current, part)
        if os.path.islink(current):
            raise Refused("a symbolic link is on its path, and fix never writes through one")
    if not os.path.lexists(normal):
        return None
    if not os.path.isfile(normal):
        raise Refused("it exists and is not a regular file")
    if creating and not force:
        raise Refused("it exists, and fix never replaces a file without --force")
    try:
        return read_text(normal, normal, ScorecardError)
    except ScorecardError as exc:
        raise Refused(exc.message) from None
