"""The cache epoch: what lets a process keep the unit tree and authenticated tokens in memory while
several processes share one database.

`cache_epoch` holds one value that triggers change, in the writer's own transaction, with every change
to `unit` and every update or delete of `api_token` (migration 0027). A process keeps each cache
together with the value it was read under; a request reads the value once (`read`, folded into
authentication: the statement every request already made) and a cache read under another value is
dropped before use. So a revocation committed by any process, `main.py token revoke` included, is
seen by the next request of every process: no message to wait for, nothing to miss when a connection
drops. The cost is one short statement per request, the one authentication needed anyway.

The value a request read is kept for that request (`observe`, `forget`): lookups during the request
use the caches without asking again. Inside a transaction the caches are not used (`in_transaction`):
its reads must see its own uncommitted writes. After a unit of work the observation is forgotten, so
later lookups in the same request read the value again and see what the transaction committed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

__all__ = ["current", "forget", "in_transaction", "observe", "on_reset", "read", "reset_caches"]

READ_SQL = "SELECT value FROM cache_epoch WHERE id = 1"

_observed: ContextVar[int | None] = ContextVar("duban_cache_epoch", default=None)
_resets: list[Callable[[], None]] = []


def on_reset(drop: Callable[[], None]) -> Callable[[], None]:
    """Registers a cache's `drop`, called when the app connects to a database (`reset_caches`)."""
    _resets.append(drop)
    return drop


def reset_caches() -> None:
    """Drops every cache: a new connection may be to another database (tests), or to one rewritten
    with the triggers off (`session_replication_role = replica` skips them)."""
    for drop in _resets:
        drop()
    _observed.set(None)


def in_transaction() -> bool:
    return isinstance(connections.get("default"), TransactionalDBClient)


async def read() -> int:
    _, rows = await connections.get("default").execute_query(READ_SQL)
    return int(rows[0]["value"])


def observe(value: int) -> None:
    """The value this request read: lookups until `forget` trust caches read under it."""
    _observed.set(value)


def forget() -> None:
    _observed.set(None)


async def current() -> int:
    """The value this request observed, or read now (jobs, the CLI, after a unit of work)."""
    value = _observed.get()
    return await read() if value is None else value
