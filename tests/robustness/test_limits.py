"""Every documented limit, hit through the CLI: the exact line it produces, and that
docs/limits.md quotes that very line (so the documentation cannot drift from the tool)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from scorecard_cli.core.aliases import MAX_ALIAS_BYTES
from scorecard_cli.core.documents import MAX_FILE_BYTES
from scorecard_cli.core.rules.file_contains import MATCH_SECONDS, MAX_LINE, MAX_PATTERN
from scorecard_cli.core.snapshot import MAX_READ_BYTES
from scorecard_cli.core.yamlparse import MAX_ALIAS_EVENTS, MAX_DOCUMENTS
from tests.conftest import REPO_ROOT, write_files
from tests.robustness.conftest import Run
from tests.robustness.test_values import BILLION_LAUGHS, EVENT_BOMB

LIMITS_DOC = REPO_ROOT / "docs" / "limits.md"
ENTITY = "identifier: e\n"


@pytest.fixture
def documented() -> str:
    """The text of docs/limits.md."""
    return LIMITS_DOC.read_text(encoding="utf-8")


def test_the_numbers_are_the_documented_ones(documented: str) -> None:
    for number in (f"{MAX_FILE_BYTES:,}", f"{MAX_DOCUMENTS:,}", f"{MAX_ALIAS_EVENTS:,}",
                   f"{MAX_PATTERN:,}", f"{MAX_LINE:,}", f"{MAX_READ_BYTES:,}",
                   f"{MATCH_SECONDS:g} s"):
        assert number in documented, number


def test_file_size(cli: Callable[..., Run], tmp_path: Path, documented: str) -> None:
    write_files(tmp_path, {"big.yaml": ENTITY + "#" + "x" * MAX_FILE_BYTES + "\n"})
    run = cli("check", "big.yaml", "-f", "json")
    line = f"big.yaml:1:1: file is too large ({MAX_FILE_BYTES + 16} bytes; the limit is " \
           f"{MAX_FILE_BYTES})"
    assert (run.exit_code, run.lines) == (2, [line])
    assert line in documented


def test_documents_per_file(cli: Callable[..., Run], tmp_path: Path, documented: str) -> None:
    write_files(tmp_path, {"many.yaml": "--- {identifier: e}\n" * (MAX_DOCUMENTS + 1)})
    run = cli("check", "many.yaml", "-f", "json")
    line = f"many.yaml:{MAX_DOCUMENTS + 1}:1: invalid YAML: too many documents (the limit is " \
           f"{MAX_DOCUMENTS})"
    assert (run.exit_code, run.lines) == (2, [line])
    assert line in documented


def test_alias_expansion(cli: Callable[..., Run], tmp_path: Path, documented: str) -> None:
    write_files(tmp_path, {"events.yaml": EVENT_BOMB, "bomb.yaml": BILLION_LAUGHS})
    run = cli("check", "events.yaml", "bomb.yaml", "-f", "json")
    lines = [(f"bomb.yaml:7:25: invalid YAML: YAML aliases expand to more than "
              f"{MAX_ALIAS_BYTES:,} bytes (the limit for a file, all its documents together)"),
             (f"events.yaml:1:1: invalid YAML: YAML aliases expand too far (alias replay limit "
              f"exceeded: replayed {MAX_ALIAS_EVENTS + 2}, max {MAX_ALIAS_EVENTS})")]
    assert (run.exit_code, run.lines) == (2, lines)
    for line in lines:
        assert line in documented


def test_nesting(cli: Callable[..., Run], tmp_path: Path, documented: str) -> None:
    write_files(tmp_path, {"deep.json": "[" * 100_000 + "]" * 100_000,
                           "deep.yaml": "identifier: d\nproperties: {n: " + "[" * 10_000 +
                           "]" * 10_000 + "}\n"})
    run = cli("check", "deep.json", "deep.yaml", "-f", "json")
    lines = ["deep.json:1:1: nesting is too deep",
             "deep.yaml:2:271: invalid YAML: recursion limit exceeded"]
    assert (run.exit_code, sorted(run.lines)) == (2, lines)
    for line in lines:
        assert line in documented


def test_pattern_length(cli: Callable[..., Run], tmp_path: Path, documented: str) -> None:
    rule = {"id": "r", "level": "Bronze", "type": "scm.file.contains",
            "params": {"path": "README.md", "pattern": "x" * (MAX_PATTERN + 1)}}
    (tmp_path / "sc.yaml").write_text(yaml.safe_dump({"id": "sc", "rules": [rule]}, width=9999),
                                      encoding="utf-8")
    write_files(tmp_path, {"e.yaml": ENTITY})
    run = cli("check", "e.yaml", "-s", "sc.yaml", "-f", "json")
    line = (f"sc.yaml:7:14: pattern is too long ({MAX_PATTERN + 1} characters; the limit is "
            f"{MAX_PATTERN})")
    assert (run.exit_code, run.lines) == (2, [line])
    assert line in documented


def contains(tmp_path: Path, make_repo: Callable, pattern: str, readme: str) -> list[str]:
    """A repository with README.md and a contains rule; the check arguments."""
    rule = {"id": "r", "level": "Bronze", "type": "scm.file.contains",
            "params": {"path": "README.md", "pattern": pattern}}
    repo = make_repo({"catalog-info.yaml": ENTITY, "README.md": readme,
                      "sc.yaml": yaml.safe_dump({"id": "sc", "rules": [rule]})})
    return [str(repo), "check", "catalog-info.yaml", "-s", "sc.yaml", "-f", "json"]


def test_match_time(cli_process: Callable[..., Run], tmp_path: Path, make_repo: Callable,
                    documented: str) -> None:
    cwd, *args = contains(tmp_path, make_repo, "(a|aa)+$", "a" * 60 + "b\n")
    run = cli_process(*args, cwd=Path(cwd))
    message = ("pattern '(a|aa)+$' took more than 1 s on README.md; simplify it (nested "
               "repetition such as (a+)+ backtracks exponentially)")
    assert (run.exit_code, run.rules()) == (0, {"r": (False, message)})
    assert message in documented


@pytest.mark.parametrize(("readme", "pattern"), [
    ("a" * MAX_LINE + "NEEDLE\n", "NEEDLE"),
    ("x\n" * (MAX_READ_BYTES // 2) + "LATE\n", "LATE"),
])
def test_what_scm_file_contains_reads(cli: Callable[..., Run], tmp_path: Path,
                                      make_repo: Callable, documented: str, readme: str,
                                      pattern: str) -> None:
    """Past the line or byte limit nothing is searched (the details do not say so yet: see
    test_rules.py::test_match_past_the_*)."""
    cwd, *args = contains(tmp_path, make_repo, pattern, readme)
    run = cli(*args, cwd=Path(cwd))
    assert run.rules() == {"r": (False, None)}
    details = run.details()["r"]
    assert details.startswith(f"README.md has no line matching '{pattern}'")
    assert f"README.md has no line matching '{pattern}'" in documented
