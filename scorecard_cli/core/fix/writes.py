"""Show a fix plan as a unified diff, or apply it: each file written atomically, after
checking again that it may be written and that it did not change since it was read."""

from __future__ import annotations

import difflib

from scorecard_cli.core.atomic import atomic_write
from scorecard_cli.core.errors import ScorecardError
from scorecard_cli.core.fix.collect import FileChange, FixPlan
from scorecard_cli.core.fix.safety import Refused, check_target


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def unified_diff(change: FileChange) -> str:
    """The change as a unified diff (``/dev/null`` for a file to create)."""
    before = "/dev/null" if change.old is None else f"a/{change.display}"
    diff = difflib.unified_diff(_lines(change.old or ""), _lines(change.new), before,
                                f"b/{change.display}", n=3)
    return "".join(diff)


def render_diff(plan: FixPlan) -> str:
    """Every change of the plan as one unified diff, files in order."""
    return "".join(unified_diff(change) for change in plan.changes)


def apply_plan(plan: FixPlan, force: bool) -> tuple[list[FileChange], list[str]]:
    """Write every change; return the changes written and one message per refusal."""
    written, refused = [], []
    for change in plan.changes:
        try:
            current = check_target(change.path, change.boundary, creating=change.old is None,
                                   force=force)
            if current != change.old:
                raise Refused("it changed while fix was running; run fix again")
            atomic_write(change.path, change.new, change.boundary, change.display,
                         make_folders=change.old is None)
        except Refused as exc:
            refused.append(f"{change.display}: {exc}")
            continue
        except ScorecardError as exc:
            refused.append(f"{change.display}: {exc.message}")
            continue
        written.append(change)
    return written, refused
