"""Request-level limits before GraphQL runs: header size (431), body size (413), per-token rate limit
(429), coded JSON errors."""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resolvers.error_codes import ErrorCode

__all__ = [
    "BodySizeLimit",
    "HeaderSizeLimit",
    "RateLimiter",
    "RefusedRequest",
    "SharedRateLimiter",
    "refusal_body",
    "refusal_for_status",
    "request_id_for",
    "retry_later",
    "rate_limiter",
    "send_refusal",
]

# A caller's own request id is kept only when it is short and plain: it is logged and echoed back.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id_for(headers: Mapping[str, str]) -> str:
    """The caller's X-Request-Id when given (and sane), else a fresh one; logs and responses carry it."""
    given = headers.get("x-request-id", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]


class RefusedRequest(Exception):
    """A whole HTTP request refused before execution (too large, too many, too often)."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        headers: dict[str, str] | None = None,
        **details: object,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.details = details


def retry_later(status: int, code: ErrorCode, message: str, wait: int) -> RefusedRequest:
    """A refusal the client may retry after `wait` seconds (a Retry-After header and `retryAfter`)."""
    return RefusedRequest(
        status, code, f"{message}: retry after {wait} s", headers={"Retry-After": str(wait)}, retryAfter=wait
    )


def refusal_body(exc: RefusedRequest, request_id: str) -> dict[str, object]:
    extensions = {"code": exc.code, **exc.details, "requestId": request_id}
    return {"data": None, "errors": [{"message": exc.message, "extensions": extensions}]}


async def send_refusal(send: Send, exc: RefusedRequest, request_id: str) -> None:
    """The refusal as a whole JSON response, sent straight through ASGI (from middleware)."""
    body = json.dumps(refusal_body(exc, request_id), ensure_ascii=False).encode()
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in exc.headers.items()]
    await send(
        {
            "type": "http.response.start",
            "status": exc.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-request-id", request_id.encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


_HTTP_REFUSALS = {
    404: (ErrorCode.NOT_FOUND, "未找到 (not found)"),
    405: (ErrorCode.METHOD_NOT_ALLOWED, "方法不允许 (method not allowed)"),
}


def refusal_for_status(status: int, reason: str) -> RefusedRequest:
    """A framework's plain-text refusal (Starlette's or Strawberry's) as a coded one."""
    code, message = _HTTP_REFUSALS.get(status, (ErrorCode.BAD_REQUEST, "请求无效 (bad request)"))
    return RefusedRequest(status, code, f"{message}: {reason}")


def headers_too_large(limit: int) -> RefusedRequest:
    return RefusedRequest(
        431,
        ErrorCode.HEADERS_TOO_LARGE,
        f"请求头过大 (request headers too large): the limit is {limit} bytes",
        limit=limit,
    )


class HeaderSizeLimit:
    """ASGI middleware: request headers (names, values and the URL together) larger than `max_bytes`
    get 431 before anything reads them. The server protocol (`schema/protocol.py`) stops reading them
    sooner; this catches what any other server hands over."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
            size += sum(len(k) + len(v) + 4 for k, v in scope["headers"])
            if size > self.max_bytes:
                await send_refusal(send, headers_too_large(self.max_bytes), uuid.uuid4().hex[:16])
                return
        await self.app(scope, receive, send)


class BodySizeLimit:
    """ASGI middleware: a body larger than `max_bytes` gets 413 with a coded JSON error, unread beyond
    the limit (the declared Content-Length is checked first, then the bytes actually received)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(headers, send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(headers, send)
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, headers: Mapping[str, str], send: Send) -> None:
        exc = RefusedRequest(
            413,
            ErrorCode.REQUEST_TOO_LARGE,
            f"请求体过大 (request body too large): the limit is {self.max_bytes} bytes",
            limit=self.max_bytes,
        )
        await send_refusal(send, exc, request_id_for(headers))


MAX_BUCKETS = 10_000


@dataclass
class _Bucket:
    tokens: float
    at: float


def _refused(tokens: float, cost: int, rate: float) -> RefusedRequest:
    wait = math.ceil((cost - tokens) / rate) if rate > 0 else 3600
    return retry_later(429, ErrorCode.RATE_LIMITED, "请求过于频繁 (rate limited)", wait)


class RateLimiter:
    """A token bucket per caller, in this process's memory: `burst` requests at once, refilled at
    `per_minute`. Several processes each keep their own buckets (on SQLite; on PostgreSQL
    `SharedRateLimiter` keeps them in the database)."""

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], datetime]) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(burst, 1))
        self.clock = clock
        self.buckets: dict[str, _Bucket] = {}

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled completely (they hold nothing a fresh one would not)."""
        if len(self.buckets) > MAX_BUCKETS:
            full = [k for k, b in self.buckets.items() if b.tokens + (now - b.at) * self.rate >= self.burst]
            for key in full:
                del self.buckets[key]

    def refill(self, key: str, now: float) -> _Bucket:
        """The caller's bucket, refilled to `now` (seconds)."""
        self._forget_full(now)
        bucket = self.buckets.setdefault(key, _Bucket(self.burst, now))
        bucket.tokens = min(self.burst, bucket.tokens + max(0.0, now - bucket.at) * self.rate)
        bucket.at = max(bucket.at, now)
        return bucket

    def spend(self, key: str, cost: int, now: float) -> None:
        """Spend `cost` from the caller's bucket as of `now` (seconds), or refuse with RATE_LIMITED."""
        bucket = self.refill(key, now)
        if bucket.tokens < cost:
            raise _refused(bucket.tokens, cost, self.rate)
        bucket.tokens -= cost

    async def take(self, key: str, cost: int = 1) -> None:
        """Spend `cost` requests from the caller's bucket or refuse with RATE_LIMITED and a retry-after."""
        self.spend(key, cost, self.clock().timestamp())


# One statement per request: refill the caller's bucket by the time elapsed, spend `cost` when it is
# there, and say whether it was. Concurrent requests for one key queue on its row lock, so N
# processes grant together what one grants. The time is the serving process's clock (tests move it);
# a bucket never goes back in time, so a replica whose clock lags refills nothing rather than too much.
_SPEND = """
INSERT INTO rate_bucket AS b (key, tokens, at, granted) VALUES ($1, $2, $3, $4)
ON CONFLICT (key) DO UPDATE SET
    tokens = LEAST($5, b.tokens + GREATEST(0, $3 - b.at) * $6) - CASE
        WHEN LEAST($5, b.tokens + GREATEST(0, $3 - b.at) * $6) >= $7 THEN $7 ELSE 0 END,
    granted = LEAST($5, b.tokens + GREATEST(0, $3 - b.at) * $6) >= $7,
    at = GREATEST(b.at, $3)
RETURNING tokens, granted
"""
# Buckets untouched for longer than they take to refill are full: a fresh row would hold the same.
_FORGET_FULL = "DELETE FROM rate_bucket WHERE at < $1"
SWEEP_EVERY_SECONDS = 60.0


class SharedRateLimiter:
    """The token buckets of every process serving from one PostgreSQL database, in its UNLOGGED
    `rate_bucket` table (migration 0022): N replicas grant together what one grants.

    A local bucket in front spends only what the database granted, so it never holds less than the
    shared one (same refill, same cap, a subset of the spending): when it cannot pay, neither can the
    database, and the request is refused without a statement. A client flooding one process is
    refused there, in memory, after its first refusal's worth of requests.

    The table keeps a row per caller seen; each process deletes the full ones at most once a minute
    (what the in-memory limiter does past `MAX_BUCKETS`), so a flood from many addresses does not grow
    it for good.
    """

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], datetime]) -> None:
        self.local = RateLimiter(per_minute, burst, clock)
        self.rate = self.local.rate
        self.burst = self.local.burst
        self.clock = clock
        self.swept_at: float | None = None

    async def _forget_full(self, now: float) -> None:
        if self.rate <= 0:  # nothing refills: a deleted bucket would come back full
            return
        if self.swept_at is not None and now - self.swept_at < SWEEP_EVERY_SECONDS:
            return
        from tortoise import connections

        self.swept_at = now
        await connections.get("default").execute_query(_FORGET_FULL, [now - self.burst / self.rate])

    async def take(self, key: str, cost: int = 1) -> None:
        from tortoise import connections

        now = self.clock().timestamp()
        await self._forget_full(now)
        local = self.local.refill(key, now)
        if local.tokens < cost:
            raise _refused(local.tokens, cost, self.rate)
        fresh = self.burst >= cost  # a new bucket: full, less this request when it fits
        rows = await connections.get("default").execute_query_dict(
            _SPEND,
            [key, self.burst - cost if fresh else self.burst, now, fresh, self.burst, self.rate, float(cost)],
        )
        tokens, granted = float(rows[0]["tokens"]), bool(rows[0]["granted"])
        if not granted:
            raise _refused(tokens, cost, self.rate)
        local.tokens -= cost


def rate_limiter(
    per_minute: int, burst: int, clock: Callable[[], datetime], shared: bool
) -> RateLimiter | SharedRateLimiter:
    """The database's buckets when `shared` (PostgreSQL: every replica spends them), else this process's."""
    return (SharedRateLimiter if shared else RateLimiter)(per_minute, burst, clock)
