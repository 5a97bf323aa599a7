"""Job mutation: `runJob` (ADMIN) runs a registered job now and records the run."""

from __future__ import annotations

import strawberry

from jobs.registry import JOBS
from jobs.runner import run_job
from resolvers.access import require_role
from resolvers.error_codes import ErrorCode
from schema.context import Info
from schema.errors import UserError
from schema.jobs.types import JobRun

__all__ = ["JobMutation", "JobRunPayload", "RunJobInput"]


@strawberry.input(description="立即运行定时任务 (run a scheduled job now)")
class RunJobInput:
    name: str = strawberry.field(description="任务名称 (job name)")


@strawberry.type(description="运行结果 (result of runJob)")
class JobRunPayload:
    job_run: JobRun | None = strawberry.field(description="本次运行 (the run)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


@strawberry.type
class JobMutation:
    @strawberry.mutation(
        description="立即运行定时任务 (run a job now; ADMIN); the run is recorded in jobRuns"
    )
    async def run_job(self, info: Info, input: RunJobInput) -> JobRunPayload:
        scope = info.context.scope
        require_role(scope.actor, "jobs")
        if input.name not in JOBS:
            known = ", ".join(sorted(JOBS)) or "none"
            message = f"没有该定时任务 (unknown job) {input.name!r}; known: {known}"
            return JobRunPayload(
                job_run=None,
                user_errors=[UserError(field=["input", "name"], message=message, code=ErrorCode.UNKNOWN_JOB)],
            )
        run = await run_job(input.name, scope.now())
        return JobRunPayload(job_run=run, user_errors=[])
