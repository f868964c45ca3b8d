"""Result files (``check --format json``) loaded and merged into one document.

Many CI jobs — one per repository, or the shards of one monorepo — each write a result
file; ``scorecard report --from`` merges them. A result is identified by (entity,
scorecard): when two files hold the same one, the newer file wins (by ``generatedAt`` when
every file has one, else the later on the command line) and a notice says so. Shards of one run merge
into exactly the document the unsharded run writes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from scorecard_cli.core.errors import Diagnostic, ResultFileError

RESULT_MAJOR = 1  # the result document versions this code understands
MAX_RESULT_BYTES = 512 * 1024 * 1024


@dataclass
class ResultFile:
    """One loaded result document and where it came from."""

    display: str
    document: dict
    order: int  # its place among the files given

    @property
    def time(self) -> str:
        """When the run happened, as ISO text (``""`` when the file does not say)."""
        value = self.document.get("generatedAt")
        return value if isinstance(value, str) else ""

    def keys(self) -> set[tuple[str, str]]:
        """The (entity, scorecard) pairs this file grades."""
        return {(r["entity"], r["scorecard"]) for r in self.document["results"]}


def _refuse(display: str, message: str) -> ResultFileError:
    return ResultFileError(message, display)


def _check_shape(document: object, display: str) -> dict:
    if not isinstance(document, dict) or "version" not in document:
        raise _refuse(display, "not a scorecard result document (no 'version'; write one "
                               "with 'scorecard check --format json')")
    version = document["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(display, f"'version' must be a whole number (got {version!r})")
    if version > RESULT_MAJOR:
        raise _refuse(display, f"result version {version} is newer than this scorecard "
                               f"reads (up to {RESULT_MAJOR}): upgrade scorecard")
    for key in ("results", "scorecards"):
        items = document.get(key)
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise _refuse(display, f"'{key}' must be a list of objects")
    for record in document["results"]:
        if not isinstance(record.get("entity"), str) or not isinstance(
                record.get("scorecard"), str) or not isinstance(record.get("rules"), list):
            raise _refuse(display, "a result needs 'entity', 'scorecard' and 'rules'")
    return document


def load_result_file(path: str, display: str, order: int) -> ResultFile:
    """Read and check one result file; raise ResultFileError with one clear line."""
    import orjson

    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_RESULT_BYTES + 1)
    except OSError as exc:
        raise _refuse(display, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_RESULT_BYTES:
        raise _refuse(display, f"file is too large (the limit is {MAX_RESULT_BYTES} bytes)")
    if not raw.strip():
        raise _refuse(display, "the file is empty (no result document)")
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _refuse(display, f"not valid JSON: {exc}") from None
    return ResultFile(display, _check_shape(document, display), order)


def load_result_files(paths: list[str], cwd: str) -> list[ResultFile]:
    """Load every ``--from`` file, in the order given."""
    from scorecard_cli.core.places import display_path

    return [load_result_file(os.path.join(cwd, p), display_path(os.path.join(cwd, p), cwd), i)
            for i, p in enumerate(paths)]


@dataclass
class Merged:
    """The merged document and the notices merging raised."""

    document: dict
    notices: list[Diagnostic] = field(default_factory=list)


def chronological(files: list[ResultFile]) -> list[ResultFile]:
    """Oldest first: by ``generatedAt`` when every file has one, else as given."""
    if all(f.time for f in files):
        return sorted(files, key=lambda f: (f.time, f.order))
    return sorted(files, key=lambda f: f.order)


def _summary(documents: list[dict], results: list[dict], diagnostics: list[dict]) -> dict:
    """The summary the unsharded run would have written, from the merged parts."""
    from scorecard_cli.core.engine import RunResult

    def total(key: str) -> int:
        return sum(int((d.get("summary") or {}).get(key, 0)) for d in documents)

    # --strict is not written down, but a file whose gate failed with nothing below its
    # threshold was strict.
    strict = any((d.get("summary") or {}).get("verdict") == "fail"
                 and not (d.get("summary") or {}).get("belowThreshold") for d in documents)
    run = RunResult(results=results, skipped=total("skipped"), strict=strict,
                    entities=len({r["entity"] for r in results}),
                    diagnostics=[Diagnostic(d.get("file", ""), d.get("line", 1),
                                            d.get("column", 1), d.get("message", ""),
                                            d.get("severity", "error")) for d in diagnostics])
    return {**run.summary(), "templates": total("templates")}


def _diagnostic_key(record: dict) -> tuple:
    return (record.get("file", ""), record.get("line", 0), record.get("column", 0),
            record.get("severity", ""), record.get("message", ""))


def merge(files: list[ResultFile]) -> Merged:
    """One document from many: results keyed by (entity, scorecard), newest file wins."""
    merged = Merged({})
    chosen: dict[tuple, tuple[dict, ResultFile]] = {}
    definitions: dict[str, dict] = {}
    superseded: dict[int, tuple[ResultFile, int, set[str]]] = {}
    newest_first = chronological(files)[::-1]
    for file in newest_first:
        for definition in file.document["scorecards"]:
            definitions.setdefault(definition.get("id"), definition)
        for record in file.document["results"]:
            key = (record["entity"], record["scorecard"])
            if key not in chosen:
                chosen[key] = (record, file)
            elif chosen[key][1] is not file:
                _, count, by = superseded.get(file.order, (file, 0, set()))
                superseded[file.order] = (file, count + 1, by | {chosen[key][1].display})
    for file, count, by in superseded.values():
        merged.notices.append(Diagnostic(
            file.display, 1, 1, f"{count} of its results are graded again in a newer file "
            f"({', '.join(sorted(by))}): the newer ones are used", "notice"))
    results = [record for _, (record, _) in sorted(chosen.items(), key=lambda kv: kv[0])]
    diagnostics = sorted({_diagnostic_key(d): d for f in files
                          for d in f.document.get("diagnostics", ())}.values(),
                         key=_diagnostic_key)
    documents = [f.document for f in files]
    newest = newest_first[0].document if files else {}
    document = {key: value for key, value in newest.items()  # cache: one run's counts only
                if key not in ("results", "scorecards", "summary", "diagnostics", "aggregates",
                               "cache")}
    document.update({
        "version": RESULT_MAJOR,
        "scorecards": [definitions[k] for k in sorted(definitions, key=str)],
        "results": results,
        "summary": _summary(documents, results, diagnostics),
        "diagnostics": diagnostics,
    })
    merged.document = document
    merged.notices.sort(key=lambda d: (d.file, d.message))
    return merged
