"""Failures as coded JSON answers: a database that cannot be reached (503, Retry-After) and our own
defects (500), for every route; nothing reaches the server's plain-text error page."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator

import asyncpg
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.exceptions import DBConnectionError

from resolvers.error_codes import ErrorCode
from schema.guard import (
    RefusedRequest,
    refusal_body,
    refusal_for_status,
    request_id_for,
    retry_later,
    send_refusal,
)

__all__ = ["JsonErrors", "database_refusal", "database_unavailable", "http_error", "is_database_unavailable"]

log = logging.getLogger("duban.http")

# Seconds a client is told to wait when the database cannot be reached (/healthz says when it is back).
RETRY_AFTER = 5

# Failures of the database itself or of the way to it, never of a statement: connection refused,
# reset or timed out (OSError, which includes TimeoutError), a server shutting down or not yet
# accepting, the database gone, no connection slot left.
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    OSError,
    DBConnectionError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InvalidCatalogNameError,
)
# SQLite's file cannot be opened or read (a missing directory, an unmounted volume, a disk error).
_SQLITE_UNAVAILABLE = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_NOTADB}
# SQLite's write lock still held by another process when DUBAN_SQLITE_BUSY_TIMEOUT_MS ran out.
_SQLITE_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
# Seconds a client is told to wait when another writer held the database past the busy timeout.
BUSY_RETRY_AFTER = 1


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    """The exception, what it wraps (GraphQL's original error) and what caused it, a bounded walk."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(seen) < 16:
        seen.add(id(exc))
        yield exc
        exc = getattr(exc, "original_error", None) or exc.__cause__ or exc.__context__


def is_database_unavailable(exc: BaseException) -> bool:
    """Whether the failure is the database being out of reach, judged by exception types (Tortoise
    re-raises driver errors under its own types, so the causes are walked too)."""
    for cause in _chain(exc):
        if isinstance(cause, _UNAVAILABLE):
            return True
        if isinstance(cause, sqlite3.OperationalError):
            return _sqlite_code(cause) in _SQLITE_UNAVAILABLE
    return False


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None  # the primary code of an extended one


def is_database_busy(exc: BaseException) -> bool:
    """Whether the failure is SQLite's write lock held by another process past the busy timeout."""
    return any(
        isinstance(cause, sqlite3.OperationalError) and _sqlite_code(cause) in _SQLITE_BUSY
        for cause in _chain(exc)
    )


def database_unavailable() -> RefusedRequest:
    return retry_later(
        503, ErrorCode.DATABASE_UNAVAILABLE, "数据库暂不可用 (database unavailable)", RETRY_AFTER
    )


def database_refusal(exc: BaseException) -> RefusedRequest | None:
    """The answer for a failure of the database rather than of our code: out of reach (503
    DATABASE_UNAVAILABLE) or busy with another process's write past the busy timeout (503
    DATABASE_BUSY, retry in a second); None for anything else."""
    if is_database_unavailable(exc):
        return database_unavailable()
    if is_database_busy(exc):
        return retry_later(
            503, ErrorCode.DATABASE_BUSY, "数据库正忙 (database busy with another writer)", BUSY_RETRY_AFTER
        )
    return None


def internal_error(request_id: str) -> RefusedRequest:
    return RefusedRequest(
        500, ErrorCode.INTERNAL_ERROR, f"内部错误 (internal error); 请求编号 request id {request_id}"
    )


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (an unknown path, a method a route does not take) as coded JSON."""
    assert isinstance(exc, HTTPException)
    refusal = refusal_for_status(exc.status_code, exc.detail)
    request_id = request_id_for(request.headers)
    headers = {**(exc.headers or {}), "x-request-id": request_id}
    return JSONResponse(refusal_body(refusal, request_id), status_code=exc.status_code, headers=headers)


class JsonErrors:
    """The outermost ASGI middleware: any exception the app lets out becomes a coded JSON answer,
    logged once (a database out of reach as a warning without a traceback)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:  # noqa: BLE001 - every failure gets an answer; this is the last place
            request_id = scope.get("state", {}).get("request_id") or request_id_for(
                {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            )
            refusal = database_refusal(exc)
            if refusal is not None:
                log.warning("request %s: %s: %r", request_id, refusal.code, exc)
            else:
                log.error("request %s: unhandled error", request_id, exc_info=exc)
                refusal = internal_error(request_id)
            if started:
                raise  # too late for an answer: the server must abort the half-sent response
            await send_refusal(send, refusal, request_id)
