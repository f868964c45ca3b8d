"""How serious a failing rule is, given the gate CI asked for: one rule for every format.

A failing rule is an ``error`` when it stands between the entity and the level its gate
asks for (``--fail-below`` / ``failBelow``), a ``note`` when it only keeps the entity
from a level above the gate, and a ``warning`` when no gate applies to the evaluation.
With ``--strict`` every failing rule is an error. Passing and waived rules have none.

"Stands between" follows the level rule of SPEC §3: a level that holds no rules is
reached only through a higher level that holds rules, so the rules of that higher level
gate too (levels Basic, Bronze, Silver, Gold with no Silver rules: ``--fail-below
Silver`` needs the Gold rules). The first level is the floor: when it holds no rules,
``--fail-below`` at it gates nothing.
"""

from __future__ import annotations

from scorecard_cli.core.levels import rule_level_indexes
from scorecard_cli.core.model import Scorecard

ERROR = "error"
WARNING = "warning"
NOTE = "note"
SEVERITIES = (ERROR, WARNING, NOTE)


def gating_levels(scorecard: Scorecard) -> list[int]:
    """For each level index a gate may ask for, the highest rule level that gates.

    Rules at that index or below are errors; ``-1`` means nothing gates (the floor).
    """
    with_rules = sorted(set(rule_level_indexes(scorecard)))
    last = len(scorecard.levels) - 1
    out = []
    for wanted in range(len(scorecard.levels)):
        if wanted == 0:
            out.append(0 if 0 in with_rules else -1)
            continue
        higher = [i for i in with_rules if i >= wanted]
        # No level at or above the gate holds rules: it can never be reached, and no
        # single rule is the reason; call every failing rule an error.
        out.append(higher[0] if higher else last)
    return out


def rule_severity(rule_level: int, gate: int | None, strict: bool) -> str:
    """The severity of one failing, non-waived rule at level index ``rule_level``.

    ``gate`` is the entry of ``gating_levels`` for the evaluation's threshold, or None
    when no threshold applies to it.
    """
    if strict:
        return ERROR
    if gate is None:
        return WARNING
    return ERROR if rule_level <= gate else NOTE
