"""Time ``scorecard validate`` against ``scorecard check`` on one generated organisation.

The input mimics a real Backstage organisation export: ``--components`` Component
files (one ``catalog-info.yaml`` each) and ``--people`` User and Group entities in
multi-document ``catalog-info.yaml`` files of ``--per-file`` documents (issue 11,
item 4: 671 Components and 10,325 Users/Groups).

Usage::

    python bench/validate_vs_check.py                  # 671 + 10,325, 5 runs each
    python bench/validate_vs_check.py --runs 3 --keep /tmp/org

Prints the min/median/max wall time of each command and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_COMPONENT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: service-{i}
  description: Service number {i} of the organisation
  tags: [python, team-{team}]
  annotations:
    github.com/project-slug: acme/service-{i}
    backstage.io/techdocs-ref: dir:.
  links:
    - url: https://runbooks.example.com/service-{i}
      title: Runbook
spec:
  type: service
  lifecycle: production
  owner: group:team-{team}
  system: system-{system}
"""
_USER = """\
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: user-{i}
spec:
  profile:
    displayName: User {i}
    email: user-{i}@example.com
  memberOf: [team-{team}]
"""
_GROUP = """\
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-{i}
  description: Team {i}
spec:
  type: team
  parent: department-{parent}
  children: []
"""


def generate(root: Path, components: int, people: int, per_file: int) -> None:
    """Write the organisation under ``root`` (a git repository is not needed)."""
    teams = max(1, people // 20)
    for i in range(components):
        folder = root / "services" / f"service-{i}"
        folder.mkdir(parents=True)
        (folder / "catalog-info.yaml").write_text(
            _COMPONENT.format(i=i, team=i % teams, system=i % 40), encoding="utf-8")
    documents = [_GROUP.format(i=i, parent=i % 10) for i in range(teams)]
    documents += [_USER.format(i=i, team=i % teams) for i in range(people - teams)]
    for start in range(0, len(documents), per_file):
        folder = root / "org" / f"part-{start // per_file}"
        folder.mkdir(parents=True)
        (folder / "catalog-info.yaml").write_text(
            "".join(documents[start:start + per_file]), encoding="utf-8")


def _time(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1, 2):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed


def main() -> None:
    """Generate, then time both commands alternately."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=671)
    parser.add_argument("--people", type=int, default=10_325)
    parser.add_argument("--per-file", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate here and keep the files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        generate(root, args.components, args.people, args.per_file)
        base = [sys.executable, "-m", "scorecard_cli"]
        # check cold (--no-cache): validate keeps no result cache either
        commands = {"check": base + ["check", "--no-config", "--no-cache", "-f", "json", "."],
                    "validate": base + ["validate", "."]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(_time(command, root))
        for name, values in times.items():
            print(f"{name:9} min {min(values):.2f} s  median {statistics.median(values):.2f} s"
                  f"  max {max(values):.2f} s")
        ratio = statistics.median(times["validate"]) / statistics.median(times["check"])
        print(f"validate / check (medians): {ratio:.2f}")


if __name__ == "__main__":
    main()
