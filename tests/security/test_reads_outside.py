"""Nothing outside the repository is read: catalog files, Location targets, config paths
and globs resolve by their real path inside it, or are one located error that never
shows the outside file; globs match the git listing, so links and loops cannot hang them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import git, write_files
from tests.robustness.conftest import Run
from tests.security.conftest import COMPONENT, README_SCORECARD

SECRET = "root:x:0:0:TOKEN-1234567890:/root:/bin/bash\n"


def _secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "passwd"
    write_files(path.parent, {"passwd": SECRET, "catalog-info.yaml": COMPONENT,
                              "sc.yaml": README_SCORECARD})
    return path


def _no_leak(run: Run) -> None:
    assert "TOKEN-1234567890" not in run.stdout + run.stderr


def test_tracked_catalog_file_that_is_a_symlink_to_the_outside(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    """The attack: ``validate`` printed the start of /etc/passwd in its error."""
    secret = _secret(tmp_path)
    repo = make_repo({"README.md": "x"}, commit=False)
    os.symlink(secret, repo / "catalog-info.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "link")
    expected = ("catalog-info.yaml:1:1: this file is a symlink (or under one) that points "
                "outside the repository; not read")
    for args in (("validate",), ("validate", "catalog-info.yaml"), ("check", "-f", "json"),
                 ("check", "catalog-info.yaml", "-f", "json")):
        run = cli(*args, cwd=repo)
        _no_leak(run)
        assert run.exit_code != 0
        assert expected in run.lines, (args, run.lines)
        assert len([line for line in run.lines if "catalog-info.yaml" in line]) == 1


def test_config_paths_that_leave_the_repository(tmp_path: Path, make_repo: Callable,
                                                cli: Callable[..., Run]) -> None:
    """``scorecards:`` and ``catalog:`` naming ``../``: one located error, nothing read."""
    secret = _secret(tmp_path)
    cases = {
        "scorecards: [../outside/passwd]\n": ("1:14", ("'scorecards': '../outside/passwd' lies "
                                               "outside the repository; not read")),
        "catalog:\n  - ../outside/*.yaml\n": ("2:5", ("'catalog': '../outside/*.yaml' lies "
                                               "outside the repository; not read")),
        "scorecards: [linked]\n": ("1:14", ("'scorecards': 'linked' is a symlink (or under one) "
                                   "that points outside the repository; not read")),
    }
    for index, (text, (where, message)) in enumerate(cases.items()):
        repo = make_repo({".scorecard.yaml": text, "catalog-info.yaml": COMPONENT},
                         name=f"repo{index}")
        os.symlink(secret, repo / "linked")
        run = cli("check", "-f", "json", cwd=repo)
        _no_leak(run)
        assert run.exit_code == 2
        assert run.lines == [f"scorecard: error: .scorecard.yaml:{where}: {message}"]


def test_config_catalog_glob_ignores_links_loops_and_ignored_files(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    """``catalog: "**/catalog-info.yaml"`` with a symlinked folder to the outside, a symlink
    loop (``ln -s . a``) and a git-ignored copy under ``build/``: only the real, listed
    catalog file is graded, and the run ends."""
    _secret(tmp_path)
    repo = make_repo({".scorecard.yaml": "catalog: ['**/catalog-info.yaml']\n"
                      "scorecards: [sc.yaml]\n", "sc.yaml": README_SCORECARD,
                      ".gitignore": "build/\n", "svc/catalog-info.yaml": COMPONENT,
                      "build/catalog-info.yaml": COMPONENT.replace("svc", "stale")})
    os.symlink(tmp_path / "outside", repo / "vendor")
    os.symlink(".", repo / "a")
    os.symlink(".", repo / "svc" / "loop")
    run = cli("check", "-f", "json", cwd=repo)
    assert run.exit_code == 0, run.stderr
    assert run.entities == ["component:default/svc"]
    assert [r["source"] for r in run.doc["results"]] == ["svc/catalog-info.yaml"]


def test_location_targets_stay_inside(tmp_path: Path, make_repo: Callable,
                                      cli: Callable[..., Run]) -> None:
    """A Location whose target is a symlink to the outside, and a glob target through a
    symlink loop: a located error for the first, the loop never followed."""
    secret = _secret(tmp_path)
    location = ("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: all}\n"
                "spec:\n  targets:\n    - ./leak.yaml\n    - ./**/catalog-info.yaml\n")
    repo = make_repo({"all.yaml": location, "svc/catalog-info.yaml": COMPONENT})
    os.symlink(secret, repo / "leak.yaml")
    os.symlink(".", repo / "svc" / "loop")
    os.symlink(tmp_path / "outside", repo / "vendor")
    run = cli("check", "all.yaml", "-f", "json", cwd=repo)
    _no_leak(run)
    assert run.lines == [("all.yaml:6:7: Location target './leak.yaml' is a symlink (or under "
                         "one) that points outside the repository; not read")]
    assert run.entities == ["component:default/svc"]  # the built-in scorecards skip Locations


def test_validate_folders_respect_gitignore(tmp_path: Path, make_repo: Callable,
                                            cli: Callable[..., Run]) -> None:
    """``validate`` at the root skips ignored folders (``node_modules/``, ``build/``)."""
    full = COMPONENT.replace("{owner: team-a}", "{owner: team-a, type: service, lifecycle: x}")
    repo = make_repo({".gitignore": "node_modules/\nbuild/\n", "catalog-info.yaml": full,
                      "node_modules/pkg/catalog-info.yaml": "kind: [broken\n",
                      "build/catalog-info.yaml": "kind: [broken\n"})
    run = cli("validate", cwd=repo)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.strip() == "1 file checked: 0 problems"


def test_init_writes_a_config_that_works_as_written(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    """A repository whose catalog files are ``catalog-info.yml``, with an ignored copy under
    ``node_modules/`` and a symlinked folder to the outside: ``init`` then ``check`` grades
    exactly the repository's own entities, with no edit."""
    _secret(tmp_path)
    entity = COMPONENT.replace("{owner: team-a}", "{owner: team-a, lifecycle: production}")
    repo = make_repo({".gitignore": "node_modules/\n", "svc/catalog-info.yml": entity,
                      "node_modules/x/catalog-info.yml": entity.replace("svc", "copy"),
                      "svc/README.md": "x\n"})
    os.symlink(tmp_path / "outside", repo / "vendor")
    assert cli("init", cwd=repo).exit_code == 0
    assert '  - "**/catalog-info.yml"\n' in (repo / ".scorecard.yaml").read_text()
    run = cli("check", "-f", "json", cwd=repo)
    assert run.exit_code in (0, 1), run.stderr
    assert run.lines == []
    assert run.entities == ["component:default/svc"]


def test_config_file_that_is_a_symlink_to_the_outside(
        tmp_path: Path, make_repo: Callable, cli: Callable[..., Run]) -> None:
    """A committed ``.scorecard.yaml`` linked to a secret: found or named, never read."""
    secret = _secret(tmp_path)
    repo = make_repo({"catalog-info.yaml": COMPONENT})
    os.symlink(secret, repo / ".scorecard.yaml")
    expected = ("scorecard: error: .scorecard.yaml:1:1: this file is a symlink (or under one) "
                "that points outside the repository; not read")
    for args in (("check", "-f", "json"), ("check", "-c", ".scorecard.yaml", "-f", "json")):
        run = cli(*args, cwd=repo)
        _no_leak(run)
        assert (run.exit_code, run.lines) == (2, [expected])
    run = cli("validate", ".scorecard.yaml", cwd=repo)
    _no_leak(run)
    assert run.exit_code != 0
    assert expected.removeprefix("scorecard: error: ") in run.lines
