"""Job runs (the scheduler's record): read by staff only, every run."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from models.job import JobRun
from resolvers.access import STAFF_READERS, Actor
from resolvers.listing import Listing, register

__all__ = ["JOB_RUNS", "list_job_runs"]

JOB_RUNS: Listing[JobRun] = register(
    Listing(
        "JobRun",
        JobRun,
        readers=STAFF_READERS,
        denied="无权查看定时任务记录 (job runs are for staff)",
        default_order=("-started_at", "-id"),
    )
)


async def list_job_runs(actor: Actor, name: str | None) -> QuerySet[JobRun]:
    """Newest first; one job's runs when `name` is given."""
    qs = await JOB_RUNS.listed(actor)
    return qs.filter(name=name) if name else qs
