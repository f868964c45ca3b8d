"""Saved Port API answers load as saved (SPEC §2, §4); Port's level and scorecard keys
are accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorecard_cli.core.check import CheckOptions, run_check

SCORECARD = {"identifier": "readme", "title": "Readme", "blueprint": "service",
             "icon": "Github", "description": "Port's quickstart scorecard",
             "id": "scorecard_abc", "createdAt": "2026-01-01T00:00:00.000Z",
             "levels": [{"title": "Basic", "color": "paleBlue", "isBaseLevel": True,
                         "description": "where everyone starts"},
                        {"title": "Bronze", "color": "bronze", "description": None},
                        {"title": "Silver", "color": "silver"},
                        {"title": "Gold", "color": "gold"}],
             "rules": [{"identifier": "hasReadme", "title": "Has a README", "level": "Bronze",
                        "query": {"combinator": "and", "conditions": [
                            {"property": "readme", "operator": "isNotEmpty"}]}}]}
ENTITY = {"identifier": "svc", "title": "Svc", "blueprint": "service", "team": ["platform"],
          "icon": "Service", "createdAt": "2026-01-01T00:00:00.000Z", "createdBy": "u1",
          "updatedAt": "2026-02-01T00:00:00.000Z", "updatedBy": "u2",
          "properties": {"readme": "# svc"}, "relations": {}}


def _run(tmp_path: Path, scorecards: object, entities: object) -> tuple[list, list]:
    (tmp_path / "sc.json").write_text(json.dumps(scorecards), encoding="utf-8")
    (tmp_path / "e.json").write_text(json.dumps(entities), encoding="utf-8")
    result = run_check(CheckOptions(paths=["e.json"], scorecards=["sc.json"], cwd=str(tmp_path),
                                    use_config=False))
    return ([(r["entity"], r["scorecard"], r["level"]) for r in result.results],
            [d.format() for d in result.errors])


@pytest.mark.parametrize("scorecards", [
    {"ok": True, "scorecards": [SCORECARD]},
    {"ok": True, "scorecard": SCORECARD},
    SCORECARD,
    [{"blueprint": "service", "data": [SCORECARD]}],
], ids=["scorecards answer", "scorecard answer", "bare", "integration wrapper"])
@pytest.mark.parametrize("entities", [
    {"ok": True, "entities": [ENTITY]},
    {"ok": True, "entity": ENTITY},
    ENTITY,
    [ENTITY],
], ids=["entities answer", "entity answer", "bare", "list"])
def test_every_shape_grades_the_same(tmp_path: Path, scorecards: object,
                                     entities: object) -> None:
    assert _run(tmp_path, scorecards, entities) == (
        [("service:svc", "readme", "Bronze")], [])


def test_error_answers_are_located_input_errors(tmp_path: Path) -> None:
    bad = {"ok": False, "error": "not_found", "message": "Blueprint \"x\" was not found"}
    results, errors = _run(tmp_path, {"ok": True, "scorecards": [SCORECARD]},
                           [ENTITY, {"ok": True, "entities": {}}])
    column = len(json.dumps([ENTITY, 0])) - 1  # the second item of the list
    assert errors == [(f"e.json:1:{column}: 'entities' in a Port API answer must be a list "
                      "(got {})")]
    assert results == [("service:svc", "readme", "Bronze")]  # the good entity still runs
    (tmp_path / "more.json").write_text(json.dumps(bad), encoding="utf-8")
    result = run_check(CheckOptions(paths=["e.json", "more.json"], scorecards=["sc.json"],
                                    cwd=str(tmp_path), use_config=False))
    assert "more.json:1:1: a Port API error answer (ok: false): Blueprint \"x\" was not " \
           "found" in [d.format() for d in result.errors]
    _, errors = _run(tmp_path, {"ok": True}, ENTITY)
    assert errors == ["sc.json:1:1: a Port API answer without 'scorecards' or 'scorecard'"]


def test_an_answer_locates_its_items(tmp_path: Path) -> None:
    broken = {**SCORECARD, "rules": [{**SCORECARD["rules"][0], "level": "Platinum"}]}
    text = json.dumps({"ok": True, "scorecards": [SCORECARD, {**broken, "identifier": "b"}]},
                      indent=2)
    (tmp_path / "sc.json").write_text(text, encoding="utf-8")
    (tmp_path / "e.json").write_text(json.dumps({"ok": True, "entities": [ENTITY]}))
    result = run_check(CheckOptions(paths=["e.json"], scorecards=["sc.json"], cwd=str(tmp_path),
                                    use_config=False))
    [error] = result.errors
    line = text.splitlines()[error.line - 1]
    assert '"level": "Platinum"' in line
    assert [r["scorecard"] for r in result.results] == ["readme"]


@pytest.mark.parametrize(("level", "message"), [
    ({"title": "Basic", "isBaseLevel": "yes"}, "'isBaseLevel' must be true or false"),
    ({"title": "Basic", "description": 3}, "'description' must be a non-empty string"),
    ({"title": "Basic", "colour": "red"}, "unknown key 'colour' in a level"),
])
def test_port_level_keys_are_checked(tmp_path: Path, level: dict, message: str) -> None:
    scorecard = {**SCORECARD, "levels": [level, {"title": "Bronze"}]}
    _, errors = _run(tmp_path, scorecard, ENTITY)
    assert len(errors) == 1 and message in errors[0]
