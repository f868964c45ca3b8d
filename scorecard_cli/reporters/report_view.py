"""What every format of ``scorecard report`` shows, computed once from the report document."""

from __future__ import annotations

from dataclasses import dataclass

from scorecard_cli.core.aggregate import floor

NO_TEAM = "(no team)"


@dataclass(frozen=True)
class Cell:
    """A team's standing in one scorecard: its floor level (the lowest level one of its
    entities is at; None: one reached no level), entity count, % of rules passed."""

    entities: int
    floor: str | None
    color: str | None
    percent: float


def level_colors(document: dict) -> dict[str, dict[str, str | None]]:
    """Scorecard id -> level title -> color name."""
    return {sc["id"]: {lv["title"]: lv.get("color") for lv in sc["levels"]}
            for sc in document["scorecards"]}


def group_name(group: str | None) -> str:
    """A group's display name."""
    return NO_TEAM if group is None else group


def team_matrix(report: dict) -> tuple[list[dict], list[tuple[str, dict[str, Cell]]]]:
    """(scorecard figures, rows of (team, {scorecard id: Cell}))."""
    colors = level_colors(report)
    scorecards = report["aggregates"]["scorecards"]
    rows = []
    for group in report["aggregates"]["groups"]:
        cells = {}
        for figures in group["scorecards"]:
            _, lowest = floor(figures["levels"])
            cells[figures["scorecard"]] = Cell(
                figures["entities"], lowest, colors.get(figures["scorecard"], {}).get(lowest),
                figures["percentPassed"])
        rows.append((group_name(group["group"]), cells))
    return scorecards, rows


def worst_rules(report: dict, limit: int | None = None) -> list[dict]:
    """Rules with their scorecard, least passed first (ties: most entities tested first)."""
    rows = [{**rule, "scorecard": figures["scorecard"]}
            for figures in report["aggregates"]["scorecards"] for rule in figures["rules"]]
    rows.sort(key=lambda r: (r["percentPassed"], -r["entitiesTested"], r["scorecard"], r["id"]))
    return rows[:limit] if limit is not None else rows


def failing_rules(record: dict) -> list[dict]:
    """The rules of a result that fail and are not waived, in definition order."""
    return [rule for rule in record["rules"] if not rule["passed"] and not rule["waived"]]
