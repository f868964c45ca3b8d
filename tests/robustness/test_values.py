"""Hostile values in catalog files and scorecards: alias bombs, deep nesting, huge integers,
lone surrogates, terminal escapes, newlines in names. Each is one clear line (or a clean
report), exit 2 where it is an input error, and the good inputs' results are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.robustness.conftest import (
    GOOD,
    GOOD_REF,
    OWNER_SCORECARD,
    Run,
    check_beside_good,
    write,
)

BILLION_LAUGHS = "".join(
    [f"l0: &l0 [{', '.join(['lol'] * 9)}]\n"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)]
    + ["identifier: bomb\n"]
)
# Many events but few bytes: 9**6 empty strings (the event limit stops it, not the bytes).
EVENT_BOMB = "".join(
    [f"l0: &l0 [{', '.join([repr('')] * 9)}]\n"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 7)]
    + ["identifier: bomb\n"]
)
BYTES_MESSAGE = ("invalid YAML: YAML aliases expand to more than 10,485,760 bytes (the limit "
                 "for a file, all its documents together)")


def test_billion_laughs(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = check_beside_good(cli, tmp_path, "bomb.yaml", BILLION_LAUGHS)
    assert run.exit_code == 2
    assert run.lines == [f"bomb.yaml:7:25: {BYTES_MESSAGE}"]  # at the alias past the limit
    assert run.entities == [GOOD_REF]
    write(tmp_path, "bomb-sc.yaml", BILLION_LAUGHS.replace("identifier: bomb", "id: bomb"))
    run = cli("check", "good.yaml", "-s", "sc.yaml", "-s", "bomb-sc.yaml", "-f", "json")
    assert run.lines == [f"bomb-sc.yaml:7:25: {BYTES_MESSAGE}"]
    assert run.entities == [GOOD_REF]
    run = check_beside_good(cli, tmp_path, "events.yaml", EVENT_BOMB)
    assert run.lines == [("events.yaml:1:1: invalid YAML: YAML aliases expand too far (alias "
                         "replay limit exceeded: replayed 200002, max 200000)")]
    assert run.entities == [GOOD_REF]


def test_merge_keys_are_plain_keys_as_in_backstage(cli: Callable[..., Run],
                                                   tmp_path: Path) -> None:
    """Backstage parses catalog files with YAML merge keys off by default (``yaml`` with
    ``merge: false``): ``<<`` is an ordinary key there, and so it is here, aliases and all."""
    text = ("base: &b {owner: team-b}\napiVersion: v1\nkind: Component\nmetadata: {name: m}\n"
            "spec:\n  <<: *b\n")
    run = check_beside_good(cli, tmp_path, "merge.yaml", text)
    assert (run.exit_code, run.lines) == (0, [])
    assert run.rules("component:default/m") == {"owner": (False, None)}


SMALL_BOMB = ("l0: &l0 [a, a, a, a, a, a, a, a, a]\nl1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, "
              "*l0, *l0]\nl2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\n"
              "l3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\n"
              "l4: &l4 [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]\n"
              "identifier: e{i}\n")


def test_alias_expansion_is_bounded_per_file_not_per_document(cli: Callable[..., Run],
                                                             tmp_path: Path) -> None:
    """Each document stays under the alias limit, but the file as a whole expands ~50 times
    past it: the bound must hold per file, or 10,000 documents multiply it by 10,000."""
    text = "---\n".join(SMALL_BOMB.format(i=i) for i in range(50))
    run = check_beside_good(cli, tmp_path, "bombs.yaml", text)
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("bombs.yaml:")
    assert ": invalid YAML: YAML aliases expand too far" in run.lines[0]
    assert run.entities == [GOOD_REF]


def test_very_deep_json(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = check_beside_good(cli, tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    assert run.exit_code == 2
    assert run.lines == ["deep.json:1:1: nesting is too deep"]
    assert run.entities == [GOOD_REF]


def test_very_deep_flow_yaml(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = check_beside_good(cli, tmp_path, "deep.yaml",
                            "identifier: d\nproperties: {n: " + "[" * 10_000 + "]" * 10_000 + "}\n")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("deep.yaml:2:")
    assert run.lines[0].endswith(": invalid YAML: recursion limit exceeded")
    assert run.entities == [GOOD_REF]


def test_very_deep_block_yaml_does_not_crash_the_process(cli_process: Callable[..., Run],
                                                         tmp_path: Path) -> None:
    """30 KB of compact nested block sequences (``- - - … x``): the YAML parser must not
    overflow its stack and kill the interpreter. Run as a process, since that is what dies."""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", OWNER_SCORECARD)
    write(tmp_path, "deep.yaml", "identifier: d\nproperties:\n  n:\n    " + "- " * 15_000 + "x\n")
    run = cli_process("check", "good.yaml", "deep.yaml", "-s", "sc.yaml", "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("deep.yaml:")
    assert "nesting is too deep" in run.lines[0]
    assert run.entities == [GOOD_REF]


def test_deep_entity_value_and_a_filter(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A value nested 1,200 deep in block style (rejected as too deep in JSON) must not reach
    the engine: a scorecard filter that reads it would recurse past Python's limit."""
    write(tmp_path, "filtered.yaml", "id: f\nfilter: {conditions: [{property: n, operator: '=', "
          "value: 1}]}\nrules: []\n")
    text = "identifier: d\nproperties:\n  n:\n" + "".join(
        " " * (i + 4) + "-\n" for i in range(1_200))
    write(tmp_path, "deep.yaml", text)
    write(tmp_path, "good.yaml", GOOD)
    run = cli("check", "good.yaml", "deep.yaml", "-s", "filtered.yaml", "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("deep.yaml:")
    assert "nesting is too deep" in run.lines[0]


def nested_query(depth: int) -> str:
    """A rule query nested ``depth`` levels deep, in YAML block style."""
    lines = ["id: q", "rules:", "  - id: r", "    level: Bronze", "    query:"]
    for i in range(depth):
        pad = "      " + "    " * i
        lines += [f"{pad}conditions:", f"{pad}  -"]
    lines[-1] += " {property: x, operator: isEmpty}"
    return "\n".join(lines) + "\n"


def test_deep_query_in_a_scorecard(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A query nested 500 deep (300 KB of YAML): one definition error, not a RecursionError;
    the other scorecard still runs."""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", OWNER_SCORECARD)
    write(tmp_path, "deep-sc.yaml", nested_query(500))
    run = cli("check", "good.yaml", "-s", "sc.yaml", "-s", "deep-sc.yaml", "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("deep-sc.yaml:")
    assert "nesting is too deep" in run.lines[0]
    assert [(r["entity"], r["scorecard"]) for r in run.doc["results"]] == [(GOOD_REF, "sc")]


def test_deep_fix_action_inputs(cli: Callable[..., Run], tmp_path: Path) -> None:
    """fixAction inputs nested 300 deep: rejected as too deep when loaded, never a crash of
    the JSON reporter (orjson stops at 254 levels)."""
    nested = "[" * 300 + "]" * 300
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "deep-fix.json", '{"id": "fx", "rules": [{"id": "r", "level": "Bronze", '
          '"type": "entity.field.exists", "params": {"field": "missing"}, "fixAction": '
          '{"actionId": "a", "suggestedInputs": {"v": ' + nested + '}}}]}')
    run = cli("check", "good.yaml", "-s", "deep-fix.json", "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("deep-fix.json:")
    assert "nesting is too deep" in run.lines[0]
    assert run.entities == []


def test_integers_beyond_64_bits_in_a_scorecard(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A failing ``=`` with a huge number: the fix's suggested value is that number, and the
    JSON report must still be written."""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "big.yaml", "id: big\nrules:\n  - id: r\n    level: Bronze\n    query: "
          "{conditions: [{property: n, operator: '=', value: 99999999999999999999999}]}\n")
    run = cli("check", "good.yaml", "-s", "big.yaml", "-f", "json")
    assert (run.exit_code, run.lines) == (0, [])
    [rule] = run.doc["results"][0]["rules"]
    assert rule["fix"]["suggestedInputs"]["value"] == 99999999999999999999999


def test_json_integer_with_thousands_of_digits(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Python refuses to convert integers over 4,300 digits; that is one input error."""
    run = check_beside_good(cli, tmp_path, "huge.json",
                            '{"identifier": "h", "properties": {"n": ' + "9" * 5000 + "}}")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("huge.json:")
    assert ": invalid JSON: " in run.lines[0]
    assert run.entities == [GOOD_REF]


@pytest.mark.parametrize("fmt", ["json", "table", "sarif", "junit", "markdown", "github"])
def test_json_lone_surrogate_escape(cli: Callable[..., Run], tmp_path: Path, fmt: str) -> None:
    r"""``"\ud800"`` is valid JSON syntax but not a character: an input error, not a crash of
    the report (YAML's parser already refuses it)."""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", OWNER_SCORECARD)
    write(tmp_path, "surrogate.json", '{"identifier": "x\\ud800"}')
    run = cli("check", "good.yaml", "surrogate.json", "-s", "sc.yaml", "-f", fmt)
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("surrogate.json:1:")


@pytest.mark.parametrize("fmt", ["table", "markdown", "github"])
def test_control_characters_from_input_are_not_written_raw(cli: Callable[..., Run],
                                                           tmp_path: Path, fmt: str) -> None:
    """An entity name holding a terminal escape sequence must not reach the terminal or the
    CI log as one: it would recolour, hide or rewrite what the reader sees."""
    write(tmp_path, "sc.yaml", OWNER_SCORECARD)
    write(tmp_path, "esc.yaml", 'identifier: "x\\e[2J\\e]0;pwned\\a"\n')
    run = cli("check", "esc.yaml", "-s", "sc.yaml", "-f", fmt)
    assert run.exit_code == 0
    assert "\x1b" not in run.stdout + run.stderr
    assert "\x07" not in run.stdout + run.stderr


def test_diagnostics_stay_on_one_line_with_newlines_in_names(cli: Callable[..., Run],
                                                             tmp_path: Path) -> None:
    """An identifier holding a newline, defined twice: the duplicate-entity diagnostic quotes
    the reference and stays one ``file:line:col: message`` line."""
    write(tmp_path, "sc.yaml", OWNER_SCORECARD)
    write(tmp_path, "twice.yaml", 'identifier: "a\\nb"\ntitle: one\n---\nidentifier: "a\\nb"\n'
          "title: two\n")
    run = cli("check", "twice.yaml", "-s", "sc.yaml", "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("twice.yaml:4:1: duplicate entity ")
    assert run.lines[0].endswith(": first defined at twice.yaml:1:1")


def test_diagnostics_stay_on_one_line_with_newlines_in_level_names(cli: Callable[..., Run],
                                                                   tmp_path: Path) -> None:
    """A level title holding a newline: the "not a level of this scorecard" error lists the
    levels quoted, on one line."""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", 'id: sc\nlevels: [Basic, "a\\nb"]\nrules:\n  - {id: r, level: '
          "Gold, type: entity.field.exists, params: {field: x}}\n")
    run = cli("check", "good.yaml", "-s", "sc.yaml", "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith("sc.yaml:4:")

