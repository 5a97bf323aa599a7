"""Running jobs once per slot across runners, taking over a dead holder's lease, recording every run."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from jobs.registry import JOBS, Job, register_job
from jobs.runner import claim, run_job, slot_for
from models.job import JobRun, JobStatus
from models.unit import Unit
from resolvers.access import Scope
from tests.helpers import LIFESPAN_TIMEOUT, STARTUP_TIMEOUT

RUN_JOB = "mutation($name: String!) { runJob(input: {name: $name}) { jobRun { id name status rowsTouched error process } userErrors { code field } } }"
JOB_RUNS = (
    "query($name: String) { jobRuns(name: $name, first: 10) { totalCount nodes { name status slot } } }"
)


async def _count_units(scope: Scope) -> int:
    return await Unit.all().count()


async def _explode(scope: Scope) -> int:
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def test_jobs() -> Iterator[None]:
    register_job(Job("test-count", _count_units, "counts units", every_seconds=300))
    register_job(Job("test-explode", _explode, "always fails"))
    yield
    JOBS.pop("test-count")
    JOBS.pop("test-explode")


def test_slots_floor_fire_times_to_the_interval() -> None:
    job = JOBS["test-count"]
    a = slot_for(job, datetime(2026, 11, 25, 12, 5, 0, 300, tzinfo=UTC))
    b = slot_for(job, datetime(2026, 11, 25, 12, 9, 59, tzinfo=UTC))
    c = slot_for(job, datetime(2026, 11, 25, 12, 10, 0, tzinfo=UTC))
    assert a == b != c


async def test_concurrent_runners_execute_a_slot_once(app, clock) -> None:  # type: ignore[no-untyped-def]
    now = clock()
    runs = await asyncio.gather(*(run_job("test-count", now, "slot-1", holder=f"p{i}") for i in range(4)))
    done = [r for r in runs if r is not None]
    assert len(done) == 1
    assert await JobRun.filter(name="test-count", slot="slot-1").count() == 1
    assert done[0].status is JobStatus.SUCCEEDED


async def test_a_dead_holders_lease_is_taken_over_after_expiry(app, clock) -> None:  # type: ignore[no-untyped-def]
    start = clock()
    assert await claim("test-count", "slot-2", start, "dead-process", timedelta(minutes=10)) is not None
    assert await run_job("test-count", start + timedelta(minutes=5), "slot-2", holder="p2") is None
    run = await run_job("test-count", start + timedelta(minutes=11), "slot-2", holder="p2")
    assert run is not None and run.status is JobStatus.SUCCEEDED
    assert run.holder == "p2" and run.attempts == 2


async def test_a_finished_slot_is_not_run_again(app, clock) -> None:  # type: ignore[no-untyped-def]
    assert await run_job("test-count", clock(), "slot-3") is not None
    assert await run_job("test-count", clock() + timedelta(hours=1), "slot-3") is None


async def test_a_failing_job_is_recorded_and_the_next_run_goes_on(app, clock) -> None:  # type: ignore[no-untyped-def]
    failed = await run_job("test-explode", clock())
    assert failed is not None and failed.status is JobStatus.FAILED
    assert "boom" in (failed.error or "")
    ok = await run_job("test-count", clock())
    assert ok is not None and ok.status is JobStatus.SUCCEEDED


async def test_run_job_over_graphql_is_recorded(gql) -> None:  # type: ignore[no-untyped-def]
    payload = await gql.ok(RUN_JOB, {"name": "test-count"})
    assert payload["jobRun"]["status"] == "SUCCEEDED"
    assert payload["jobRun"]["rowsTouched"] == await Unit.all().count()
    runs = (await gql(JOB_RUNS, {"name": "test-count"}, as_="SUPERVISOR"))["jobRuns"]
    assert runs["totalCount"] == 1 and runs["nodes"][0]["status"] == "SUCCEEDED"


async def test_run_job_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    errors = await gql.refused(RUN_JOB, {"name": "no-such-job"})
    assert errors[0]["code"] == "UNKNOWN_JOB"
    error = await gql.error(RUN_JOB, {"name": "test-count"}, as_="SUPERVISOR")
    assert error["extensions"]["code"] == "FORBIDDEN"
    error = await gql.error(JOB_RUNS, {"name": None}, as_="VIEWER")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await JobRun.all().count() == 0


def test_two_processes_claiming_one_slot_run_it_once(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two real processes (as two app servers would) race for the same overdue slot."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DUBAN_DATABASE_URL": settings.database_url, "DUBAN_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "main.py", "jobs", "run", "overdue", "--slot", "race-slot"]
    procs = [
        subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [p.communicate(timeout=STARTUP_TIMEOUT)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    ran = [o for o in outputs if "SUCCEEDED" in o]
    skipped = [o for o in outputs if "run by another process" in o]
    assert len(ran) == 1 and len(skipped) == 1, outputs


def test_the_scheduler_gets_every_interval_job_with_a_first_run_at_start() -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from jobs import register
    from models.settings import load_settings

    scheduler = AsyncIOScheduler(timezone="Asia/Shanghai")
    register(scheduler, load_settings({"DUBAN_OVERDUE_JOB_MINUTES": "7"}))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert {"overdue", "digests", "deliveries"} <= set(jobs)
    # Catch-up after downtime: the overdue job runs at once, digests a minute later.
    assert jobs["digests"].next_run_time > jobs["overdue"].next_run_time
    assert JOBS["overdue"].every_seconds == load_settings().overdue_job_minutes * 60


async def test_a_server_with_the_scheduler_off_starts_none(settings) -> None:  # type: ignore[no-untyped-def]
    from asgi_lifespan import LifespanManager

    from main import create_app

    assert settings.scheduler is False
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT):
        assert getattr(app.state, "scheduler", None) is None
