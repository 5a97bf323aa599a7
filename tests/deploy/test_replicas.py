"""Two real `python main.py serve` processes on the test run's database, as two replicas behind a load
balancer: on PostgreSQL they spend the same rate-limit buckets (together they grant what one grants);
on SQLite each keeps its own (documented: N processes grant N times the rate)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import httpx
import pytest

from bench.served import Served, served
from models.job import JobRun
from models.rate import RateBucket
from models.settings import Settings

BURST = 10
VIEWER = {"query": "{ viewer { name } }"}


@contextlib.contextmanager
def _replicas(tmp_path: Path, settings: Settings):  # type: ignore[no-untyped-def]
    # No refill (0 per minute): what the two grant together is exact however slow the machine is.
    env = {
        "DUBAN_DATABASE_URL": settings.database_url,
        "DUBAN_RATE_LIMIT_PER_MINUTE": "0",
        "DUBAN_RATE_LIMIT_BURST": str(BURST),
        "DUBAN_SCHEDULER": "off",
        "DUBAN_LOG_LEVEL": "WARNING",
    }
    with served(tmp_path / "a", **env) as one, served(tmp_path / "b", **env) as two:
        yield one, two


async def _send(replicas: tuple[Served, Served], requests: int, headers: dict[str, str]) -> list[int]:
    """`requests` requests at once, alternating between the replicas; their HTTP statuses."""
    async with httpx.AsyncClient(timeout=120) as http:
        answers = await asyncio.gather(
            *(
                http.post(f"{replicas[i % 2].url}/graphql", json=VIEWER, headers=headers)
                for i in range(requests)
            )
        )
    return [answer.status_code for answer in answers]


@pytest.mark.parametrize("caller", ["token", "anonymous"])
async def test_two_replicas_grant_together_what_one_grants(  # type: ignore[no-untyped-def]
    app, settings: Settings, tmp_path: Path, caller: str
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with _replicas(tmp_path, settings) as replicas:
        headers = {"Authorization": f"Bearer {replicas[0].secret}"} if caller == "token" else {}
        statuses = await _send(replicas, 4 * BURST, headers)
        # Past the burst, each replica refuses in memory or by the shared row alike.
        late = await _send(replicas, 4, headers)
    answered = 200 if caller == "token" else 401  # without a token: UNAUTHENTICATED, when not limited
    assert set(statuses) == {answered, 429}, statuses
    granted = statuses.count(answered)
    if settings.is_postgres:
        assert granted == BURST
        assert (
            await RateBucket.filter(key__startswith="token:" if caller == "token" else "addr:").count() == 1
        )
    else:
        assert granted == 2 * BURST  # each process its own bucket
    assert late == [429] * 4
    # Replicas started with DUBAN_SCHEDULER=off ran no job (a scheduler runs the overdue job at start).
    assert await JobRun.all().count() == 0
