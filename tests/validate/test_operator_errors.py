"""``validate`` on the conditions added for Port fidelity: one located problem for each
mistake in a relation condition, a date range, ``in`` and ``not``."""

from __future__ import annotations

from collections.abc import Callable

HEAD = "id: s\nrules:\n"


def rule(condition: str) -> str:
    return f"  - id: r\n    level: Bronze\n    query: {{conditions: [{condition}]}}\n"


def test_each_mistake_is_one_problem_at_its_place(check: Callable[..., list[str]]) -> None:
    text = HEAD + "".join(rule(c).replace("id: r", f"id: r{i}") for i, c in enumerate([
        "{operator: isEmpty}",
        "{property: x, relation: y, operator: isEmpty}",
        "{property: x, operator: between, value: {preset: nextYear}}",
        "{property: x, operator: between, value: {from: 2026-01-01, to: 2025-01-01}}",
        "{property: x, operator: notBetween, value: 2026-01-01}",
        "{property: x, operator: isEmpty, not: 1}",
        "{relation: domain, operator: in, value: [a, b], not: true}",
    ]))
    assert check("sc.yaml", text) == [
        "sc.yaml:5:26: a condition needs a 'property' (or a 'relation')",
        "sc.yaml:8:26: a condition names either a 'property' or a 'relation', not both",
        ("sc.yaml:11:75: unknown date preset 'nextYear' (known: today, tomorrow, yesterday, "
        "lastWeek, last2Weeks, lastMonth, last3Months, last6Months, last12Months)"),
        "sc.yaml:14:66: the date range ends before it starts ('2026-01-01' > '2025-01-01')",
        ("sc.yaml:17:69: 'value' must be {\"from\": ISO, \"to\": ISO} or {\"preset\": P} "
        "(got '2026-01-01')"),
        "sc.yaml:20:64: 'not' must be a boolean (got 1)",
    ]
