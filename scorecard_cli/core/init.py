"""``scorecard init``: a starter configuration and scorecard for a repository."""

from __future__ import annotations

import os

from scorecard_cli.core.atomic import atomic_write
from scorecard_cli.core.discovery import CATALOG_NAMES
from scorecard_cli.core.errors import UsageError
from scorecard_cli.core.globs import listed_files, walked_files
from scorecard_cli.core.repos import find_repo_root
from scorecard_cli.presets import PRESETS_DIR

CONFIG_TEMPLATE = """\
# scorecard configuration: https://pypi.org/project/scorecard-cli/ (see its README)
# Paths are relative to this file. Command-line flags win over what is set here.
scorecards:
  - scorecards/
# Catalog files to check when `scorecard check` is run without paths (matched against
# the files git lists: git-ignored copies under build/ or node_modules/ never count):
catalog:
{catalog}# The level every entity must reach, or CI fails (exit 1):
failBelow: Bronze
# Approved exceptions; an expired waiver is ignored with a warning.
waivers: []
#  - scorecard: production-readiness
#    rule: has-runbook-link
#    entity: "component:default/legacy-*"
#    reason: Being decommissioned this quarter
#    approvedBy: platform-team@example.com
#    expires: 2027-03-31
"""


def catalog_globs(root: str) -> list[str]:
    """``**/<name>`` for each catalog file name the repository holds (both when it uses
    both), so that the written configuration matches its files as written."""
    if find_repo_root(root, {}) == root:
        try:
            files = listed_files(root)
        except Exception:  # noqa: BLE001 - git cannot list it: walk (links not followed)
            files = walked_files(root)
    else:
        files = walked_files(root)
    names = sorted({path.rpartition("/")[2] for path in files} & set(CATALOG_NAMES))
    return [f"**/{name}" for name in names] or [f"**/{CATALOG_NAMES[0]}"]


def init_files(cwd: str, force: bool = False) -> list[str]:
    """Write ``.scorecard.yaml`` and ``scorecards/production-readiness.yaml`` at the
    repository root (the current folder outside a repository); return the paths written.

    Refuses to overwrite an existing file unless ``force``.
    """
    root = find_repo_root(cwd, {}) or cwd
    starter = (PRESETS_DIR / "production-readiness.yaml").read_text(encoding="utf-8")
    catalog = "".join(f'  - "{pattern}"\n' for pattern in catalog_globs(root))
    planned = {
        os.path.join(root, ".scorecard.yaml"): CONFIG_TEMPLATE.format(catalog=catalog),
        os.path.join(root, "scorecards", "production-readiness.yaml"): starter,
    }
    existing = [p for p in planned if os.path.lexists(p)]  # a dangling symlink too
    if existing and not force:
        raise UsageError(f"{existing[0]} already exists (use --force to overwrite it)")
    for path, text in planned.items():  # never through a symlink, never outside the root
        atomic_write(path, text, root, display=os.path.relpath(path, root), make_folders=True)
    return list(planned)
