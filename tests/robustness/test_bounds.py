"""Issue 9, "Hangs and memory" and "Crashes": each attack reproduced as it was reported,
and the bound it now hits (docs/limits.md quotes every message checked here).

Memory bounds run in a subprocess under ``resource.setrlimit`` (so a regression fails
the test instead of the machine) that reports its own peak memory; time bounds are
asserted by what the run did (how many files were searched, read or composed), never by
a clock.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scorecard_cli.core import documents, operators, query
from scorecard_cli.core.aliases import MAX_ALIAS_BYTES
from scorecard_cli.core.fixes import MAX_FIX_CHARS
from scorecard_cli.core.limits import MAX_READ_BYTES
from scorecard_cli.core.patterns import MAX_REPEAT
from scorecard_cli.core.rules.base import RUN_MATCH_SECONDS
from scorecard_cli.core.rules.file_contains import MATCH_SECONDS
from tests.conftest import REPO_ROOT, git
from tests.robustness.conftest import GOOD, GOOD_REF, Run, assert_clean, write

resource = pytest.importorskip("resource")
LIMITS_DOC = (REPO_ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
MiB = 1024 * 1024
# Run the CLI, then write this process's own peak memory (children excluded) to a file:
# VmHWM where /proc has it (Linux carries ru_maxrss over from the forking parent across
# exec, which would count pytest's own memory), else ru_maxrss.
# (An exit hook: main() ends the process with os._exit after running the exit hooks.)
_MEASURED = """
import atexit, os, re, resource, sys
from scorecard_cli.cli import main
sys.argv = ["scorecard", *sys.argv[2:]]

def write_peak():
    try:
        with open("/proc/self/status") as status:
            peak = int(re.search(r"VmHWM:\\s*(\\d+) kB", status.read()).group(1)) * 1024
    except (OSError, AttributeError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
    with open(os.environ["SCORECARD_TEST_PEAK"], "w") as out:
        out.write(str(peak))

atexit.register(write_peak)
main()
"""


def run_measured(cwd: Path, *args: str, address_space: int = 2048 * MiB) -> tuple[Run, int]:
    """``scorecard *args`` in a subprocess whose address space is capped; (run, peak RSS
    in bytes of the scorecard process itself)."""
    peak_file = cwd / ".peak"

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, "scorecard", *args], cwd=cwd, capture_output=True,
        text=True, timeout=300, check=False, preexec_fn=cap,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "NO_COLOR": "1",
             "SCORECARD_TEST_PEAK": str(peak_file)},
    )
    assert done.returncode >= 0, f"killed by signal {-done.returncode}\n{done.stderr[-2000:]}"
    assert_clean(done.returncode, done.stdout, done.stderr)
    return Run(done.returncode, done.stdout, done.stderr), int(peak_file.read_text())


def test_the_bounds_are_the_documented_ones() -> None:
    for number in (f"{MAX_ALIAS_BYTES:,}", f"{MAX_REPEAT:,}", f"{RUN_MATCH_SECONDS:g} s",
                   f"{MAX_FIX_CHARS:,}"):
        assert number in LIMITS_DOC, number


# --- YAML aliases: a 4 MB anchored string aliased 5,000 times ------------------------------

def test_anchored_string_aliased_5000_times(tmp_path: Path) -> None:
    big = "A" * 4_000_000
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "bomb.yaml", f"identifier: e\nproperties:\n  a: &x \"{big}\"\n"
          f"  b: [{', '.join(['*x'] * 5000)}]\n")
    run, peak = run_measured(tmp_path, "check", "good.yaml", "bomb.yaml", "-f", "json",
                             address_space=1024 * MiB)  # 20 GB were needed before
    line = (f"bomb.yaml:4:15: invalid YAML: YAML aliases expand to more than "
            f"{MAX_ALIAS_BYTES:,} bytes (the limit for a file, all its documents together)")
    assert (run.exit_code, run.lines) == (2, [line])
    assert run.entities == [GOOD_REF]
    assert peak < 200 * MiB
    assert line.split(":", 3)[3].strip() in LIMITS_DOC


# --- Regular expressions: checked before compiling ---------------------------------------

@pytest.mark.parametrize("pattern, message", [
    ("a{2147483647}", f"counted repeats multiply out to more than {MAX_REPEAT:,} items (the limit)"),
    ("(a{1000}){1000}", f"counted repeats multiply out to more than {MAX_REPEAT:,} items (the limit)"),
    ("(?R)", "recursion and subroutine calls such as (?R) are not allowed"),
    ("x(?1)(a)", "recursion and subroutine calls such as (?1) are not allowed"),
    ("(?P<n>a)(?&n)", "recursion and subroutine calls such as (?&n) are not allowed"),
])
def test_patterns_refused_before_compiling(tmp_path: Path, pattern: str, message: str) -> None:
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", "id: sc\nrules:\n  - id: r\n    level: Bronze\n"
          f"    type: scm.file.contains\n    params: {{path: README.md, pattern: '{pattern}'}}\n")
    write(tmp_path, "ok.yaml", "id: ok\nrules:\n  - {id: o, level: Bronze, type: "
          "entity.field.exists, params: {field: $team}}\n")
    run, peak = run_measured(tmp_path, "check", "good.yaml", "-s", "sc.yaml", "-s", "ok.yaml",
                             "-f", "json", address_space=1024 * MiB)  # 24 GB before
    assert (run.exit_code, run.lines) == (
        2, [f"sc.yaml:6:40: pattern {pattern!r} refused: {message}"])
    assert [r["scorecard"] for r in run.doc["results"]] == ["ok"]  # the others still run
    assert peak < 200 * MiB
    assert message.replace("(?1)", "(?R)").replace("(?&n)", "(?R)") in LIMITS_DOC


def test_ordinary_patterns_pass_the_check(cli: Callable[..., Run], tmp_path: Path) -> None:
    from scorecard_cli.core.patterns import check_pattern

    for pattern in (r"^\d{4}-\d{2}-\d{2}$", r"\p{L}{3}", r"[{}]{3}", r"(?:ab{3}){10}",
                    r"^version: \"?\d+(\.\d+){0,3}\"?", r"\{10000\}", r"(?<=a)b{9999}"):
        check_pattern(pattern)


# --- scm.file.contains: a time budget for the whole run ----------------------------------

def test_62_slow_checks_share_one_budget(tmp_path: Path) -> None:
    """62 entities whose README makes the pattern backtrack for its whole per-file second:
    once the run's budget is spent, the other files are not searched (80 s before)."""
    git(tmp_path, "init", "-q")
    for i in range(62):
        write(tmp_path, f"s{i}/catalog-info.yaml", f"identifier: s{i}\n")
        write(tmp_path, f"s{i}/README.md", "a" * 60 + "b\n")
    write(tmp_path, "sc.yaml", "id: slow\nrules:\n  - {id: r, level: Bronze, type: "
          "scm.file.contains, params: {path: README.md, pattern: '(a|aa)+$'}}\n")
    run, _ = run_measured(tmp_path, "check", "-s", "sc.yaml", "-f", "json")
    errors = [record["rules"][0]["error"] for record in run.doc["results"]]
    assert len(errors) == 62
    slow = [e for e in errors if e.startswith("pattern '(a|aa)+$' took more than")]
    stopped = [e for e in errors if "is used up" in e]
    assert len(slow) + len(stopped) == 62
    assert len(slow) <= RUN_MATCH_SECONDS / MATCH_SECONDS + 1  # the run ended in its budget
    line = (f"pattern '(a|aa)+$' not searched in README.md: this run's matching time "
            f"({RUN_MATCH_SECONDS:g} s for all scm.file.contains rules) is used up")
    assert line in stopped
    assert line in LIMITS_DOC


# --- locate: a list file is composed once ------------------------------------------------

def test_list_file_is_read_and_composed_once(cli: Callable[..., Run], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Every failing rule of every entity of a list file is located (SARIF, annotations);
    the file was read and composed again for each (100,000 items: 598 s)."""
    composed: list[int] = []
    compose = documents._compose
    monkeypatch.setattr(documents, "_compose", lambda text: composed.append(1) or compose(text))
    write(tmp_path, "list.yaml", "".join(f"- identifier: e{i}\n" for i in range(3000)))
    run = cli("check", "list.yaml", "-f", "sarif")
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
             for r in json.loads(run.stdout)["runs"][0]["results"]]
    assert len(lines) == 3000 * 4 and max(lines) == 3000  # 4 built-in rules
    assert len(composed) <= 1  # plain YAML is located without composing at all


def test_a_rewritten_file_is_composed_again(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("a: 1\nb: 2\n", encoding="utf-8")
    assert documents.locate(str(path), 0, ("b",)) == (2, 4)
    path.write_text("b: 2\na: 1\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock
    assert documents.locate(str(path), 0, ("b",)) == (1, 4)


# --- containsAny / in / notIn: membership by hashing -------------------------------------

def test_contains_any_12k_by_12k_compares_no_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.core.test_query import port as make_entity

    calls: list[int] = []
    same = operators.same
    monkeypatch.setattr(operators, "same", lambda a, b: calls.append(1) or same(a, b))
    values = [f"v{i}" for i in range(12_000)]
    condition = query.compile_query({"conditions": [
        {"property": "tags", "operator": "containsAny", "value": values}]})
    miss = make_entity({"tags": [f"w{i}" for i in range(12_000)]})
    hit = make_entity({"tags": [f"w{i}" for i in range(11_999)] + ["v11999"]})
    assert condition.evaluate(miss).passed is False
    assert condition.evaluate(hit).passed is True
    assert calls == []  # 144 million comparisons before


def test_contains_any_keeps_the_equality_of_equals() -> None:
    from tests.core.test_query import port as make_entity

    def holds(prop: object, values: list) -> bool:
        query_ = query.compile_query({"conditions": [
            {"property": "p", "operator": "containsAny", "value": values}]})
        return query_.evaluate(make_entity({"p": prop})).passed

    values = ["a", 1, 2.5, 10 ** 4000]
    assert [holds(item, values) for item in ("a", 1.0, 1, 2.5, 10 ** 4000)] == [True] * 5
    assert [holds(item, values) for item in (True, "1", "A", float("nan"), 0)] == [False] * 5
    assert not holds(True, [1]) and not holds(1, [True]) and not holds(0, [False])
    assert holds(["x", 1], ["y", 1.0]) and not holds({"a": 1}, ["a"])


# --- fixes: a 13 KB scorecard must not make a 420 MB report ------------------------------

def test_placeholders_that_name_a_large_field(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
          f"metadata:\n  name: big\n  description: {'d' * 700_000}\nspec: {{owner: a}}\n")
    content = "{{ entity.metadata.description }}" * 400  # 13,600 bytes of scorecard
    write(tmp_path, "sc.yaml", "id: sc\nrules:\n  - id: readme\n    level: Bronze\n"
          "    type: scm.file.exists\n    params: {path: README.md}\n    fixAction:\n"
          "      actionId: scm.createOrUpdateFile@v1\n"
          f"      suggestedInputs: {{path: README.md, content: '{content}'}}\n")
    assert (tmp_path / "sc.yaml").stat().st_size < 14_000
    run, peak = run_measured(tmp_path, "check", "-s", "sc.yaml", "-f", "json",
                             address_space=1024 * MiB)
    assert len(run.stdout) < 2 * MiB and peak < 250 * MiB  # 420 MB before
    fix = run.doc["results"][0]["rules"][0]["fix"]
    message = (f"the suggested fix (scm.createOrUpdateFile@v1) is larger than "
               f"{MAX_FIX_CHARS:,} characters (the limit), so it is not shown; fix the rule "
               "'readme' by hand")
    assert fix == {"actionId": "manual@v1",
                   "suggestedInputs": {"root": "", "instructions": message}}
    assert message in LIMITS_DOC


def test_small_placeholders_still_render(cli: Callable[..., Run], tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "catalog-info.yaml", GOOD)
    write(tmp_path, "sc.yaml", "id: sc\nrules:\n  - id: readme\n    level: Bronze\n"
          "    type: scm.file.exists\n    params: {path: README.md}\n    fixAction:\n"
          "      actionId: scm.createOrUpdateFile@v1\n"
          "      suggestedInputs: {path: README.md, content: '# {{ entity.metadata.name }}'}\n")
    fix = cli("check", "-s", "sc.yaml", "-f", "json").doc["results"][0]["rules"][0]["fix"]
    assert fix["suggestedInputs"]["content"] == "# good"


# --- --ref: a blob larger than the read limit is never read whole ------------------------

def test_large_blob_at_a_ref_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "catalog-info.yaml", "identifier: e\n")
    with open(tmp_path / "big.txt", "wb") as handle:
        handle.writelines(b"a" * MiB for _ in range(192))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "big")
    (tmp_path / "big.txt").unlink()  # only the commit has it
    write(tmp_path, "sc.yaml", "id: sc\nrules:\n  - {id: r, level: Bronze, type: "
          "scm.file.contains, params: {path: big.txt, pattern: zzz}}\n")
    run, peak = run_measured(tmp_path, "check", "-s", "sc.yaml", "--ref", "HEAD", "-f", "json")
    details = run.doc["results"][0]["rules"][0]["details"]
    assert details.endswith(f"only the first {MAX_READ_BYTES} bytes of the file were read)")
    assert peak < 150 * MiB, peak  # the whole 192 MiB blob was drained into memory before


# --- crashes (exit 3 before) -------------------------------------------------------------

@pytest.mark.parametrize("ref", [(), ("--ref", "HEAD")])
def test_nul_in_a_rule_path(cli: Callable[..., Run], tmp_path: Path,
                            ref: tuple[str, ...]) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "catalog-info.yaml", "identifier: e\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "x")
    write(tmp_path, "sc.yaml", 'id: n\nrules:\n'
          '  - {id: a, level: Bronze, type: scm.file.exists, params: {path: "a\\0b"}}\n'
          '  - {id: b, level: Bronze, type: scm.file.contains, params: {path: "a\\0b", '
          'pattern: x}}\n'
          '  - {id: c, level: Bronze, type: scm.anyOf, params: {paths: [README.md, "a\\0b"]}}\n')
    run = cli("check", "-s", "sc.yaml", "-f", "json", *ref)
    message = "path 'a\\x00b': a NUL character is not allowed in a path"
    assert run.rules() == {"a": (False, message), "b": (False, message), "c": (False, message)}
    assert message in LIMITS_DOC


def test_nul_in_a_configured_path(cli: Callable[..., Run], tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, ".scorecard.yaml", 'scorecards: ["a\\0b"]\n')
    run = cli("check", "-f", "json")
    line = ("scorecard: error: .scorecard.yaml:1:14: 'scorecards': 'a\\x00b': a NUL character "
            "is not allowed in a path; not read")
    assert (run.exit_code, run.lines) == (2, [line])


def test_numeric_string_of_4301_digits(cli: Callable[..., Run], tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", "id: d\nrules:\n  - {id: r, level: Bronze, query: {conditions: "
          f"[{{property: x, operator: '<', value: '{'1' * 4301}'}}]}}}}\n")
    write(tmp_path, "ok.yaml", "id: ok\nrules:\n  - {id: o, level: Bronze, type: "
          "entity.field.exists, params: {field: $team}}\n")
    run = cli("check", "good.yaml", "-s", "sc.yaml", "-s", "ok.yaml", "-f", "json")
    line = ("sc.yaml:3:85: operator '<': the number 111111111111... has 4301 digits (the "
            "limit is 4300)")
    assert (run.exit_code, run.lines) == (2, [line])
    assert [r["scorecard"] for r in run.doc["results"]] == ["ok"]
    assert line.split(": ", 1)[1] in LIMITS_DOC
    assert json.dumps(run.doc)


# --- scorecard text copied into every result ----------------------------------------------

def test_long_names_in_a_scorecard_are_refused(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A rule title of megabytes would be repeated in the result of every entity."""
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "sc.yaml", "id: sc\nrules:\n  - id: r\n    level: Bronze\n"
          f"    title: {'t' * 100_000}\n    type: entity.field.exists\n"
          "    params: {field: $team}\n")
    write(tmp_path, "lv.yaml", f"id: lv\nlevels: [Basic, {'L' * 1001}]\nrules: []\n")
    run = cli("check", "good.yaml", "-s", "sc.yaml", "-s", "lv.yaml", "-f", "json")
    lines = ["lv.yaml:2:17: 'title' is too long (1,001 characters; the limit is 1,000)",
             "sc.yaml:5:12: 'title' is too long (100,000 characters; the limit is 1,000)"]
    assert (run.exit_code, run.lines) == (2, lines)
    assert lines[1].split(": ", 1)[1] in LIMITS_DOC


def test_long_rule_params_are_cut_in_details(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A path of 100,000 characters was repeated in the details of every entity."""
    from scorecard_cli.core.engine import MAX_DETAILS

    git(tmp_path, "init", "-q")
    for i in range(20):
        write(tmp_path, f"s{i}/catalog-info.yaml", f"identifier: s{i}\n")
    write(tmp_path, "sc.yaml", "id: sc\nrules:\n  - {id: r, level: Bronze, type: "
          f"scm.file.exists, params: {{path: {'p' * 100_000}}}}}\n")
    run = cli("check", "-s", "sc.yaml", "-f", "json")
    details = [record["rules"][0]["details"] for record in run.doc["results"]]
    assert len(details) == 20
    for shown in details:
        assert len(shown) < MAX_DETAILS + 100
        assert re.search(rf"^p{{{MAX_DETAILS}}}\.\.\. \(100,0\d\d characters; cut at "
                         rf"{MAX_DETAILS:,}\)$", shown), shown[-80:]
    assert f"cut at {MAX_DETAILS:,})" in LIMITS_DOC
    assert len(run.stdout) < 20 * (MAX_DETAILS + MAX_FIX_CHARS) + 50_000
