"""``--shard K/N``: a deterministic split of a run, so that N CI jobs share one catalog.

A catalog file belongs to shard ``1 + h % N`` where ``h`` is a hash of its path as shown
(relative to the current folder, ``/`` separators): the same file lands in the same shard
on every machine and every run, whatever else the catalog holds. Every shard still reads
every catalog file (so that Locations are followed and duplicate entities are found as in
the whole run), but evaluates and reports only its own files' entities, and only the
diagnostics of its own files (a diagnostic about a scorecard or configuration file goes
to that file's shard). The shards' results together are the whole run's, each once.
"""

from __future__ import annotations

import hashlib
import re

from scorecard_cli.core.errors import UsageError

_SHARD = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,6})\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/5"`` -> (2, 5); UsageError unless 1 <= K <= N."""
    match = _SHARD.match(text)
    if not match:
        raise UsageError(f"--shard {text!r}: expected K/N, e.g. 1/4")
    k, n = int(match.group(1)), int(match.group(2))
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text!r}: K must be between 1 and N")
    return k, n


def shard_of(path: str, count: int) -> int:
    """The shard (1..count) of a file, by its shown path."""
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


def in_shard(path: str, shard: tuple[int, int] | None) -> bool:
    """True when the file belongs to this shard (always, without a shard)."""
    return shard is None or shard[1] == 1 or shard_of(path, shard[1]) == shard[0]
