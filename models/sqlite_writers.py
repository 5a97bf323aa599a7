"""SQLite engine whose transactions begin IMMEDIATE, so writers in several processes wait their turn,
and whose connection lock is released when a connect fails.

Tortoise's SQLite transactions begin DEFERRED: the first read takes a snapshot and the first write
then asks to upgrade to the write lock. When another process holds that lock, SQLite answers
"database is locked" at once instead of invoking the busy handler (waiting could deadlock two
upgrading readers), so `busy_timeout` never applies. `BEGIN IMMEDIATE` asks for the write lock
first, before any read, which is the one case where SQLite waits up to `busy_timeout`.

Every `in_transaction()` here writes (mutations, jobs, CLI loads); plain reads run outside any
transaction and are unaffected. Savepoints (nested `in_transaction()`) are Tortoise's own.
`models/db.py` names this module as the engine for `sqlite://` URLs.

Tortoise 1.1's connection wrapper acquires the client's lock and then connects; when connecting
fails (a SQLite file that cannot be opened) the lock stays held and every later query in the process
waits forever. This client's wrapper releases it, so the request after the failure tries again.

A write's count is the rows the statement itself changed, as PostgreSQL reports it: Tortoise counts
`total_changes`, which includes rows changed by triggers (migration 0027's cache-epoch triggers on
`unit` and `api_token` would make every versioned unit update count 2 and look stale).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import ConnectionWrapper, TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.connection import get_connections
from tortoise.exceptions import OperationalError

__all__ = ["ImmediateSqliteClient", "client_class"]


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")


class _DirectCounts(SqliteClient):
    """`execute_query` whose count for a write excludes the rows its triggers changed."""

    @translate_exceptions
    async def execute_query(self, query: str, values: list[Any] | None = None) -> tuple[int, Sequence[dict]]:
        if query.lstrip()[:6].upper() not in _WRITES:
            return await super().execute_query(query, values)  # reads: one call into the thread
        query = query.replace("\x00", "'||CHAR(0)||'")  # as Tortoise's own execute_query
        async with self.acquire_connection() as connection:
            self.log.debug("%s: %s", query, values)
            cursor = await connection.execute(query, values or [])
            rows = await cursor.fetchall()
            # sqlite3_changes(): the statement's own rows, not its triggers'.
            changed = max(cursor.rowcount, 0)
            await cursor.close()
            return changed or len(rows), rows


class _ImmediateTransaction(_DirectCounts, SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()  # as Tortoise's own begin(): end any implicit transaction
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            # The busy timeout ran out: the caller sees the same error as any other failed statement.
            raise OperationalError(exc) from exc


class _ImmediateTransactionContext(SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        # Unlike a DEFERRED BEGIN, BEGIN IMMEDIATE can fail (busy timeout): release this process's
        # connection lock and leave the context variable untouched then, or every later query waits forever.
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            await self.connection.begin()
        except BaseException:
            self._trxlock.release()
            raise
        self.token = get_connections().set(self.connection_name, self.connection)
        return self.connection


class _ReleasingConnectionWrapper(ConnectionWrapper[Any]):
    async def __aenter__(self) -> Any:
        await self._lock.acquire()
        try:
            await self.ensure_connection()
        except BaseException:
            self._lock.release()
            raise
        return self.connection


class ImmediateSqliteClient(_DirectCounts):
    """Tortoise's SQLite client, but a top-level transaction takes the write lock as it begins, and a
    failed connect leaves the connection lock free."""

    def acquire_connection(self) -> ConnectionWrapper[Any]:
        return _ReleasingConnectionWrapper(self._lock, self)

    def _in_transaction(self) -> TransactionContext:
        return _ImmediateTransactionContext(_ImmediateTransaction(self), self._lock)


# What Tortoise looks up in an engine module.
client_class = ImmediateSqliteClient
