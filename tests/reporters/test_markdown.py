"""``--format markdown``: golden files, and read back by a CommonMark + GFM-tables parser."""

from __future__ import annotations

import re
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


def tables(source: str) -> list[list[list[str]]]:
    """Every table of the document, as rows of cell texts."""
    found: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in PARSER.parse(source):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            found[-1].append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(plain(token))
    return found


def table(source: str, *header: str) -> list[list[str]]:
    return next(t for t in tables(source) if t[0][:len(header)] == list(header))


def test_table_cells_survive_specials(mixed: RunResult) -> None:
    rows = table(render(mixed, RenderOptions()), "Entity", "Scorecard")  # every evaluation
    assert rows[0] == ["Entity", "Scorecard", "Level", "Status", "Rules passed"]
    assert len(rows) == 1 + len(mixed.results)
    assert all(len(row) == 5 for row in rows)
    expected = [[r["entity"], r["scorecardTitle"],
                 (r["level"] or "none") + (f" (below {r['threshold']})"
                                           if r["belowThreshold"] else ""),
                 r["status"], f"{r['rulesPassed']}/{r['rulesTested']}"]
                for r in mixed.results]
    assert [[*row[:3], row[3].split()[-1], row[4]] for row in rows[1:]] == expected


def test_levels_below_the_gate_and_top_rules(mixed: RunResult) -> None:
    source = render(mixed, RenderOptions())
    levels = table(source, "Scorecard")
    assert levels[1:] == [["Docs & more", "3", "no level 2 · Bronze 0 · Gold 1", "0"],
                          ["Ready | Set *go*", "3", "Basic 1 · Bronze 1 · Silver 0 · Gold 1",
                           "2"]]
    below = table(source, "Entity", "Team")
    assert below[0] == ["Entity", "Team", "Scorecard", "Level", "Gate", "Failing rules that gate"]
    assert [row[0] for row in below[1:]] == ["component:default/legacy", "component:default/pay"]
    assert below[2][5] == "2: codeowners, runbook"
    top = table(source, "Rule")
    counts = {row[0]: (row[3], row[4]) for row in top[1:]}
    assert counts["Has CODEOWNERS (ready/codeowners)"] == ("2", "❌ 2")
    assert counts["Has a tier tag (ready/tier)"] == ("1", "ℹ️ 1")
    assert counts["Has docs/index.md (docs/docs-site)"] == ("2", "⚠️ 2")


def test_mermaid_chart_per_scorecard(mixed: RunResult) -> None:
    fences = [t for t in PARSER.parse(render(mixed, RenderOptions()))
              if t.type == "fence" and t.info == "mermaid"]
    assert len(fences) == 2
    lines = fences[1].content.splitlines()
    assert lines[:2] == ["pie showData", "    title Levels, Ready Set go"]
    slices = dict(line.strip().split(" : ") for line in lines[2:])
    assert slices == {'"Basic"': "1", '"Bronze"': "1", '"Gold"': "1"}


def test_failing_rules_listed_with_fix(mixed: RunResult) -> None:
    source = render(mixed, RenderOptions())
    items = list_items(source)
    failing = [rule for record in mixed.results for rule in record["rules"]
               if not rule["passed"]]
    assert len(items) == len(failing) + len(mixed.errors)
    tier = next(i for i in items if i.startswith("ℹ️ Has a tier tag"))  # above the gate
    assert tier == ("ℹ️ Has a tier tag (Gold, Ready | Set *go*, ready/tier): metadata.tags is "
                    "['50%', 'a,b'] (wanted containsAny ['tier-1', 'tier-2'])"
                    "Fix: set metadata.tags in svc/pay/catalog-info.yaml (e.g. [\"tier-1\"])")
    assert any(i.startswith("❌ Has CODEOWNERS (Silver") for i in items)
    assert any(i.startswith("⚠️ Has docs/index.md (Bronze, Docs & more") for i in items)
    waived = next(i for i in items if i.startswith("⏭️"))
    assert "waived: Runbook lives in the wiki: ops, 2025 (approved by alice@example.com, " \
           "until 2030-01-01)" in waived
    assert any(i.startswith("ℹ️ Runs <2> replicas") and "could not be evaluated" in i
               for i in items)
    summaries = re.findall(r"<details><summary>(.*?)</summary>", source)
    assert summaries[:2] == [
        "❌ component:default/legacy: 7 failing, 3 fail the gate",
        "❌ component:default/pay — Pay | *Ments* &lt;b&gt;: 6 failing, 2 fail the gate"]


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


@pytest.mark.parametrize("budget", [4096, 16_384, 65_536])
def test_within_the_budget_and_says_what_is_left_out(tmp_path: Path, budget: int) -> None:
    result = cases.many(tmp_path, 400, fail_below="Silver")  # ~100 KB if all were shown
    source = render(result, RenderOptions(markdown_budget=budget))
    assert len(source.encode("utf-8")) <= budget
    assert source.count("<details>") == source.count("</details>")
    assert source.startswith("## Scorecard results\n")
    assert "❌ **The gate fails**: 400 evaluation(s) below their level." in source
    levels = table(source, "Scorecard")
    assert levels[1] == ["Tiers", "400", "Basic 400 · Bronze 0 · Silver 0 · Gold 0", "400"]
    below = table(source, "Entity", "Team")
    assert 1 < len(below) < 401 and all(len(row) == 6 for row in below)
    assert f"… and {401 - len(below):,} more below the gate." in source
    assert source.rstrip().endswith("The JSON, SARIF and JUnit reports list every finding.*")
    assert "(`--markdown-budget`)" in source
    if budget >= 16_384:  # the details begin once the tables are in
        assert "<details><summary>❌ component:default/svc-000: 3 failing, 2 fail the gate" \
               "</summary>" in source
        assert table(source, "Rule")[1][3] == "400"


def test_a_bigger_budget_shows_everything(tmp_path: Path) -> None:
    result = cases.many(tmp_path, 30, fail_below="Silver")
    source = render(result, RenderOptions(markdown_budget=1 << 20))
    assert "Not shown" not in source
    assert len(table(source, "Entity", "Team")) == 31
    assert source.count("<details><summary>❌ component:default/svc-") == 30
    assert len(table(source, "Entity", "Scorecard")) == 31
