"""A persistent SQLite cache of online geocoder answers, misses included.

Keyed by (service, server URL, query, bias). Safe when several geomap processes share
it (WAL journal, busy timeout). A corrupt file is moved aside with a warning and a new
one is made: the cache never stops a run. Entries are JSON text written by geomap.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CacheInfo", "GeocodeCache", "default_cache_path"]

logger = logging.getLogger(__name__)

#: Misses are asked again after this long; hits are kept until cleared.
MISS_TTL_SECONDS = 30 * 24 * 3600
_BUSY_TIMEOUT_MS = 10_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    service TEXT NOT NULL,
    url TEXT NOT NULL,
    query TEXT NOT NULL,
    bias TEXT NOT NULL,
    found INTEGER NOT NULL,
    payload TEXT NOT NULL,
    stored REAL NOT NULL,
    PRIMARY KEY (service, url, query, bias)
)
"""


def default_cache_path() -> Path:
    """``<user cache dir>/geomap/geocode.sqlite`` (platformdirs)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("geomap", appauthor=False)) / "geocode.sqlite"


@dataclass(frozen=True, slots=True)
class CacheInfo:
    path: Path
    entries: int
    hits: int
    misses: int
    size_bytes: int


class GeocodeCache:
    """Get and put geocoder answers (a JSON-able list; ``[]`` is a cached miss)."""

    def __init__(self, path: Path, *, clock: Any = time.time) -> None:
        self.path = path
        self._clock = clock
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError as err:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(self._clock())}")
            logger.warning(
                "geocode cache %s is unreadable (%s); moved to %s", self.path, err, aside
            )
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute(_SCHEMA)
            db.execute("SELECT count(*) FROM answers").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get(self, service: str, url: str, query: str, bias: str) -> list[dict[str, Any]] | None:
        """The cached answer, or ``None`` when there is none (or the miss has expired)."""
        try:
            row = self._db.execute(
                "SELECT found, payload, stored FROM answers "
                "WHERE service = ? AND url = ? AND query = ? AND bias = ?",
                (service, url, query, bias),
            ).fetchone()
        except sqlite3.DatabaseError as err:
            logger.warning("geocode cache read failed: %s", err)
            return None
        if row is None:
            return None
        found, payload, stored = row
        if not found and self._clock() - stored > MISS_TTL_SECONDS:
            return None
        try:
            value = json.loads(payload)
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, list) else None

    def put(
        self, service: str, url: str, query: str, bias: str, answer: list[dict[str, Any]]
    ) -> None:
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                (service, url, query, bias, int(bool(answer)), json.dumps(answer), self._clock()),
            )
        except sqlite3.DatabaseError as err:
            logger.warning("geocode cache write failed: %s", err)

    def info(self) -> CacheInfo:
        entries, hits = self._db.execute(
            "SELECT count(*), coalesce(sum(found), 0) FROM answers"
        ).fetchone()
        size = sum(
            p.stat().st_size for p in (self.path, Path(str(self.path) + "-wal")) if p.exists()
        )
        return CacheInfo(self.path, entries, hits, entries - hits, size)

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        count: int = self._db.execute("SELECT count(*) FROM answers").fetchone()[0]
        self._db.execute("DELETE FROM answers")
        self._db.execute("VACUUM")
        return count

    def close(self) -> None:
        self._db.close()
