"""The shared buckets' table on PostgreSQL (`SharedRateLimiter`) against the test database: a refusal
with its wait, and full buckets forgotten so the table does not grow for good."""

from __future__ import annotations

import pytest

from models.rate import RateBucket
from models.settings import Settings
from schema.guard import SWEEP_EVERY_SECONDS, RefusedRequest, SharedRateLimiter
from tests.helpers import Clock


@pytest.fixture(autouse=True)
def _postgres_only(settings: Settings) -> None:
    if not settings.is_postgres:
        pytest.skip("the shared buckets are PostgreSQL's; SQLite keeps them in memory")


async def test_a_bucket_spent_elsewhere_refuses_with_its_wait(app, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    one, two = SharedRateLimiter(60, 2, clock), SharedRateLimiter(60, 2, clock)  # two processes
    await one.take("token:1")
    await one.take("token:1")
    with pytest.raises(RefusedRequest) as refused:
        await two.take("token:1")  # its own memory holds a full bucket: the database refuses
    assert refused.value.code == "RATE_LIMITED" and refused.value.details["retryAfter"] == 1
    clock.advance(seconds=1)
    await two.take("token:1")
    bucket = await RateBucket.get(key="token:1")
    assert bucket.tokens == 0 and bucket.granted


async def test_full_buckets_are_forgotten(app, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    limiter = SharedRateLimiter(60, 5, clock)  # full again 5 s after its last request
    await limiter.take("addr:10.0.0.1")
    await limiter.take("addr:10.0.0.2")
    clock.advance(seconds=SWEEP_EVERY_SECONDS + 1)
    await limiter.take("addr:10.0.0.3")
    assert await RateBucket.all().values_list("key", flat=True) == ["addr:10.0.0.3"]
    # A forgotten bucket comes back full, as it would have refilled.
    for _ in range(5):
        await limiter.take("addr:10.0.0.1")
    with pytest.raises(RefusedRequest):
        await limiter.take("addr:10.0.0.1")
