"""What GitHub code scanning accepts from a SARIF file, and how ``--format sarif`` keeps
within it (docs/output-formats.md, "Consumer limits").

GitHub's documented limits ("SARIF support for code scanning"): at most 25,000 results
per run (a run over that is rejected; the top 5,000 by severity are shown), 25,000 rules
per run, 20 tags per rule, 10 MB per gzip-compressed file; a rule ``name`` of at most 255
characters, ``shortDescription.text`` and ``fullDescription.text`` of at most 1,024.
GitHub documents no length for a result's ``message.text`` (only its first sentence is
shown where space is short); scorecard keeps it to 1,024 characters as well, the first
sentence saying what failed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_RESULTS = 25_000
NAME_LENGTH = 255
DESCRIPTION_LENGTH = 1024
MESSAGE_LENGTH = 1024
ELLIPSIS = "… (truncated)"
# Results first by how much they matter: what fails the gate, then the rest.
PRIORITY = {"error": 0, "warning": 1, "note": 2, None: 3}


@dataclass
class Truncations:
    """Counts what had to be shortened, for the note in the SARIF run."""

    texts: int = 0
    omitted: int = 0
    total: int = 0
    fields: set[str] = field(default_factory=set)

    def cut(self, text: str, limit: int, where: str) -> str:
        """``text`` within ``limit`` characters (counted and marked when shortened)."""
        if len(text) <= limit:
            return text
        self.texts += 1
        self.fields.add(where)
        return text[:limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def line_hash(entity: str, rule_id: str) -> str:
    """``primaryLocationLineHash`` for a finding: stable across commits for the same
    entity and rule (a scorecard finding belongs to the entity, not to a line's text),
    in GitHub's ``<hex>:<occurrence>`` shape."""
    digest = hashlib.sha256(f"{entity}\0{rule_id}".encode("utf-8", "surrogatepass"))
    return f"{digest.hexdigest()[:16]}:1"


def select(findings: Iterable[tuple], limit: int | None) -> tuple[list[tuple], int]:
    """The findings to report, most important first (``finding[0]`` is its severity, None
    for a waived rule), at most ``limit``; and how many were left out."""
    ordered = sorted(findings, key=lambda finding: PRIORITY[finding[0]])  # stable
    if limit is None or len(ordered) <= limit:
        return ordered, 0
    return ordered[:limit], len(ordered) - limit


def notes(cut: Truncations, limit: int | None) -> list[str]:
    """The sentences that say what was left out or shortened, for the run's
    ``toolExecutionNotifications``."""
    out = []
    if cut.omitted:
        out.append(
            f"{cut.omitted} of {cut.total} results are left out to stay within {limit:,} "
            f"results per run (--sarif-max; GitHub code scanning rejects a run with more "
            f"than {MAX_RESULTS:,}). The results that fail the gate come first; the JSON "
            f"report (--format json) holds every one.")
    if cut.texts:
        out.append(
            f"{cut.texts} text(s) are shortened to GitHub's lengths ({', '.join(sorted(cut.fields))}): "
            f"rule names to {NAME_LENGTH} characters, descriptions and messages to "
            f"{DESCRIPTION_LENGTH}; each ends with '{ELLIPSIS}'.")
    return out
