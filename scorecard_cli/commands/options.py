"""Options shared by ``plan``, ``fix``, ``explain`` and ``diff``, declared once, and the
``CheckOptions`` they fill."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from scorecard_cli.core.check import CheckOptions

Paths = Annotated[Optional[list[str]], typer.Argument(  # noqa: UP045 - typer needs Optional
    help="Catalog files, or folders to search for catalog-info.yaml/.yml. "
    "Default: the current folder.", show_default=False)]
Scorecards = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--scorecard", "-s", help="Scorecard file or folder (YAML or Port JSON); repeatable. "
    "Replaces the built-in scorecards.", show_default=False)]
Repo = Annotated[Optional[str], typer.Option(  # noqa: UP045
    help="Repository to read source files from (a path or URL). Default: the repository "
    "holding each catalog file.", show_default=False)]
Ref = Annotated[Optional[str], typer.Option(  # noqa: UP045
    help="Read source files at this commit, branch or tag instead of the working tree.",
    show_default=False)]
Only = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    help="Only this scorecard id; repeatable.", show_default=False)]
Config = Annotated[Optional[Path], typer.Option(  # noqa: UP045
    "--config", "-c", help="Configuration file. Default: the nearest .scorecard.yaml.",
    show_default=False)]
NoConfig = Annotated[bool, typer.Option("--no-config", help="Ignore .scorecard.yaml files.")]
Output = Annotated[Optional[Path], typer.Option(  # noqa: UP045
    "--output", "-o", help="Write the report to this file instead of stdout.",
    show_default=False)]


class TextOrJson(str, Enum):
    """Output formats of ``plan`` and ``explain``."""

    table = "table"
    json = "json"


def check_options(paths: list[str] | None, scorecard: list[str] | None, repo: str | None,
                  ref: str | None, only: list[str] | None, config: Path | None,
                  no_config: bool) -> CheckOptions:
    """The CheckOptions of the options every one of these commands shares."""
    return CheckOptions(paths=list(paths or []), scorecards=list(scorecard or []), repo=repo,
                        ref=ref, only=list(only or []), config=str(config) if config else None,
                        use_config=not no_config)
