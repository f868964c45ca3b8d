"""Trends across result files of different commits or dates.

Files are taken oldest first (by ``generatedAt`` — set with ``--now`` or
``SOURCE_DATE_EPOCH`` — when every file has one, else as given) and gathered into
*points*: a file joins the current point unless it grades an (entity, scorecard) pair the
point already holds, so the shards of one run, or one file per repository, make one point,
and the same catalog graded again starts the next. The catalog as known at a point is
every file up to it merged (the newest result of each pair winning), so a repository that
did not report again keeps its last grades.
"""

from __future__ import annotations

from scorecard_cli.core.aggregate import group_of
from scorecard_cli.core.merge import ResultFile, chronological, merge


def points(files: list[ResultFile]) -> list[list[ResultFile]]:
    """The files gathered into points in time, oldest first."""
    groups: list[list[ResultFile]] = []
    held: set[tuple[str, str]] = set()
    for file in chronological(files):
        keys = file.keys()
        if not groups or keys & held:
            groups.append([])
            held = set()
        groups[-1].append(file)
        held |= keys
    return groups


def _label(group: list[ResultFile]) -> str:
    first = group[0]
    commit = first.document.get("commit")
    if isinstance(commit, dict):  # {repository: sha}: the first repository's
        commit = next(iter(commit.values()), None) if commit else None
    short = commit[:10] if isinstance(commit, str) else None
    return first.time or short or first.display + (f" +{len(group) - 1}" if len(group) > 1
                                                   else "")


def _distribution(document: dict, group_by: str) -> list[dict]:
    levels = {sc["id"]: [lv["title"] for lv in sc["levels"]] for sc in document["scorecards"]}
    rows: dict[tuple, dict] = {}
    for record in document["results"]:
        for group in ("*", group_of(record, group_by)):
            key = (record["scorecard"], group)
            row = rows.setdefault(key, {"scorecard": record["scorecard"], "group": group,
                                        "levels": dict.fromkeys(levels.get(key[0], []), 0),
                                        "none": 0, "entities": 0})
            row["entities"] += 1
            if record.get("level") in row["levels"]:
                row["levels"][record["level"]] += 1
            else:
                row["none"] += 1
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0], k[1] != "*", k[1] is None,
                                                          str(k[1])))]


def _rank(levels: list[str], level: str | None) -> int:
    return levels.index(level) if level in levels else -1


def regressions(before: dict, after: dict) -> list[dict]:
    """(entity, scorecard) pairs whose level is lower in ``after`` than in ``before``."""
    levels = {sc["id"]: [lv["title"] for lv in sc["levels"]] for sc in after["scorecards"]}
    old = {(r["entity"], r["scorecard"]): r for r in before["results"]}
    found = []
    for record in after["results"]:
        previous = old.get((record["entity"], record["scorecard"]))
        order = levels.get(record["scorecard"], [])
        if previous is not None and (_rank(order, record.get("level"))
                                     < _rank(order, previous.get("level"))):
            found.append({"entity": record["entity"], "scorecard": record["scorecard"],
                          "before": previous.get("level"), "after": record.get("level"),
                          "team": group_of(record, "team")})
    return found


def trends(files: list[ResultFile], group_by: str = "team") -> dict | None:
    """Level distributions per point and the regressions since the previous point;
    None when the files make a single point."""
    groups = points(files)
    if len(groups) < 2:
        return None
    seen: list[ResultFile] = []
    states = []
    for group in groups:
        seen.extend(group)
        states.append((_label(group), merge(seen).document))
    return {
        "groupBy": group_by,
        "points": [{"label": label, "distribution": _distribution(doc, group_by)}
                   for label, doc in states],
        "regressions": regressions(states[-2][1], states[-1][1]),
    }
