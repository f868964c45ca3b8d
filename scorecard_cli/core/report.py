"""The catalog report (``scorecard report``): a result document plus what a lead reads.

The report document is a result document (SPEC §8: it can be given to ``--from`` again)
with ``aggregates`` for its grouping, ``initiatives`` (progress per initiative and team)
and ``trends`` (level distributions per point in time, and the regressions since the
previous point; null with a single point).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scorecard_cli.core.aggregate import aggregate
from scorecard_cli.core.errors import Diagnostic, ResultFileError, UsageError
from scorecard_cli.core.initiatives import Initiative, progress
from scorecard_cli.core.merge import ResultFile, load_result_files, merge
from scorecard_cli.core.trends import trends


@dataclass
class Report:
    """A report document and the notices building it raised."""

    document: dict
    notices: list[Diagnostic] = field(default_factory=list)


def build_report(document: dict, initiatives: list[Initiative], today: dt.date,
                 group_by: str = "team", history: dict | None = None) -> dict:
    """The report document from one (merged or fresh) result document."""
    report = dict(document)
    report["aggregates"] = aggregate(document["scorecards"], document["results"], group_by)
    report["initiatives"] = progress(initiatives, document, today)
    report["trends"] = history
    return report


def _no_results(files: list[ResultFile]) -> ResultFileError:
    names = ", ".join(f.display for f in files)
    return ResultFileError(f"no results to report: {names} hold none (was every entity "
                           f"skipped, or the run failed?)", files[0].display)


def report_from_files(paths: list[str], cwd: str, initiatives: list[Initiative],
                      today: dt.date, group_by: str = "team") -> Report:
    """Merge result files into a report; trends when they span several points in time."""
    if not paths:
        raise UsageError("--from needs at least one result file")
    files = load_result_files(paths, cwd)
    merged = merge(files)
    if not merged.document["results"]:
        raise _no_results(files)
    document = build_report(merged.document, initiatives, today, group_by,
                            trends(files, group_by))
    return Report(document, merged.notices)
