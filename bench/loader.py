"""Bulk loading for the generator: the target database recreated, batched executemany, timing per table."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from tortoise import connections

from models.settings import Settings, load_settings

__all__ = ["BATCH", "Loader", "recreate_database", "drop_database", "settings_for", "stamp"]

BATCH = 5000


def settings_for(url: str) -> Settings:
    """The app's settings for this database (read from the environment, as the server reads them)."""
    os.environ["DUBAN_DATABASE_URL"] = url
    os.environ.setdefault("DUBAN_SCHEDULER", "off")
    return load_settings()


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme.replace("postgres", "postgresql"), parts.netloc, "/postgres", "", ""))
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _pg_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected database name {name!r}")
    return name


def _remove_sqlite(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


async def recreate_database(url: str) -> None:
    """An empty target: the SQLite file (and its WAL) removed, or the PostgreSQL database dropped and created."""
    if url.startswith("sqlite://"):
        _remove_sqlite(url.split("://", 1)[1].split("?", 1)[0])
        return
    name = _pg_name(url)
    await _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await _admin(url, f'CREATE DATABASE "{name}"')


async def drop_database(url: str) -> None:
    if url.startswith("postgres"):
        await _admin(url, f'DROP DATABASE IF EXISTS "{_pg_name(url)}" WITH (FORCE)')


def stamp(at: datetime, postgres: bool) -> object:
    """A timestamp as Tortoise stores it: aware datetime on PostgreSQL, its UTC text on SQLite."""
    at = at.astimezone(UTC).replace(microsecond=0)
    return at if postgres else str(at)


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Loader:
    """Bulk inserts through the raw connection (executemany, one transaction per batch), timed per table."""

    postgres: bool
    counts: dict[str, tuple[int, float]] = field(default_factory=dict)

    async def insert(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        conn = connections.get("default")
        marks = ", ".join(f"${i + 1}" if self.postgres else "?" for i in range(len(columns)))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        started, total = time.perf_counter(), 0
        for batch in _batches(rows, BATCH):
            await conn.execute_many(sql, batch)
            total += len(batch)
            await asyncio.sleep(0)
        n, t = self.counts.get(table, (0, 0.0))
        self.counts[table] = (n + total, t + time.perf_counter() - started)
        return total

    async def fix_sequences(self, tables: Iterable[str]) -> None:
        """Explicit ids were inserted: PostgreSQL's sequences must continue after them."""
        if not self.postgres:
            return
        conn = connections.get("default")
        for table in tables:
            await conn.execute_script(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
            )

    def report(self) -> None:
        for table, (n, seconds) in self.counts.items():
            print(f"  {table:<24} {n:>9} rows  {seconds:7.1f} s  {n / max(seconds, 1e-9):>9.0f} rows/s")

    async def analyze(self) -> None:
        """Fresh planner statistics and (PostgreSQL) a vacuumed visibility map, as a database in service
        has: without VACUUM the first statements after a bulk load pay for setting hint bits."""
        await connections.get("default").execute_script("VACUUM ANALYZE" if self.postgres else "ANALYZE")
