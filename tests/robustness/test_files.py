"""Broken and hostile catalog files: one clear line each, exit 2, the good file still evaluated.

Every case runs ``scorecard check good.yaml <bad file> -s sc.yaml -f json`` in-process; the
``cli`` fixture already fails on a traceback, an unknown exit code or a stderr line that is not
``file:line:col: message``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard_cli.core.documents import MAX_FILE_BYTES
from scorecard_cli.core.yamlparse import MAX_DOCUMENTS
from tests.robustness.conftest import (
    GOOD,
    GOOD_REF,
    OWNER_SCORECARD,
    Run,
    check_beside_good,
    write,
)

LATIN1 = b"apiVersion: v1\nkind: Component\nmetadata: {name: caf\xe9}\n"


@pytest.mark.parametrize(("name", "data", "line"), [
    ("bad.yaml", "a: [1\n", "bad.yaml:1:4: invalid YAML: unclosed bracket '['"),
    ("bad.json", '{"a": 1,,}', ("bad.json:1:9: invalid JSON: Expecting property name enclosed "
     "in double quotes")),
    ("open.json", '{"identifier": "a"', "open.json:1:19: invalid JSON: Expecting ',' delimiter"),
    ("two.json", '{"identifier": "a"} {"identifier": "b"}', ("two.json:1:21: invalid JSON: "
     "Extra data")),
    ("empty.yaml", "", "empty.yaml:1:1: no entity in this file (it is empty)"),
    ("blank.yaml", "\n  \n\t\n", "blank.yaml:1:1: no entity in this file (it is empty)"),
    ("comments.yaml", "# one\n# two\n", "comments.yaml:1:1: no entity in this file (it is empty)"),
    ("markers.yaml", "---\n---\n...\n", "markers.yaml:1:1: no entity in this file (it is empty)"),
    ("null.yaml", "~\n", "null.yaml:1:1: no entity in this file (it is empty)"),
    ("latin1.yaml", LATIN1, "latin1.yaml:3:21: not valid UTF-8 (byte 0xe9)"),
    ("binary.yaml", bytes(range(256)), "binary.yaml:1:1: not a text file (it contains NUL bytes)"),
    ("high.yaml", b"\xff\xfe\xfd garbage", "high.yaml:1:1: not valid UTF-8 (byte 0xff)"),
    ("utf16.yaml", GOOD.replace("good", "u16").encode("utf-16"),
     "utf16.yaml:1:1: not a text file (it contains NUL bytes)"),
    ("dup.yaml", "apiVersion: v1\nkind: Component\nkind: API\nmetadata: {name: d}\n",
     "dup.yaml:3:1: invalid YAML: duplicate key 'kind'"),
    ("nested-dup.yaml", "identifier: a\nproperties:\n  x: 1\n  x: 2\n",
     "nested-dup.yaml:4:3: invalid YAML: duplicate key 'x'"),
    ("alias.yaml", "identifier: u\nproperties: *nope\n",
     "alias.yaml:2:13: invalid YAML: while parsing node, found unknown anchor"),
    ("complex-key.yaml", "identifier: k\nproperties: {[a]: 1}\n",
     "complex-key.yaml:1:1: invalid YAML: a mapping key is itself a mapping or list"),
    ("scalar.json", "42", "scalar.json:1:1: not an entity: expected a mapping, got int"),
    ("notes.txt", "identifier: t\n", ("notes.txt:1:1: unsupported file type: a catalog file ends "
     "in .yaml, .yml or .json")),
])
def test_broken_file_is_one_line_and_the_good_file_is_kept(
        cli: Callable[..., Run], tmp_path: Path, name: str, data: str | bytes, line: str) -> None:
    run = check_beside_good(cli, tmp_path, name, data)
    assert run.exit_code == 2
    assert run.lines == [line]
    assert run.entities == [GOOD_REF]
    assert run.doc["summary"]["errors"] == 1


def test_empty_json_file_reads_as_empty(cli: Callable[..., Run], tmp_path: Path) -> None:
    """README: an empty catalog file is "no entity in this file", JSON as well as YAML."""
    run = check_beside_good(cli, tmp_path, "empty.json", " \n")
    assert run.exit_code == 2
    assert run.lines == ["empty.json:1:1: no entity in this file (it is empty)"]
    assert run.entities == [GOOD_REF]


def test_json_duplicate_key_is_placed_at_the_second_key(cli: Callable[..., Run],
                                                        tmp_path: Path) -> None:
    """Duplicate keys are rejected in JSON too, at the line of the repeated key (as in YAML)."""
    run = check_beside_good(cli, tmp_path, "dup.json",
                            '{\n  "identifier": "a",\n  "identifier": "b"\n}\n')
    assert run.exit_code == 2
    assert run.lines == ["dup.json:3:3: invalid JSON: duplicate key 'identifier'"]
    assert run.entities == [GOOD_REF]


@pytest.mark.parametrize(("name", "data", "ref"), [
    ("bom.yaml", "\ufeff" + GOOD.replace("good", "bom"), "component:default/bom"),
    ("bom.json", '\ufeff{"identifier": "bomj"}', "entity:bomj"),
    ("crlf.yaml", GOOD.replace("good", "crlf").replace("\n", "\r\n"), "component:default/crlf"),
    ("crlf.json", '{\r\n  "identifier": "crlfj"\r\n}\r\n', "entity:crlfj"),
    ("bom-crlf.yaml", "\ufeff# c\r\n" + GOOD.replace("good", "bc").replace("\n", "\r\n"),
     "component:default/bc"),
    ("cr.yaml", "identifier: cr\rtitle: x\r", "entity:cr"),
    ("no-newline.yaml", "identifier: nonl", "entity:nonl"),
    ("directives.yaml", "%YAML 1.2\n---\nidentifier: dir\n", "entity:dir"),
    ("unicode.yaml", "identifier: caf\u00e9-\U0001f600\n", "entity:caf\u00e9-\U0001f600"),
])
def test_encodings_and_line_ends_that_are_fine(cli: Callable[..., Run], tmp_path: Path,
                                               name: str, data: str, ref: str) -> None:
    run = check_beside_good(cli, tmp_path, name, data)
    assert (run.exit_code, run.lines) == (0, [])
    assert run.entities == sorted([GOOD_REF, ref])


def test_positions_count_lines_the_same_with_crlf(cli: Callable[..., Run],
                                                  tmp_path: Path) -> None:
    run = check_beside_good(cli, tmp_path, "crlf.yaml",
                            "# comment\r\nidentifier: c\r\nproperties: [1]\r\n")
    assert run.lines == ["crlf.yaml:3:13: properties must be a mapping (got [1])"]
    run = check_beside_good(cli, tmp_path, "crlf-bad.yaml", "a: 1\r\nb: [1\r\n")
    assert run.lines == ["crlf-bad.yaml:2:4: invalid YAML: unclosed bracket '['"]


UNSAFE = [
    ("!!python/object/apply:os.system ['touch {marker}']", "['touch {marker}']", "str"),
    ("!!python/object/new:os.system ['touch {marker}']", "['touch {marker}']", "str"),
    ("!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
     "[['touch', '{marker}']]", "list"),
]


@pytest.mark.parametrize(("tagged", "shown", "item"), UNSAFE)
def test_unsafe_tags_never_run(cli: Callable[..., Run], tmp_path: Path, tagged: str, shown: str,
                               item: str) -> None:
    """Python tags are never constructed: the tagged value is plain data, which then fails the
    shape checks of an entity or a scorecard like any other wrong value."""
    marker = tmp_path / "MARKER"
    value, shown = tagged.format(marker=marker), shown.format(marker=marker)
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", OWNER_SCORECARD)
    write(tmp_path, "evil.yaml", f"apiVersion: v1\nkind: Component\nmetadata:\n  name: {value}\n")
    write(tmp_path, "evil-doc.yaml", f"{value}\n")
    write(tmp_path, "evil-sc.yaml", f"id: {value}\nrules: []\n")
    run = cli("check", "good.yaml", "evil.yaml", "evil-doc.yaml", "-s", "sc.yaml", "-s",
              "evil-sc.yaml", "-f", "json")
    assert not marker.exists()
    assert run.exit_code == 2
    column = len(value) - len(value.split(" ", 1)[1]) + 2  # the first item of the list
    assert sorted(run.lines) == [
        f"evil-doc.yaml:1:{column}: not an entity: expected a mapping, got {item}",
        f"evil-sc.yaml:1:5: 'id' must be a non-empty string (got {shown})",
        f"evil.yaml:4:9: metadata.name must be a non-empty string (got {shown})",
    ]
    assert run.entities == [GOOD_REF]


def test_unknown_python_tag_is_refused_where_it_is(cli: Callable[..., Run],
                                                   tmp_path: Path) -> None:
    """A tag the parser does not know is an input error at the tag's line and column."""
    run = check_beside_good(cli, tmp_path, "evil.yaml", "apiVersion: v1\nkind: Component\n"
                            "metadata:\n  name: !!python/name:os.system\n")
    assert run.exit_code == 2
    assert run.lines == ["evil.yaml:4:9: invalid YAML: Invalid tag: '!!python/name:os.system'"]
    assert run.entities == [GOOD_REF]


def test_a_file_over_the_size_limit(cli: Callable[..., Run], tmp_path: Path) -> None:
    text = "identifier: big\ntitle: '" + "x" * MAX_FILE_BYTES + "'\n"
    size = len(text)
    run = check_beside_good(cli, tmp_path, "big.yaml", text)
    assert run.exit_code == 2
    assert run.lines == [(f"big.yaml:1:1: file is too large ({size} bytes; the limit is "
                         f"{MAX_FILE_BYTES})")]
    assert run.entities == [GOOD_REF]
    write(tmp_path, "big-sc.yaml", "id: big\n#" + "x" * MAX_FILE_BYTES + "\n")
    run = cli("check", "good.yaml", "-s", "sc.yaml", "-s", "big-sc.yaml", "-f", "json")
    assert run.lines == [(f"big-sc.yaml:1:1: file is too large ({MAX_FILE_BYTES + 10} bytes; "
                         f"the limit is {MAX_FILE_BYTES})")]
    assert run.entities == [GOOD_REF]


def test_a_file_at_the_size_limit_is_read(cli: Callable[..., Run], tmp_path: Path) -> None:
    head = "identifier: edge\n#"
    text = head + "x" * (MAX_FILE_BYTES - len(head) - 1) + "\n"
    assert len(text) == MAX_FILE_BYTES
    run = check_beside_good(cli, tmp_path, "edge.yaml", text)
    assert (run.exit_code, run.lines) == (0, [])
    assert run.entities == [GOOD_REF, "entity:edge"]


def component(i: int) -> str:
    """A small Component document named ``c<i>``."""
    return f"apiVersion: v1\nkind: Component\nmetadata: {{name: c{i}}}\nspec: {{owner: t}}\n"


def test_thousands_of_documents_in_one_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = check_beside_good(cli, tmp_path, "many.yaml",
                            "---\n".join(component(i) for i in range(3000)))
    assert (run.exit_code, run.lines) == (0, [])
    assert len(run.entities) == 3001
    assert run.doc["summary"]["entities"] == 3001


def test_documents_up_to_the_limit(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = check_beside_good(cli, tmp_path, "max.yaml",
                            "---\n".join(component(i) for i in range(MAX_DOCUMENTS)))
    assert (run.exit_code, run.lines) == (0, [])
    assert len(run.entities) == MAX_DOCUMENTS + 1


def test_documents_over_the_limit(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = check_beside_good(cli, tmp_path, "over.yaml",
                            "---\n".join(component(i) for i in range(MAX_DOCUMENTS + 1)))
    assert run.exit_code == 2
    line = MAX_DOCUMENTS * 5  # the `---` opening document MAX_DOCUMENTS + 1
    assert run.lines == [(f"over.yaml:{line}:1: invalid YAML: too many documents (the limit is "
                         f"{MAX_DOCUMENTS})")]
    assert run.entities == [GOOD_REF]
    run = check_beside_good(cli, tmp_path, "markers.yaml", "--- {}\n" * (MAX_DOCUMENTS + 5))
    assert run.lines == [(f"markers.yaml:{MAX_DOCUMENTS + 1}:1: invalid YAML: too many documents "
                         f"(the limit is {MAX_DOCUMENTS})")]


def test_template_skeleton_is_skipped_with_a_notice(cli: Callable[..., Run],
                                                    tmp_path: Path) -> None:
    """README: templates "are skipped with a notice": one ``notice:`` line, exit 0."""
    run = check_beside_good(cli, tmp_path, "skeleton.yaml",
                            "apiVersion: v1\nkind: Component\nmetadata:\n  name: {{ cookiecutter.x "
                            "| jsonify }}\n{%- if values.description %}\n")
    assert run.exit_code == 0
    assert run.doc["summary"]["templates"] == 1
    assert run.entities == [GOOD_REF]
    assert len(run.lines) == 1
    assert run.lines[0].startswith("skeleton.yaml:")
    assert ": notice: " in run.lines[0]


@pytest.mark.parametrize("given", ["empty.yaml", "comments.yaml", "nothing"])
def test_no_scorecard_at_all_is_an_input_error(cli: Callable[..., Run], tmp_path: Path,
                                               given: str) -> None:
    """An empty scorecard file, or a folder without one, must not let CI pass vacuously with
    zero evaluations (as an empty catalog file or folder does not)."""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "empty.yaml", "")
    write(tmp_path, "comments.yaml", "# nothing yet\n")
    (tmp_path / "nothing").mkdir()
    run = cli("check", "good.yaml", "-s", given, "-f", "json")
    assert run.exit_code == 2
    assert len(run.lines) == 1
    assert run.lines[0].startswith(f"{given}:1:1: ")


def _feed(fifo: Path) -> None:
    with open(fifo, "wb") as pipe:  # blocks until someone opens the FIFO for reading
        pipe.write(b"id: fromfifo\nrules: []\n")


def test_a_fifo_among_the_scorecards_is_not_opened(cli: Callable[..., Run],
                                                   tmp_path: Path) -> None:
    """Opening a FIFO blocks until a writer comes: a named pipe among the scorecard files
    would hang the run. It is an input error like any file that is not a regular file.
    (A feeder thread writes to it here, so the test cannot hang either way.)"""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "scs/a.yaml", "id: good\nrules: []\n")
    fifo = tmp_path / "scs" / "b.yaml"
    os.mkfifo(fifo)
    feeder = threading.Thread(target=_feed, args=(fifo,), daemon=True)
    feeder.start()
    try:
        run = cli("check", "good.yaml", "-s", "scs", "-f", "json")
    finally:
        release = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets a waiting feeder finish
        feeder.join()
        os.close(release)
    assert run.exit_code == 2
    assert [line.split(": ", 1)[0] for line in run.lines] == ["scs/b.yaml:1:1"]
    assert [r["scorecard"] for r in run.doc["results"]] == ["good"]

