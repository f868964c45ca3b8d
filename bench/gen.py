"""Generate synthetic, reproducible git monorepos of Backstage services for benchmarking.

Usage::

    python bench/gen.py --services 1000            # cached; prints the repository path
    python bench/gen.py --services 1000 --out DIR  # exactly into DIR (must be empty)

Every byte of the working tree and every git object depends only on the number of
services and ``GENERATOR_VERSION``: the same N always gives the same ``HEAD`` commit.
Service ``i`` has the same content whatever N is, so a smaller repository is a prefix of
a larger one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

# Bump whenever the generated content changes, so cached repositories are not reused.
GENERATOR_VERSION = 1
SEED = 20240101
CACHE_ENV = "SCORECARD_BENCH_DIR"
COMPLETE_MARKER = "scorecard-bench-complete"  # written inside .git/ once the commit exists

_EPOCH = "1704110400 +0000"  # 2024-01-01T12:00:00Z, for commits and file times
_MTIME = 1704110400
_GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Scorecard Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_AUTHOR_DATE": _EPOCH,
    "GIT_COMMITTER_NAME": "Scorecard Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_DATE": _EPOCH,
}
# Settings that would make the result depend on the user's git configuration.
_GIT_CONFIG = [
    "init.defaultBranch=main",
    "core.autocrlf=false",
    "core.fsmonitor=false",
    "commit.gpgsign=false",
    "gc.auto=0",
]

_DOMAINS = [
    "payments", "billing", "ledger", "checkout", "catalog", "search", "inventory",
    "shipping", "orders", "identity", "auth", "notifications", "pricing", "reviews",
    "analytics", "reporting", "fraud", "loyalty", "media", "profile",
]
_ROLES = ["api", "service", "worker", "gateway", "web", "sync", "scheduler", "adapter", "ui"]
_TEAMS = [f"team-{name}" for name in (
    "atlas", "borealis", "comet", "delta", "ember", "falcon", "granite", "harbor",
    "ion", "juniper", "kelp", "lumen", "meridian", "nova", "orbit", "pulsar",
)]
_TAGS = [
    "python", "go", "java", "typescript", "grpc", "rest", "kafka", "postgres", "redis",
    "internal", "public", "pci", "gdpr", "critical", "batch", "frontend",
]
_LANGUAGES = ["python", "go", "typescript", "java"]
_LINK_KINDS = [
    ("Runbook", "runbook", "help", "https://runbooks.example.com/{name}"),
    ("Dashboard", "dashboard", "dashboard", "https://grafana.example.com/d/{name}"),
    ("On-call", "oncall", "alert", "https://oncall.example.com/services/{name}"),
    ("API docs", "docs", "docs", "https://docs.example.com/{name}"),
    ("Repository", "source", "github", "https://github.com/acme/monorepo/tree/main/{path}"),
]


class _Facts(NamedTuple):
    """What a service's other files need to know about its catalog entry."""

    name: str
    title: str
    language: str
    owner: str | None


def _q(value: str) -> str:
    """Quote a string as a YAML scalar (a JSON string is a valid YAML double-quoted one)."""
    return json.dumps(value)


def _catalog_info(rng: random.Random, index: int, path: str,
                  has_docs: bool) -> tuple[str, _Facts]:
    """Return the text of one catalog-info.yaml and the facts later files depend on."""
    domain, role = rng.choice(_DOMAINS), rng.choice(_ROLES)
    name = f"{domain}-{role}-{index:05d}"
    title = f"{domain.capitalize()} {role.capitalize()} {index}"
    language = rng.choice(_LANGUAGES)
    owner = None if rng.random() < 0.15 else rng.choice(_TEAMS)
    kind = rng.choices(["service", "website", "library"], weights=[70, 15, 15])[0]
    lifecycle = rng.choices(["production", "experimental", "deprecated"], weights=[65, 25, 10])[0]

    lines = ["apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:"]
    lines.append(f"  name: {name}")
    if rng.random() < 0.9:
        lines.append(f"  title: {_q(title)}")
    if rng.random() < 0.8:
        lines.append(f"  description: {_q(f'{title}: {kind} owning the {domain} {role} flow.')}")
    annotations = [("github.com/project-slug", "acme/monorepo")]
    if has_docs or rng.random() < 0.3:
        annotations.append(("backstage.io/techdocs-ref", "dir:."))
    if rng.random() < 0.25:
        annotations.append(("pagerduty.com/service-id", f"P{rng.randrange(16**6):06X}"))
    lines.append("  annotations:")
    lines += [f"    {key}: {_q(value)}" for key, value in annotations]
    if rng.random() >= 0.3:
        lines.append("  links:")
        for label, link_type, icon, url in rng.sample(_LINK_KINDS, rng.randint(1, 3)):
            lines.append(f"    - url: {_q(url.format(name=name, path=path))}")
            lines.append(f"      title: {_q(label)}")
            lines.append(f"      icon: {icon}")
            if rng.random() < 0.5:
                lines.append(f"      type: {link_type}")
    if rng.random() < 0.75:
        tags = [language, *rng.sample(_TAGS, rng.randint(0, 3))]
        lines.append("  tags:")
        lines += [f"    - {tag}" for tag in dict.fromkeys(tags)]
    lines += ["spec:", f"  type: {kind}", f"  lifecycle: {lifecycle}"]
    if owner is not None:
        lines.append(f"  owner: {'group:' if rng.random() < 0.3 else ''}{owner}")
    if rng.random() < 0.8:
        lines.append(f"  system: {domain}")
    return "\n".join(lines) + "\n", _Facts(name, title, language, owner)


def _readme(rng: random.Random, facts: _Facts) -> str:
    """Return a README; about two thirds have a usage section (scm.file.contains)."""
    text = f"# {facts.title}\n\nPart of the acme monorepo.\n"
    if rng.random() < 0.67:
        heading = rng.choice(["Usage", "Getting started", "Running locally"])
        text += f"\n## {heading}\n\n```\nmake run\n```\n"
    if rng.random() < 0.5:
        text += "\n## Contact\n\nAsk in #platform.\n"
    return text


def _sources(language: str, name: str) -> dict[str, str]:
    """Return one or two source files for a language."""
    if language == "python":
        return {
            "src/main.py": f'"""{name}."""\n\n\ndef main() -> None:\n    print("{name}")\n',
            "pyproject.toml": f'[project]\nname = "{name}"\nversion = "0.1.0"\n',
        }
    if language == "go":
        return {
            "main.go": f'package main\n\nimport "fmt"\n\nfunc main() {{ fmt.Println("{name}") }}\n',
            "go.mod": f"module example.com/acme/{name}\n\ngo 1.22\n",
        }
    if language == "typescript":
        return {
            "src/index.ts": f'export const service = "{name}";\n',
            "package.json": json.dumps({"name": f"@acme/{name}", "version": "0.1.0"}) + "\n",
        }
    return {
        f"src/main/java/Main{name[-5:]}.java": (
            f'public class Main{name[-5:]} {{\n  public static void main(String[] a) {{}}\n}}\n'
        ),
    }


def service_files(index: int) -> dict[str, str]:
    """Return the files of service ``index`` (1-based), as relative path -> text."""
    rng = random.Random(SEED * 1_000_003 + index)
    path = f"services/svc-{index:05d}"
    has_docs = rng.random() < 0.25
    catalog, facts = _catalog_info(rng, index, path, has_docs)
    catalog_name = "catalog-info.yml" if rng.random() < 0.03 else "catalog-info.yaml"
    files = {catalog_name: catalog}
    if rng.random() < 0.6:
        files["README.md"] = _readme(rng, facts)
    if rng.random() < 0.4:
        owner = facts.owner or rng.choice(_TEAMS)
        where = rng.choice(["CODEOWNERS", ".github/CODEOWNERS"])
        files[where] = f"* @acme/{owner}\n"
    if rng.random() < 0.4:
        files[".github/workflows/ci.yml"] = (
            f"name: {facts.name}\non: [push]\njobs:\n  test:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            "      - run: make test\n"
        )
    if has_docs:
        files["docs/index.md"] = f"# {facts.title}\n\nDesign notes.\n"
        if rng.random() < 0.5:
            files["mkdocs.yml"] = f"site_name: {_q(facts.title)}\nnav:\n  - Home: index.md\n"
    files.update(_sources(facts.language, facts.name))
    return {f"{path}/{rel}": text for rel, text in files.items()}


def _root_files(n: int) -> dict[str, str]:
    """Return the files at the repository root."""
    return {
        "README.md": f"# acme monorepo\n\n{n} services live under `services/`.\n",
        "CODEOWNERS": "* @acme/platform\n/services/ @acme/platform-reviewers\n",
        ".gitignore": "__pycache__/\n*.pyc\nnode_modules/\n.venv/\n",
    }


def iter_files(n: int) -> Iterator[tuple[str, str]]:
    """Yield (relative path, text) for every file of an ``n``-service repository."""
    yield from _root_files(n).items()
    for index in range(1, n + 1):
        yield from service_files(index).items()


def _git_env() -> dict[str, str]:
    """Return an environment that isolates git from the user's configuration and hooks."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(_GIT_IDENTITY)
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull})
    return env


def _git(repo: Path, *args: str) -> str:
    """Run one git command in ``repo`` and return its stdout."""
    config = [arg for item in _GIT_CONFIG for arg in ("-c", item)]
    done = subprocess.run(
        ["git", *config, *args], cwd=repo, env=_git_env(), check=True,
        capture_output=True, text=True,
    )
    return done.stdout.strip()


def _write_tree(n: int, out: Path) -> None:
    """Write the working tree of an ``n``-service repository under ``out``."""
    made: set[Path] = {out}
    for rel, text in iter_files(n):
        target = out / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # Fixed, old mtimes: reproducible, and no "racily clean" index entries later.
        os.utime(target, (_MTIME, _MTIME))


def generate(n: int, out: Path, *, verbose: bool = False) -> Path:
    """Write an ``n``-service git repository into ``out`` (absent or empty); return it."""
    if n < 0:
        raise ValueError("the number of services must be >= 0")
    out = Path(out).absolute()
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    message = f"Generate {n} services (v{GENERATOR_VERSION})"
    steps: list[tuple[str, Callable[[], object]]] = [
        ("write files", lambda: _write_tree(n, out)),
        ("git init", lambda: _git(out, "init", "-q")),
        # bigFileThreshold=1 streams every blob into one pack instead of tens of thousands
        # of loose object files; the objects, and so the commit id, are the same either way.
        ("git add", lambda: _git(out, "-c", "core.bigFileThreshold=1", "add", "-A")),
        ("git commit", lambda: _git(out, "commit", "-q", "--no-verify", "-m", message)),
        # A cloned repository is packed; loose trees would make `--ref` reads slower
        # than they are in real life.
        ("git repack", lambda: _git(out, "repack", "-a", "-d", "-q")),
    ]
    for label, step in steps:
        started = time.perf_counter()
        step()
        if verbose:
            print(f"  {label}: {time.perf_counter() - started:.2f}s", file=sys.stderr)
    head = _git(out, "rev-parse", "HEAD")
    (out / ".git" / COMPLETE_MARKER).write_text(f"{GENERATOR_VERSION} {n} {head}\n")
    return out


def default_cache_dir() -> Path:
    """Return ``$SCORECARD_BENCH_DIR``, else ``scorecard-bench`` in the system temp folder."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "scorecard-bench"


def is_complete(repo: Path) -> bool:
    """Tell whether ``repo`` is a fully generated repository of this generator version."""
    marker = repo / ".git" / COMPLETE_MARKER
    try:
        return marker.read_text().split()[0] == str(GENERATOR_VERSION)
    except (OSError, IndexError):
        return False


def cached_repo(n: int, cache: Path | None = None, *, verbose: bool = False) -> Path:
    """Return a complete ``n``-service repository from the cache, generating it if needed."""
    cache = Path(cache) if cache is not None else default_cache_dir()
    final = cache.absolute() / f"v{GENERATOR_VERSION}-n{n}"
    if is_complete(final):
        return final
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".v{GENERATOR_VERSION}-n{n}-", dir=cache))
    try:
        generate(n, staging, verbose=verbose)
        if final.exists():  # an incomplete leftover from an interrupted run
            shutil.rmtree(final)
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if is_complete(final):  # another process finished first
            return final
        raise
    return final


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print the path of the generated repository."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", "-n", type=int, required=True, help="number of services")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, help="generate into this (absent or empty) folder")
    where.add_argument(
        "--cache", type=Path,
        help=f"cache folder (default: ${CACHE_ENV}, else {default_cache_dir()})",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="print step timings")
    args = parser.parse_args(argv)
    if args.services < 0:
        parser.error("--services must be >= 0")
    started = time.perf_counter()
    try:
        if args.out:
            repo = generate(args.services, args.out, verbose=args.verbose)
        else:
            repo = cached_repo(args.services, args.cache, verbose=args.verbose)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", None) or exc
        print(f"gen.py: error: {detail}", file=sys.stderr)
        return 1
    print(f"{args.services} services in {time.perf_counter() - started:.2f}s", file=sys.stderr)
    print(repo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
