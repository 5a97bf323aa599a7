"""Job root field: `jobRuns` (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.job_runs import JOB_RUNS, list_job_runs
from schema.connection import After, Connection, First, listing_connection
from schema.context import Info
from schema.jobs.types import JobRun

__all__ = ["JobQuery"]


@strawberry.type
class JobQuery:
    @strawberry.field(description="定时任务运行记录，最新在前 (job runs, newest first; staff only)")
    async def job_runs(
        self,
        info: Info,
        name: Annotated[str | None, strawberry.argument(description="任务名称 (job name)")] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[JobRun]:
        qs = await list_job_runs(info.context.actor, name)
        return await listing_connection(info, JOB_RUNS, qs, first, after)
