"""Fuzz the catalog and scorecard loaders and the ``check`` pipeline for a bounded time.

Each input is a real file mutated: the corpus in ../shared/corpus when it is there, else the
files under examples/ (the built-in scorecards always join them). The text is mutated
(spans cut, doubled or spliced from another file, YAML and JSON tokens inserted, line ends
and encodings changed) or its data is (a value replaced by a hostile one, a key dropped or
misspelt, a value nested deeper), then fed to ``parse_documents``, ``load_catalog``,
``load_definitions`` and ``scorecard check`` in-process, in every output format in turn,
inside a small git repository so that the file rules run too.

Any exception that is not one of ours (``ScorecardError``, ``Problem``), or an exit code
other than 0, 1 or 2, is a bug: the input is printed, kept, and the script exits 1. The input
being tried is always written to ``<work>/current.*`` first, and faulthandler reports a
crash or a hang of the interpreter (a parser's stack overflow, a regex without end).

    python bench/fuzz.py --seconds 30 [--seed N] [--runs N] [--corpus DIR] [--keep DIR]

Exit codes: 0 no bug found, 1 a bug found, 2 usage.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, installed or not

import yaml
from typer.testing import CliRunner

from scorecard_cli.cli import app
from scorecard_cli.core.catalog import load_catalog
from scorecard_cli.core.documents import parse_documents
from scorecard_cli.core.errors import DescriptorError, ScorecardError
from scorecard_cli.core.scorecards import load_definitions
from scorecard_cli.presets import builtin_scorecard_files

FORMATS = ("json", "table", "sarif", "junit", "markdown", "github")
TOKENS = ["[", "]", "{", "}", ": ", ", ", "- ", "? ", "&a ", "*a", "&b [*a, *a] ", "!!set ",
          "!!binary ", "!!int ", "!!str ", "!!python/object/apply:os.system ['false'] ", "---\n",
          "...\n", "%YAML 1.2\n", "# ", "'", '"', "\\u0000", "\\ud800", "\\e[2J", "\t", "\r\n",
          "\r", "\ufeff", "{{ x }}", "${{ values.x }}", "{% if x %}", "<<: *a\n", "9" * 25,
          "1e999", ".nan", "~", "null", "true", "é", "\U0001f600", "\u2028", "\x85", "- " * 40,
          "[" * 60, "{a: " * 30, "\n" + " " * 37, "../../", "/etc/passwd", "C:\\x", "$team",
          "(a|aa)+$", "a[", "metadata.links[0].url", "2024-02-30", "0x1F", "-1"]
VALUES: list[Any] = [None, True, False, 0, -1, 1.5, float("nan"), float("inf"), 2**70, "", " ",
                     "x" * 300, [], {}, [[[[[]]]]], {"a": {"b": {"c": {}}}}, "{{ entity.x }}",
                     "${{ values.name }}", "../../secret", "/abs", "\\x", "(a|aa)+$", "[",
                     "$owner", "2024-01-01", "01/02/2024", "Component", "Gold", "entity.query",
                     ["a", 1, None], {"combinator": "or", "conditions": []},
                     {"property": "x", "operator": "=", "value": [1]}, "a\nb", "\x1b[31m"]
KEYS = ["apiVersion", "kind", "metadata", "name", "spec", "owner", "links", "identifier",
        "properties", "rules", "level", "type", "params", "query", "conditions", "property",
        "operator", "value", "levels", "filter", "fixAction", "data", "blueprint", "id"]


@dataclass
class Seed:
    """One real file to mutate."""

    name: str
    text: str

    @property
    def suffix(self) -> str:
        """``.json`` or ``.yaml``: how the mutant is named."""
        return ".json" if self.name.lower().endswith(".json") else ".yaml"

    @property
    def is_scorecard(self) -> bool:
        """Files that look like scorecard definitions are mutated as scorecards too."""
        return "rules" in self.text and ("level" in self.text or "data" in self.text)


@dataclass
class Stats:
    """What the run tried and how each input came out."""

    inputs: int = 0
    outcomes: Counter = field(default_factory=Counter)


def seeds(corpus: Path | None) -> list[Seed]:
    """The real files: the corpus when given, else examples/; the built-in scorecards too."""
    if corpus is not None and corpus.is_dir():
        paths = sorted(p for p in corpus.rglob("*") if p.is_file()
                       and p.suffix.lower() in (".yaml", ".yml", ".json"))
    else:
        paths = sorted(p for p in (ROOT / "examples").rglob("*")
                       if p.is_file() and p.suffix.lower() in (".yaml", ".yml", ".json"))
    paths += [Path(p) for p in builtin_scorecard_files()]
    found = []
    for path in paths:
        try:
            found.append(Seed(path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return found


def mutate_text(rng: random.Random, text: str, others: list[Seed]) -> tuple[str, str]:
    """One text mutation; returns (new text, what was done)."""
    at, span = rng.randrange(len(text) + 1), rng.randrange(1, 40)
    choice = rng.randrange(9)
    if choice == 0:
        return text[:at] + text[at + span:], f"cut {span} at {at}"
    if choice == 1:
        return text[:at] + text[at:at + span] * 2 + text[at + span:], f"doubled {span} at {at}"
    if choice in (2, 3):
        token = rng.choice(TOKENS)
        return text[:at] + token + text[at:], f"inserted {token!r} at {at}"
    if choice == 4:
        other = rng.choice(others).text
        start = rng.randrange(len(other) + 1)
        return text[:at] + other[start:start + 200] + text[at:], f"spliced 200 at {at}"
    lines = text.split("\n")
    line = rng.randrange(len(lines))
    if choice == 5:
        lines[line] = " " * rng.randrange(1, 5) + lines[line]
        return "\n".join(lines), f"indented line {line + 1}"
    if choice == 6:
        lines.insert(rng.randrange(len(lines) + 1), lines[line])
        return "\n".join(lines), f"repeated line {line + 1}"
    if choice == 7:
        return text.replace("\n", rng.choice(["\r\n", "\r"])), "changed line ends"
    return text[:at], f"truncated at {at}"


def mutate_data(rng: random.Random, data: Any) -> tuple[Any, str]:
    """One data mutation on a random node of a parsed document."""
    nodes: list[tuple[Any, Any, Any]] = [(None, None, data)]
    position = 0
    while position < len(nodes) < 2000:  # breadth-first (parent, key, node), bounded
        value = nodes[position][2]
        position += 1
        if isinstance(value, dict):
            nodes += [(value, k, v) for k, v in value.items()]
        elif isinstance(value, list):
            nodes += [(value, i, v) for i, v in enumerate(value)]
    parent, key, value = rng.choice(nodes)
    if parent is None:
        return rng.choice(VALUES), "replaced the whole document"
    choice = rng.randrange(5)
    if choice == 0 and isinstance(parent, dict):
        del parent[key]
        return data, f"dropped key {key!r}"
    if choice == 1 and isinstance(parent, dict):
        typo = rng.choice(KEYS) if rng.random() < 0.5 else str(key)[:-1]
        parent[typo] = parent.pop(key)
        return data, f"renamed key {key!r} to {typo!r}"
    if choice == 2:
        parent[key] = [[[value]]]
        return data, f"nested {key!r} deeper"
    parent[key] = rng.choice(VALUES)
    return data, f"replaced {key!r} with {parent[key]!r}"


def mutate(rng: random.Random, seed: Seed, others: list[Seed]) -> tuple[str, list[str]]:
    """1–4 mutations of a seed, text or data ones."""
    text, done = seed.text, []
    for _ in range(rng.randrange(1, 5)):
        if rng.random() < 0.4:
            try:
                docs = (list(yaml.safe_load_all(text)) if seed.suffix == ".yaml"
                        else [json.loads(text)])
            except (yaml.YAMLError, ValueError, RecursionError):
                docs = []
            if docs:
                index = rng.randrange(len(docs))
                docs[index], what = mutate_data(rng, docs[index])
                text = dump(docs, seed.suffix, rng)
                done.append(what)
                continue
        text, what = mutate_text(rng, text, others)
        done.append(what)
    return text, done


def dump(docs: list, suffix: str, rng: random.Random) -> str:
    """Documents back to text, in the file's own syntax."""
    if suffix == ".json":
        return json.dumps(docs[0], indent=rng.choice([None, 2]), default=str)
    return yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False,
                              default_flow_style=rng.choice([False, None]))


class Bug(Exception):
    """An exception that is not one of ours, or a bad exit code."""


def run_targets(path: Path, is_scorecard: bool, fixed: dict[str, str], fmt: str) -> str:
    """Feed one file to every target; return the outcome name; raise Bug on a bug."""
    cwd = os.getcwd()
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        parse_documents(text, str(path), path.name, DescriptorError)
    except ScorecardError:
        pass
    load_catalog([str(path)], cwd)
    load_definitions([str(path)], cwd)
    if is_scorecard:
        args = ["check", fixed["catalog"], "-s", str(path)]
    else:
        args = ["check", str(path), "-s", fixed["scorecard"], "-s", fixed["builtin"]]
    result = CliRunner().invoke(app, [*args, "-f", fmt, "--no-config"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise Bug("".join(traceback.format_exception(*result.exc_info)))
    if result.exit_code not in (0, 1, 2):
        raise Bug(f"exit code {result.exit_code}\n{result.output}")
    return {0: "clean", 1: "below threshold", 2: "input errors"}[result.exit_code]


FUZZ_SCORECARD = """\
id: fuzz
rules:
  - {id: owner, level: Bronze, type: entity.field.exists, params: {field: $team}}
  - {id: link, level: Bronze, type: entity.link.exists, params: {titleContains: run}}
  - {id: readme, level: Silver, type: scm.file.exists, params: {path: README.md}}
  - {id: any, level: Silver, type: scm.anyOf, params: {paths: [CODEOWNERS, /CODEOWNERS]}}
  - {id: usage, level: Gold, type: scm.file.contains, params: {path: README.md, pattern: '^#'}}
  - {id: recent, level: Gold, type: scm.recentCommit, params: {days: 30}}
  - id: query
    level: Gold
    query:
      combinator: or
      conditions:
        - {property: lifecycle, operator: '=', value: production}
        - {property: metadata.tags, operator: containsAny, value: [a, b]}
        - {property: properties.created, operator: '<', value: '2024-01-01'}
"""


def workspace(work: Path) -> dict[str, str]:
    """A git repository with a few source files, a scorecard and a good catalog file."""
    repo = work / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "README.md").write_text("# Service\n\nusage\n", encoding="utf-8")
    (repo / "CODEOWNERS").write_text("* @team\n", encoding="utf-8")
    (repo / "docs" / "index.md").write_text("docs\n", encoding="utf-8")
    (repo / "fuzz-scorecard.yaml").write_text(FUZZ_SCORECARD, encoding="utf-8")
    (repo / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: good}\n"
        "spec: {owner: team, lifecycle: production}\n", encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "f", "GIT_AUTHOR_EMAIL": "f@x", "GIT_COMMITTER_NAME": "f",
           "GIT_COMMITTER_EMAIL": "f@x"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fuzz"]):
        subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env,
                       check=True, capture_output=True)
    return {"repo": str(repo), "scorecard": "fuzz-scorecard.yaml",
            "catalog": "catalog-info.yaml", "builtin": builtin_scorecard_files()[0]}


def report(seed: Seed, done: list[str], text: str, bug: str, keep: Path) -> None:
    """Print the failing input and keep it."""
    keep.mkdir(parents=True, exist_ok=True)
    kept = keep / f"failing-{int(time.time())}{seed.suffix}"
    kept.write_text(text, encoding="utf-8", errors="surrogatepass")
    sys.stderr.write(f"fuzz: BUG on a mutant of {seed.name} ({'; '.join(done)})\n"
                     f"fuzz: input kept in {kept}; it is:\n{text!r}\n\n{bug}\n")


def fuzz(args: argparse.Namespace, work: Path) -> int:
    """The loop: mutate, write, run every target; stop at the first bug or the bound."""
    rng = random.Random(args.seed)
    files = seeds(args.corpus)
    definitions = [seed for seed in files if seed.is_scorecard]
    fixed = workspace(work)
    os.chdir(fixed["repo"])
    stats, deadline = Stats(), time.monotonic() + args.seconds
    while time.monotonic() < deadline and (args.runs is None or stats.inputs < args.runs):
        as_scorecard = rng.random() < 0.4  # scorecards are few among the real files
        seed = rng.choice(definitions if as_scorecard else files)
        text, done = mutate(rng, seed, files)
        path = Path(fixed["repo"]) / "svc" / f"current{seed.suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        faulthandler.dump_traceback_later(args.hang_seconds, exit=True)
        try:
            outcome = run_targets(path, as_scorecard, fixed, FORMATS[stats.inputs % 6])
        except Exception as exc:  # noqa: BLE001 - any exception escaping a target is a bug
            bug = exc.args[0] if isinstance(exc, Bug) else traceback.format_exc()
            report(seed, done, text, bug, args.keep)
            return 1
        finally:
            faulthandler.cancel_dump_traceback_later()
        stats.inputs += 1
        stats.outcomes[("scorecard " if as_scorecard else "catalog ") + outcome] += 1
    print(f"fuzz: {stats.inputs} inputs from {len(files)} files, seed {args.seed}: "
          f"{dict(sorted(stats.outcomes.items()))}; 0 bugs")
    return 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="time bound (default 30)")
    parser.add_argument("--runs", type=int, default=None, help="stop after this many inputs")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                        help="folder of real files (default ../shared/corpus, else examples/)")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "scorecard-fuzz",
                        help="where a failing input is kept")
    parser.add_argument("--hang-seconds", type=float, default=120.0,
                        help="one input running longer than this is a hang (default 120)")
    args = parser.parse_args(argv)
    if args.seed is None:
        args.seed = time.time_ns() % 2**32
    args.keep = args.keep.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer in a temporary folder; 0 when no bug was found, 1 otherwise."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    faulthandler.enable()
    work = Path(tempfile.mkdtemp(prefix="scorecard-fuzz-"))
    start = os.getcwd()
    print(f"fuzz: seed {args.seed}; the input being tried is {work}/repo/svc/current.*",
          flush=True)
    try:
        return fuzz(args, work)
    finally:
        os.chdir(start)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
