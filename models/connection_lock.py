"""A fix for Tortoise's single-connection clients (SQLite): a failed connect no longer keeps the lock."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import ConnectionWrapper

__all__ = ["release_lock_on_failed_connect"]


async def _enter(self: ConnectionWrapper[Any]) -> Any:
    # Tortoise 1.1's own __aenter__ acquires the lock and then connects; when connecting fails (a
    # SQLite file that cannot be opened) the lock stays held and every later query waits forever.
    await self._lock.acquire()
    try:
        await self.ensure_connection()
    except BaseException:
        self._lock.release()
        raise
    return self.connection


def release_lock_on_failed_connect() -> None:
    """Installs `_enter` (idempotent): the request after a failed connect tries again and answers."""
    ConnectionWrapper.__aenter__ = _enter  # type: ignore[method-assign]
