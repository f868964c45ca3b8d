"""``validate`` on ``.scorecard.yaml``: schema errors, query checks and what the loader finds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Check = Callable[..., list[str]]

WAIVER = ("  - {scorecard: prod, rule: r, entity: 'component:default/*', reason: legacy, "
          "approvedBy: jane, expires: 2999-12-31}\n")

CASES = {
    "unknown key": (
        "scorecard: [a.yaml]\n",
        ["1:1: unknown key 'scorecard' (did you mean 'scorecards'?)"]),
    "failBelow of the wrong type": (
        "failBelow: 3\n",
        [("1:12: 'failBelow' must be a level name, a mapping of scorecard id to level, or a list "
         "of thresholds (got 3)")]),
    "failBelow mapping to a non-level": (
        "failBelow: {prod: [Gold]}\n",
        ["1:19: 'prod' must be a string (got ['Gold'])"]),
    "failBelow entry problems": (
        "failBelow:\n  - {scorcard: prod, level: Gold}\n  - {when: {conditions: []}}\n",
        ["2:6: unknown key 'scorcard' (did you mean 'scorecard'?)",
         "3:5: missing required key 'level'"]),
    "failBelow query problems, all of them": (
        ("failBelow:\n  - level: Gold\n    when:\n      conditions:\n"
        "        - {property: $teem, operator: isNotEmpty}\n"
        "        - {property: tier, operator: '<', value: high}\n"
        "        - {property: tier, operator: '~', value: high}\n"),
        ["5:22: unknown meta-property '$teem' (known: $identifier, $title, $team, $blueprint, $icon, $createdAt, $updatedAt, $createdBy, $updatedBy)",
         "6:50: operator '<' needs a number or an ISO-8601 date, got 'high'",
         ("7:38: unknown operator '~' (known: =, !=, <, >, <=, >=, contains, doesNotContains, "
         "containsAny, beginsWith, doesNotBeginsWith, endsWith, doesNotEndsWith, isEmpty, "
         "isNotEmpty, in, notIn, between, notBetween)")]),
    "waiver with missing keys": (
        "waivers:\n  - {scorecard: prod, rule: r, expires: 2999-01-01}\n",
        ["2:5: missing required key 'entity'", "2:5: missing required key 'reason'",
         "2:5: missing required key 'approvedBy'"]),
    "waiver with an invalid date": (
        "waivers:\n" + WAIVER.replace("2999-12-31", "2026-02-30"),
        ["2:106: 'expires' must be a date YYYY-MM-DD (got '2026-02-30')"]),
    "waiver that is not a mapping": (
        "waivers: [prod/r]\n",
        ["1:11: a waiver must be a mapping (got 'prod/r')"]),
    "cache with an unknown key": (
        "cache: {folder: .cache}\n",
        ["1:9: unknown key 'folder'"]),
    "unknown preset": (
        "extends: default\n",
        ["1:10: unknown preset 'default' in 'extends' (known: builtin)"]),
    "scorecards that are not paths": (
        "scorecards: 5\ncatalog: ['services/**/catalog-info.yaml', '']\n",
        ["1:13: 'scorecards' must be a path or a list of paths (got 5)",
         "2:44: item 2 of 'catalog' must not be blank (got '')"]),
    "not a mapping": (
        "- failBelow: Gold\n",
        ["1:1: the configuration must be a mapping (got [{'failBelow': 'Gold'}])"]),
    "two documents": (
        "failBelow: Silver\n---\nfailBelow: Gold\n",
        ["3:1: a configuration file holds one document (this is another one)"]),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_error_at_its_place(check: Check, text: str, expected: list[str]) -> None:
    assert check(".scorecard.yaml", text) == [f".scorecard.yaml:{e}" for e in expected]


def test_valid_configuration(check: Check, tmp_path: Path) -> None:
    (tmp_path / "sc.yaml").write_text("id: prod\nlevels: [Bronze, Silver, Gold]\nrules: []\n")
    text = ("extends: builtin\nscorecards: sc.yaml\ncatalog: ['**/catalog-info.yaml']\n"
            "failBelow:\n  - {level: Silver}\n  - {level: Gold, scorecard: prod, when: "
            "{conditions: [{property: tags, operator: containsAny, value: [tier-1]}]}}\n"
            "waivers:\n" + WAIVER + "cache: {dir: .cache/scorecard}\n")
    assert check(".scorecard.yaml", text) == []
    assert check("other/.scorecard.yml", "failBelow: {prod: Gold}\nscorecards: [../sc.yaml]\n") \
        == []


def test_loader_checks_levels_against_the_configured_scorecards(check: Check,
                                                                tmp_path: Path) -> None:
    (tmp_path / "sc.yaml").write_text("id: prod\nlevels: [Bronze, Silver, Gold]\n")
    assert check(".scorecard.yaml", "scorecards: [sc.yaml]\nfailBelow: Sliver\n") == [
        (".scorecard.yaml:2:12: failBelow: 'Sliver' is not a level of any selected scorecard "
        "(levels: Bronze, Gold, Silver)")]
    assert check("b/.scorecard.yaml", "scorecards: [../sc.yaml]\nfailBelow: {prd: Gold}\n") == [
        "b/.scorecard.yaml:2:18: failBelow: no selected scorecard has the id 'prd'"]


def test_builtin_scorecards_when_none_are_configured(check: Check) -> None:
    assert check(".scorecard.yaml", "failBelow: Silver\n") == []
    assert check("x/.scorecard.yaml", "failBelow: Platinum\n")[0].startswith(
        "x/.scorecard.yaml:1:12: failBelow: 'Platinum' is not a level of any selected scorecard")


def test_expired_waivers_are_warnings(check: Check) -> None:
    text = "waivers:\n" + WAIVER.replace("2999-12-31", "2020-01-31")
    assert check(".scorecard.yaml", text) == [
        (".scorecard.yaml:2:5: warning: waiver for prod/r on 'component:default/*' expired on "
        "2020-01-31; it is ignored")]


def test_empty_configuration(check: Check) -> None:
    assert check(".scorecard.yaml", "# nothing yet\n") == []
