"""``.scorecard.yaml`` (SPEC §10): discovery, loading, and checking with located errors.

Found from the current folder upwards to the repository root (outside a repository:
the current folder only), or named with ``--config``. Paths in it are relative to its
folder. Flags win over the file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from typing import Any

from scorecard_cli.core.clock import run_clock, utc_date
from scorecard_cli.core.contain import boundary, resolve_inside
from scorecard_cli.core.declared_kinds import KindDeclaration, parse_kinds
from scorecard_cli.core.documents import parse_documents
from scorecard_cli.core.errors import ConfigError, Diagnostic, Problem
from scorecard_cli.core.filesource import DISK, DiskFiles
from scorecard_cli.core.globs import has_magic, static_prefix
from scorecard_cli.core.initiatives import Initiative, parse_initiatives
from scorecard_cli.core.model import Waiver
from scorecard_cli.core.places import display_path
from scorecard_cli.core.repos import find_repo_root

CONFIG_NAMES = (".scorecard.yaml", ".scorecard.yml")
CONFIG_KEYS = ("extends", "scorecards", "catalog", "failBelow", "waivers", "cache",
               "initiatives", "kinds")
WAIVER_KEYS = ("scorecard", "rule", "entity", "reason", "approvedBy", "expires")
PRESETS = ("builtin",)


@dataclass
class Config:
    """A loaded configuration; paths are absolute."""

    path: str | None = None
    display: str | None = None
    scorecards: list[str] = field(default_factory=list)
    include_builtin: bool = False
    catalog: list[str] = field(default_factory=list)  # absolute glob patterns
    fail_below: Any = None  # str, {scorecard: level}, or [{level, scorecard?, when?}]
    fail_below_keys: tuple = ()  # where failBelow is, for locating its errors
    waivers: list[Waiver] = field(default_factory=list)
    cache_dir: str | None = None
    kinds: list[KindDeclaration] = field(default_factory=list)  # validate's extra kinds
    initiatives: list[Initiative] = field(default_factory=list)
    root: str = ""  # the folder its paths must stay in: its repository (see contain.boundary)
    warnings: list[Diagnostic] = field(default_factory=list)
    files: DiskFiles = DISK  # where it was read: the disk, or a commit's tree

    def error(self, message: str, keys: tuple = (), at_key: bool = False) -> ConfigError:
        """A ConfigError located at ``keys`` in this file."""
        line, col = self.files.locate(self.path, 0, keys, at_key) if self.path else (1, 1)
        return ConfigError(message, self.display or "<config>", line, col)


def find_config(cwd: str, files: DiskFiles = DISK) -> str | None:
    """The nearest ``.scorecard.yaml`` from ``cwd`` up to the repository root."""
    root = find_repo_root(cwd, {})
    folder = cwd
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if files.is_file(candidate):
                return candidate
        parent = os.path.dirname(folder)
        if root is None or folder == root or parent == folder:
            return None
        folder = parent


def _strings(config: Config, data: dict, key: str) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise config.error(f"'{key}' must be a list of paths (got {value!r})", (key,))
    base = os.path.dirname(config.path or ".")
    paths = []
    for index, text in enumerate(value):
        full = os.path.normpath(os.path.join(base, text))
        keys = (key, index) if isinstance(data[key], list) else (key,)
        folder = static_prefix(full.replace(os.sep, "/")).replace("/", os.sep) if (
            has_magic(full)) else full
        try:  # the folder a pattern starts from, or the path itself, by its real path
            resolve_inside(config.root, folder or os.sep, ConfigError, what=f"{text!r}")
        except ConfigError as exc:
            raise config.error(f"'{key}': {exc.message}", keys) from None
        paths.append(full)
    return paths


def _waiver(config: Config, raw: Any, index: int, today: dt.date) -> Waiver | None:
    keys = ("waivers", index)
    if not isinstance(raw, dict):
        raise config.error(f"a waiver must be a mapping (got {raw!r})", keys)
    for key in raw:
        if key not in WAIVER_KEYS:
            close = difflib.get_close_matches(str(key), WAIVER_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise config.error(f"unknown key {key!r} in a waiver{hint}", (*keys, key), True)
    for key in WAIVER_KEYS:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            shown = "missing" if key not in raw else f"got {raw[key]!r}"
            raise config.error(f"a waiver needs '{key}' as a non-empty string ({shown})",
                               (*keys, key) if key in raw else keys)
    try:
        expires = dt.date.fromisoformat(raw["expires"].strip())
    except ValueError:
        raise config.error(f"'expires' must be a date like 2027-03-31 (got {raw['expires']!r})",
                           (*keys, "expires")) from None
    waiver = Waiver(raw["scorecard"], raw["rule"], raw["entity"], raw["reason"],
                    raw["approvedBy"], expires.isoformat())
    if expires < today:
        line, col = config.files.locate(config.path, 0, keys) if config.path else (1, 1)
        config.warnings.append(Diagnostic(
            config.display or "<config>", line, col,
            f"waiver for {waiver.scorecard}/{waiver.rule} on {waiver.entity!r} expired on "
            f"{waiver.expires}; it is ignored", "warning"))
        return None
    return waiver


def load_config(path: str, cwd: str, today: dt.date | None = None,
                files: DiskFiles = DISK) -> Config:
    """Load and check a configuration file; raise ConfigError at the first problem."""
    config = Config(path=os.path.abspath(path), display=display_path(path, cwd), files=files)
    config.root = boundary(config.path, cwd)
    files.contained(config.path, cwd, ConfigError, config.display)
    text = files.read_text(config.path, config.display, ConfigError)
    documents = parse_documents(text, config.path, config.display, ConfigError)
    data = documents[0].data if documents else None
    if data is None:
        return config
    if not isinstance(data, dict):
        raise config.error(f"the configuration must be a mapping (got {data!r})")
    for key in data:
        if key not in CONFIG_KEYS:
            close = difflib.get_close_matches(str(key), CONFIG_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise config.error(f"unknown key {key!r} in the configuration{hint}", (key,), True)
    extends = data.get("extends")
    if extends is not None:
        if extends not in PRESETS:
            raise config.error(f"unknown preset {extends!r} in 'extends' (known: "
                               f"{', '.join(PRESETS)})", ("extends",))
        config.include_builtin = True
    config.scorecards = _strings(config, data, "scorecards")
    config.catalog = _strings(config, data, "catalog")
    if "failBelow" in data:
        config.fail_below = data["failBelow"]
        config.fail_below_keys = ("failBelow",)
    waivers = data.get("waivers") or []
    if not isinstance(waivers, list):
        raise config.error(f"'waivers' must be a list (got {waivers!r})", ("waivers",))
    today = today or utc_date(run_clock(None, os.environ))  # the run's clock, in UTC
    config.waivers = [w for i, raw in enumerate(waivers)
                      if (w := _waiver(config, raw, i, today)) is not None]
    try:
        config.initiatives = parse_initiatives(data.get("initiatives"))
    except Problem as problem:
        raise config.error(problem.message, problem.keys, problem.at_key) from None
    config.kinds = parse_kinds(config, data.get("kinds"))
    cache = data.get("cache")
    if cache is not None:
        if not isinstance(cache, dict) or set(cache) - {"dir"} or not isinstance(
                cache.get("dir"), str):
            raise config.error(f"'cache' must be {{dir: <folder>}} (got {cache!r})", ("cache",))
        config.cache_dir = os.path.normpath(os.path.join(os.path.dirname(config.path),
                                                         cache["dir"]))
    return config
