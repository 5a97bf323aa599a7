"""Job root field: `jobRuns` (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.job import JobRun as JobRunRow
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from resolvers.pagination import paginate
from schema.connection import After, Connection, First, to_connection
from schema.context import Info
from schema.jobs.types import JobRun

__all__ = ["JobQuery"]

STAFF = {"ADMIN", "SUPERVISOR", "INSPECTOR"}


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
        if info.context.actor.role.value not in STAFF:
            raise RequestError(ErrorCode.FORBIDDEN, "无权查看定时任务记录 (job runs are for staff)")
        qs = JobRunRow.all().order_by("-started_at", "-id")
        if name:
            qs = qs.filter(name=name)
        return to_connection(await paginate(qs, first, after))
