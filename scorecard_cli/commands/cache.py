"""``scorecard cache info|clear``: the persistent result cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from scorecard_cli.core.errors import ScorecardError

cache_app = typer.Typer(
    help="The result cache: results of (entity, scorecard) pairs kept between runs and "
    "reused only while everything they were computed from is unchanged. It lives in "
    "$SCORECARD_CACHE_DIR, the configuration's cache.dir, else ~/.cache/scorecard; "
    "`check --no-cache` bypasses it.",
    no_args_is_help=True,
)

_NO_CONFIG = typer.Option("--no-config", help="Ignore .scorecard.yaml (and its cache.dir).")


@contextmanager
def _reported() -> Iterator[None]:
    """A bad configuration or an unusable cache file: one line on stderr, exit 2."""
    from scorecard_cli import cli
    from scorecard_cli.core.resultstore import StoreError

    with cli._reported():
        try:
            yield
        except StoreError as exc:
            raise ScorecardError(str(exc)) from None


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


@cache_app.command("info")
def info(no_config: Annotated[bool, _NO_CONFIG] = False) -> None:
    """Where the cache is, how many results it holds, and its size against its bound
    ($SCORECARD_CACHE_MAX_MB, default 256)."""
    from scorecard_cli.core.cachefolder import cache_folder, cache_info

    with _reported():
        found = cache_info(cache_folder(os.getcwd(), not no_config))
    typer.echo(f"path: {found['path']}")
    typer.echo(f"entries: {found['entries']}")
    typer.echo(f"size: {_mib(found['fileBytes'])} on disk, {_mib(found['bytes'])} of entries "
               f"(bound {_mib(found['maxBytes'])}, least recently used evicted first)")


@cache_app.command("clear")
def clear(no_config: Annotated[bool, _NO_CONFIG] = False) -> None:
    """Delete every stored result (the next run computes everything again)."""
    from scorecard_cli.core.cachefolder import cache_folder, clear_cache

    with _reported():
        folder = cache_folder(os.getcwd(), not no_config)
        removed = clear_cache(folder)
    typer.echo(f"cleared the result cache in {folder}" if removed
               else f"no result cache in {folder}")
