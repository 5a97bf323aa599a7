"""What the shared rate limit costs per request on PostgreSQL (one UPSERT ... RETURNING on the UNLOGGED
`rate_bucket` table), beside the in-memory bucket SQLite keeps.

    DUBAN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/duban_bench_rate python -m bench.rate_bucket [N]
The database must exist; it is migrated. Prints, per series, the microseconds of one `take` (median,
p95 and p99 of N sequential calls, 5,000 by default), and the rate of 8 concurrent callers on one key
(its row lock) and on 8 keys.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from tortoise import connections

from models.db import apply_migrations, close_db, init_db
from models.settings import load_settings
from schema.guard import RateLimiter, RefusedRequest, SharedRateLimiter

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
# Enough that no series is refused: the cost of a granted request is what every request pays.
PER_MINUTE, BURST = 60_000_000, 1_000_000


def _now() -> datetime:
    return datetime.now(UTC)


async def _series(name: str, take: Callable[[int], Awaitable[None]]) -> None:
    times = []
    for i in range(N):
        started = time.perf_counter()
        await take(i)
        times.append((time.perf_counter() - started) * 1e6)
    times.sort()
    print(
        f"{name:<44} p50 {statistics.median(times):7.1f} us  p95 {times[int(N * 0.95)]:7.1f} us"
        f"  p99 {times[int(N * 0.99)]:7.1f} us"
    )


async def _concurrent(name: str, take: Callable[[int], Awaitable[None]], keys: int) -> None:
    async def caller(k: int) -> None:
        for _ in range(N // 8):
            await take(k % keys)

    started = time.perf_counter()
    await asyncio.gather(*(caller(k) for k in range(8)))
    elapsed = time.perf_counter() - started
    print(f"{name:<44} {N / elapsed:8.0f} takes/s ({elapsed / N * 1e6:.1f} us each)")


async def _refused(limiter: SharedRateLimiter) -> None:
    async def take(i: int) -> None:
        try:
            await limiter.take("bench:flood")
        except RefusedRequest:
            pass

    await _series("shared, refused in memory (a flood)", take)


async def main() -> None:
    settings = load_settings()
    assert settings.is_postgres, "DUBAN_DATABASE_URL must be a PostgreSQL database"
    await init_db(settings)
    await apply_migrations(settings)
    try:
        await connections.get("default").execute_script('DELETE FROM "rate_bucket"')
        memory = RateLimiter(PER_MINUTE, BURST, _now)
        shared = SharedRateLimiter(PER_MINUTE, BURST, _now)
        await _series("in memory (SQLite), one key", lambda i: memory.take("bench:one"))
        conn = connections.get("default")
        await _series(
            "PostgreSQL, SELECT 1 (the round trip alone)", lambda i: conn.execute_query_dict("SELECT 1")
        )
        await _series("PostgreSQL, one key", lambda i: shared.take("bench:one"))
        await _series("PostgreSQL, a new key each time (INSERT)", lambda i: shared.take(f"bench:new:{i}"))
        await _series("PostgreSQL, 1,000 keys in turn", lambda i: shared.take(f"bench:k:{i % 1000}"))
        await _concurrent("PostgreSQL, 8 concurrent callers, one key", lambda k: shared.take("bench:c"), 1)
        await _concurrent("PostgreSQL, 8 concurrent callers, 8 keys", lambda k: shared.take(f"bench:c{k}"), 8)
        await _refused(SharedRateLimiter(60, 1, _now))
        _, rows = await connections.get("default").execute_query(
            "SELECT relpersistence FROM pg_class WHERE relname = 'rate_bucket'"
        )
        persistence = bytes(rows[0]["relpersistence"]).decode()
        print(f"rate_bucket persistence: {persistence} ({'UNLOGGED' if persistence == 'u' else 'logged'})")
        await connections.get("default").execute_script('DELETE FROM "rate_bucket"')
        print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        await close_db()


if __name__ == "__main__":
    asyncio.run(main())
