"""``--format markdown``: golden files, and read back by a CommonMark + GFM-tables parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from scorecard_cli.core.engine import RunResult
from scorecard_cli.reporters import RenderOptions
from scorecard_cli.reporters.markdown import code, render, text
from tests.reporters import cases
from tests.reporters.regen_golden import golden_path, render_case

PARSER = MarkdownIt("commonmark").enable("table")


def plain(inline: object) -> str:
    """The text a reader sees in an inline token (markup dropped, escapes resolved)."""
    return "".join(child.content if child.type in ("text", "code_inline") else ""
                   for child in inline.children or [])  # type: ignore[attr-defined]


def table_rows(source: str) -> list[list[str]]:
    rows: list[list[str]] = []
    row: list[str] | None = None
    for token in PARSER.parse(source):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(plain(token))
    return rows


def list_items(source: str) -> list[str]:
    tokens = PARSER.parse(source)
    return [plain(tokens[i + 2]) for i, t in enumerate(tokens) if t.type == "list_item_open"]


@pytest.mark.parametrize("case", sorted(cases.CASES))
def test_golden(case: str, tmp_path: Path) -> None:
    expected = golden_path(case, "markdown").read_text(encoding="utf-8")
    assert render_case(case, "markdown", tmp_path) == expected, (
        "output changed; if intended, run python tests/reporters/regen_golden.py")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return cases.mixed(tmp_path_factory.mktemp("mixed"))


def test_table_cells_survive_specials(mixed: RunResult) -> None:
    rows = table_rows(render(mixed, RenderOptions()))
    assert rows[0] == ["Entity", "Scorecard", "Level", "Status", "Rules passed"]
    assert len(rows) == 1 + len(mixed.results)
    assert all(len(row) == 5 for row in rows)
    expected = [[r["entity"], r["scorecardTitle"],
                 (r["level"] or "none") + (f" (below {r['threshold']})"
                                           if r["belowThreshold"] else ""),
                 r["status"], f"{r['rulesPassed']}/{r['rulesTested']}"]
                for r in mixed.results]
    assert [[*row[:3], row[3].split()[-1], row[4]] for row in rows[1:]] == expected


def test_failing_rules_listed_with_fix(mixed: RunResult) -> None:
    source = render(mixed, RenderOptions())
    items = list_items(source)
    failing = [rule for record in mixed.results for rule in record["rules"]
               if not rule["passed"]]
    assert len(items) == len(failing) + len(mixed.errors)
    tier = next(i for i in items if i.startswith("❌ Has a tier tag"))
    assert tier == ("❌ Has a tier tag (Gold, Ready | Set *go*, ready/tier): metadata.tags is "
                    "['50%', 'a,b'] (wanted containsAny ['tier-1', 'tier-2'])"
                    "Fix: set metadata.tags in svc/pay/catalog-info.yaml (e.g. [\"tier-1\"])")
    waived = next(i for i in items if i.startswith("⏭️"))
    assert "waived: Runbook lives in the wiki: ops, 2025 (approved by alice@example.com, " \
           "until 2030-01-01)" in waived
    assert any(i.startswith("❗ Runs <2> replicas") for i in items)
    headings = [plain(t) for t in PARSER.parse(source) if t.type == "inline"
                and t.map and source.splitlines()[t.map[0]].startswith("#")]
    assert headings == ["Scorecard results", "Failing and waived rules",
                        "component:default/legacy", "component:default/pay — Pay | *Ments* <b>",
                        "Input errors"]


def test_says_so_when_everything_passes(tmp_path: Path) -> None:
    source = render(cases.all_pass(tmp_path), RenderOptions())
    assert "✅ All rules pass in 2 evaluations: nothing to fix." in source
    assert list_items(source) == []
    assert "No entity was evaluated." in render(RunResult(), RenderOptions())


def test_escaping_helpers() -> None:
    assert text("a|b *c* _d_ `e` <f> [g](h) $x$ &amp;\nnext") == (
        r"a\|b \*c\* \_d\_ \`e\` \<f\> \[g\](h) \$x\$ \&amp; next")
    assert code("a`b|c") == "``a`b\\|c``"
    assert code("`x`") == "`` `x` ``"
    rows = table_rows(f"| {text('p|q *r*')} | {code('s|`t`')} |\n| --- | --- |\n")
    assert rows == [["p|q *r*", "s|`t`"]]
