"""Scheduled jobs: one module per job registering itself in `jobs.registry`; `register(scheduler)` wires them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from jobs import deliveries, digests, overdue  # noqa: F401  (importing registers the jobs)
from jobs.registry import JOBS, Job
from jobs.runner import run_job, slot_for
from models.settings import Settings

__all__ = ["register"]


def _fire(job: Job) -> Any:
    async def fire() -> None:
        now = datetime.now(UTC)
        await run_job(job.name, now, slot_for(job, now))

    return fire


def register(scheduler: Any, settings: Settings) -> None:
    """Add every interval job; each also runs once at start, which catches up after downtime."""
    for job in JOBS.values():
        if job.every_seconds:
            scheduler.add_job(
                _fire(job),
                "interval",
                seconds=job.every_seconds,
                id=job.name,
                name=job.name,
                next_run_time=datetime.now(UTC) + timedelta(seconds=job.first_run_delay_seconds),
                max_instances=1,
                coalesce=True,
            )
