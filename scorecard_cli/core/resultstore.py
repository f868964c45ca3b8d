"""The persistent result cache's storage: one SQLite file in the cache folder.

SQLite gives what a cache shared by concurrent runs needs without locks of our own:
every write is one transaction (atomic: a run that dies leaves the old state), readers
never see half a write (WAL journal where the file system supports it), and two runs
writing at once wait for each other (busy timeout). The size is bounded: after a run
stores new entries, the least recently used ones are deleted until the total is below
the bound. Values are JSON (orjson), never pickles: a cache file that someone else
wrote cannot run code, at worst it can hold wrong results for this user's own runs.

Any failure of the cache (a read-only folder, a corrupt or locked file) disables it for
the run: the results are then computed, never lost.
"""

from __future__ import annotations

import os
import time
from typing import Any

import orjson

FILE_NAME = "results-v2.sqlite3"
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
MAX_BYTES_ENV = "SCORECARD_CACHE_MAX_MB"
BUSY_SECONDS = 30.0
TOUCH_SECONDS = 3600.0  # an entry's use time is updated when it is older than this
_CHUNK = 500  # keys per SELECT (SQLite's default limit of host parameters is 999+)
# A rowid table with a unique key, in 16 KiB pages: entries are a few KiB each, and
# measured on 20,000 of them this reads them in less than half the time of a WITHOUT
# ROWID table in 4 KiB pages.
_SCHEMA = ("PRAGMA page_size = 16384",
           ("CREATE TABLE IF NOT EXISTS entries (key BLOB NOT NULL UNIQUE, value BLOB NOT NULL, "
            "size INTEGER NOT NULL, used REAL NOT NULL)"),
           "CREATE INDEX IF NOT EXISTS entries_used ON entries (used)")


def max_bytes() -> int:
    """The size bound: ``$SCORECARD_CACHE_MAX_MB`` mebibytes, else 256 MiB."""
    text = os.environ.get(MAX_BYTES_ENV, "").strip()
    try:
        value = float(text) if text else 0.0
    except ValueError:
        value = 0.0
    return int(value * 1024 * 1024) if value > 0 else DEFAULT_MAX_BYTES


def store_path(folder: str) -> str:
    """The cache file inside a cache folder."""
    return os.path.join(folder, FILE_NAME)


class StoreError(Exception):
    """The cache cannot be used for this run (the message says why)."""


class ResultStore:
    """Key-value entries (bytes keys, JSON values) with LRU eviction, in one SQLite file."""

    def __init__(self, folder: str, limit: int | None = None):
        import sqlite3

        self._sqlite3 = sqlite3
        self.path = store_path(folder)
        self.limit = limit or max_bytes()
        self._stale: list[bytes] = []  # entries read whose use time is to be updated
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError as exc:
                if type(exc) is not sqlite3.DatabaseError:  # locked, read-only...: give up
                    raise
                clear_store(folder)  # not a database (damaged, or something else): rebuild
                self._db = self._open()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the result cache {self.path}: {exc}") from None

    def _open(self) -> Any:
        db = self._sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            db.execute(_SCHEMA[0])  # before the first table: it fixes the file's page size
            db.execute("PRAGMA journal_mode = WAL")  # stays 'delete' where unsupported
            db.execute("PRAGMA synchronous = NORMAL")
            for statement in _SCHEMA[1:]:
                db.execute(statement)
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def default_limit() -> int:
        """The size bound a store opened now gets."""
        return max_bytes()

    def get_many(self, keys: list[bytes]) -> dict[bytes, Any]:
        """The stored values of these keys (absent keys are left out); marks them used."""
        wanted = list(dict.fromkeys(keys))
        found: dict[bytes, Any] = {}
        stale = time.time() - TOUCH_SECONDS
        try:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, value, used FROM entries WHERE key IN ({marks})", chunk)
                for key, value, used in rows:
                    try:
                        found[key] = orjson.loads(value)
                    except orjson.JSONDecodeError:
                        continue  # a damaged value is a miss, and is overwritten later
                    if used < stale:
                        self._stale.append(key)
        except self._sqlite3.Error as exc:
            raise StoreError(f"cannot read the result cache {self.path}: {exc}") from None
        return found

    def put_many(self, items: dict[bytes, bytes]) -> None:
        """Store serialized values and mark the entries read since the last call as just
        used, in one transaction; then evict the least recently used entries beyond the
        size bound. (Use times are kept to the hour: a warm run writes nothing.)"""
        now = time.time()
        used, self._stale = self._stale, []
        if not items and not used:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("UPDATE entries SET used = ? WHERE key = ?",
                                     ((now, key) for key in used))
                self._db.executemany(
                    "INSERT OR REPLACE INTO entries (key, value, size, used) VALUES (?, ?, ?, ?)",
                    ((key, value, len(key) + len(value), now) for key, value in items.items()))
                if items:
                    self._evict()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except self._sqlite3.Error as exc:
            raise StoreError(f"cannot write the result cache {self.path}: {exc}") from None

    def _evict(self) -> None:
        """Delete the least recently used entries until the total is at most 90% of the
        bound (so that eviction does not run again on every small write)."""
        total = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0]
        if total <= self.limit:
            return
        goal = total - int(self.limit * 0.9)
        freed = 0
        doomed = []
        for key, size in self._db.execute("SELECT key, size FROM entries ORDER BY used"):
            doomed.append((key,))
            freed += size
            if freed >= goal:
                break
        self._db.executemany("DELETE FROM entries WHERE key = ?", doomed)

    def info(self) -> dict:
        """Entry count, total size of the entries, size of the file, the bound."""
        try:
            count, total = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM entries").fetchone()
        except self._sqlite3.Error as exc:
            raise StoreError(f"cannot read the result cache {self.path}: {exc}") from None
        on_disk = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal")
                      if os.path.exists(p))
        return {"path": self.path, "entries": count, "bytes": total, "fileBytes": on_disk,
                "maxBytes": self.limit}

    def close(self) -> None:
        """Close the database (a no-op when already closed)."""
        try:
            self._db.close()
        except self._sqlite3.Error:
            pass


def clear_store(folder: str) -> bool:
    """Delete the cache file (and its journal); True when there was one."""
    removed = False
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(store_path(folder) + suffix)
            removed = removed or suffix == ""
        except FileNotFoundError:
            continue
    return removed
