"""Output that a CI runner could execute, and file names that are not UTF-8 (issue 9,
"Log injection" and the non-UTF-8 folder crash): every format, stdout and stderr."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard_cli.core.places import display_path, escape_undecodable
from scorecard_cli.reporters import REPORTERS
from scorecard_cli.reporters.guard import COMMANDS, guard, guard_bytes, safe_line
from tests.conftest import git
from tests.robustness.conftest import Run, write

FORMATS = sorted(REPORTERS)
# What GitHub's runner executes: '::' after leading whitespace, or '##[' anywhere in a line
# (lines split at CR, LF and CRLF).
_RUNNER_LINES = re.compile(r"\r\n|\r|\n")
OURS = re.compile(rf"::({'|'.join(COMMANDS)})( [^:]*)?::")
ATTACK_ENTITY = ('identifier: svc\nblueprint: "::stop-commands::tok"\n'
                 'title: "##[stop-commands]old"\n')
ATTACK_FOLDER = "::stop-commands::x"


def runner_commands(text: str) -> list[str]:
    """The lines of ``text`` that the Actions runner would read as a workflow command."""
    return [line for line in _RUNNER_LINES.split(text)
            if line.lstrip().startswith("::") or "##[" in line]


def unexpected_commands(text: str, fmt: str) -> list[str]:
    """Workflow commands in ``text`` that the format did not mean to write."""
    return [line for line in runner_commands(text)
            if not (fmt == "github" and OURS.match(line) and "##[" not in line.split("::")[1])]


@pytest.fixture
def attack_repo(tmp_path: Path) -> Path:
    """A checkout whose Port blueprint and folder name are workflow commands."""
    git(tmp_path, "init", "-q")
    write(tmp_path, "catalog-info.yaml", ATTACK_ENTITY)
    write(tmp_path, f"{ATTACK_FOLDER}/catalog-info.yaml", "kind: [\n")
    return tmp_path


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_writes_a_command_from_the_input(cli: Callable[..., Run], attack_repo: Path,
                                                   fmt: str) -> None:
    run = cli("check", "-f", fmt, "-v")
    assert run.exit_code == 2  # the broken file under the folder
    assert "stop-commands" in run.stdout  # the attack text is there, only defused
    assert unexpected_commands(run.stdout, fmt) == []
    assert run.lines == [("\\x3a:stop-commands::x/catalog-info.yaml:1:7: invalid YAML: "
                          "unclosed bracket '['")]


def test_escapes_decode_back_to_the_input_in_structured_formats(
        cli: Callable[..., Run], attack_repo: Path) -> None:
    document = cli("check", "-f", "json").doc
    assert document["results"][0]["entity"] == "::stop-commands::tok:svc"
    assert document["results"][0]["title"] == "##[stop-commands]old"
    sarif = json.loads(cli("check", "-f", "sarif").stdout)
    assert "##[stop-commands]old" not in json.dumps(sarif)  # not quoted by SARIF at all
    junit = ET.fromstring(cli("check", "-f", "junit").stdout.split("\n", 1)[1])
    assert {case.get("classname") for case in junit.iter("testcase")} >= {
        "::stop-commands::tok:svc"}


def test_github_format_keeps_its_own_commands(cli: Callable[..., Run],
                                              attack_repo: Path) -> None:
    lines = cli("check", "-f", "github").stdout.splitlines()
    assert lines and all(OURS.match(line) for line in lines)
    assert lines[0].startswith("::notice title=scorecard::scorecard: ")  # the summary, first


@pytest.mark.parametrize("text, expected", [
    ("::stop-commands::x", "\\x3a:stop-commands::x"),
    ("  ::error::x", "  \\x3a:error::x"),
    ("\u00a0\u3000::add-mask::x", "\u00a0\u3000\\x3a:add-mask::x"),  # .NET TrimStart trims these
    ("a\r::set-output name=x::y", "a\r\\x3a:set-output name=x::y"),  # CR ends a runner line
    ("see ##[stop-commands]x", "see #\\x23[stop-commands]x"),
    ("a :: b", "a :: b"),
])
def test_guard_text(text: str, expected: str) -> None:
    assert guard(text) == expected
    assert runner_commands(guard(text)) == []


def test_guard_styles_decode_to_the_same_text() -> None:
    assert guard("::x::y\n##[z]", "xml") == "&#58;:x::y\n#&#35;[z]"
    assert ET.fromstring(f"<a>{guard('::x::y', 'xml')}</a>").text == "::x::y"
    data = json.dumps({"k": "##[stop-commands]t"}, indent=1).encode()
    assert json.loads(guard_bytes(data)) == {"k": "##[stop-commands]t"}
    assert runner_commands(guard_bytes(data).decode()) == []


def test_guard_commands_mode_keeps_only_well_formed_commands_of_ours() -> None:
    text = "::error file=a,line=1::m ##[x]\n::stop-commands::t\nplain\n::set-env name=A::b\n"
    assert guard(text, commands=True) == ("::error file=a,line=1::m ##[x]\n\\x3a:stop-commands"
                                          "::t\nplain\n\\x3a:set-env name=A::b\n")


def test_safe_line_is_one_line() -> None:
    assert safe_line("a\n::stop-commands::x") == "a\\n::stop-commands::x"
    assert safe_line("::x\x1b[2J") == "\\x3a:x\\x1b[2J"


def test_undecodable_bytes_are_escaped() -> None:
    name = os.fsdecode(b"caf\xff")
    assert escape_undecodable(name) == "caf\\xff"
    assert escape_undecodable(name, "\\\\") == "caf\\\\xff"
    assert escape_undecodable("lone \ud800") == "lone \\ud800"
    assert display_path(f"/r/{name}/c.yaml", "/r") == "caf\\xff/c.yaml"
    assert guard(f"x {name}", "json") == "x caf\\\\xff"


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names are bytes")
@pytest.mark.parametrize("fmt", FORMATS)
def test_non_utf8_folder_name_in_every_format(cli_process: Callable[..., Run], tmp_path: Path,
                                              fmt: str) -> None:
    git(tmp_path, "init", "-q")
    folder = tmp_path / os.fsdecode(b"caf\xff")
    write(folder, "catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
          "metadata: {name: x}\nspec: {owner: team-a}\n")
    write(folder, "broken/catalog-info.yaml", "kind: [\n")
    run = cli_process("check", "-f", fmt, "-v")
    assert run.exit_code == 2, run.stderr
    assert run.lines == [("caf\\xff/broken/catalog-info.yaml:1:7: invalid YAML: unclosed "
                          "bracket '['")]
    assert "caf\\xff/catalog-info.yaml" in run.stdout.replace("\\\\", "\\")
    if fmt in ("json", "sarif"):
        assert "caf\\xff/catalog-info.yaml" in json.dumps(json.loads(run.stdout)).replace(
            "\\\\", "\\")
    if fmt == "junit":
        ET.fromstring(run.stdout.split("\n", 1)[1])


@pytest.mark.parametrize("args", [
    ("explain", "ownership", "has-owner", "::stop-commands::tok:svc"),
    ("explain", "ownership", "has-owner", "::stop-commands::tok:svc", "-f", "json"),
    ("plan",), ("plan", "-f", "json"), ("check", "--plan"),
    ("report",), ("report", "-f", "json"), ("report", "-f", "markdown"), ("report", "-f", "html"),
])
def test_other_commands_write_through_the_guard(cli: Callable[..., Run], attack_repo: Path,
                                                args: tuple[str, ...]) -> None:
    run = cli(*args)
    assert unexpected_commands(run.stdout, "") == []
    assert run.lines == [("\\x3a:stop-commands::x/catalog-info.yaml:1:7: invalid YAML: "
                          "unclosed bracket '['")]
    if "json" in args:
        json.loads(run.stdout)


def test_every_format_names_its_escape() -> None:
    """A new format must say how it escapes (plain text is right only for the table):
    JSON with the text escapes would no longer parse."""
    from scorecard_cli.reporters import GUARDS

    assert set(REPORTERS) - set(GUARDS) <= {"table"}
    assert set(GUARDS.values()) <= {"json", "xml", "commands", "text"}
