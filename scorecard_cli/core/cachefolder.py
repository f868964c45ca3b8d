"""Manage the persistent result cache: where it is, what it holds, clearing it."""

from __future__ import annotations

import os

from scorecard_cli.core.clones import cache_dir
from scorecard_cli.core.config import Config, find_config, load_config
from scorecard_cli.core.resultstore import ResultStore, clear_store, store_path


def cache_folder(cwd: str, use_config: bool = True) -> str:
    """The cache folder a ``check`` run in ``cwd`` uses (``$SCORECARD_CACHE_DIR``, the
    configuration's ``cache.dir``, else the user's cache folder)."""
    found = find_config(cwd) if use_config else None
    config = load_config(found, cwd) if found else Config()
    return cache_dir(config.cache_dir)


def cache_info(folder: str) -> dict:
    """What the result cache in ``folder`` holds (no file is created when there is none)."""
    if not os.path.exists(store_path(folder)):
        return {"path": store_path(folder), "entries": 0, "bytes": 0, "fileBytes": 0,
                "maxBytes": ResultStore.default_limit()}
    store = ResultStore(folder)
    try:
        return store.info()
    finally:
        store.close()


def clear_cache(folder: str) -> bool:
    """Delete the result cache in ``folder``; True when there was one. Cloned
    repositories in the same folder are kept (they are fetched again on use anyway)."""
    return clear_store(folder)
