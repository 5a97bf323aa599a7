"""The `JobRun` type; runtime objects are `models.job.JobRun` rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry

from models import job as m
from models.by_id import load_by_id
from resolvers import job_runs  # noqa: F401  (registers the JobRun listing)
from schema.context import Info
from schema.node import Node, encode_id, register_node

__all__ = ["JobRun", "load_job_runs"]


async def load_job_runs(ids: Sequence[int]) -> list[m.JobRun | None]:
    return await load_by_id(m.JobRun, ids)


@strawberry.type(description="定时任务运行记录 (one run of a scheduled job)")
class JobRun(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.JobRun)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.JobRun) -> strawberry.ID:  # type: ignore[override]
        return encode_id("JobRun", self.id)

    @strawberry.field(description="任务名称 (job name, e.g. overdue)")
    def name(self: m.JobRun) -> str:
        return self.name

    @strawberry.field(description="调度时段 (the scheduled slot this run covers, or manual:…)")
    def slot(self: m.JobRun) -> str:
        return self.slot

    @strawberry.field(description="开始时间 (started at)")
    def started_at(self: m.JobRun) -> datetime:
        return self.started_at

    @strawberry.field(description="结束时间 (finished at; null while running)")
    def finished_at(self: m.JobRun) -> datetime | None:
        return self.finished_at

    @strawberry.field(description="状态 (RUNNING, SUCCEEDED, FAILED)")
    def status(self: m.JobRun) -> str:
        return self.status.value

    @strawberry.field(description="影响行数 (rows touched)")
    def rows_touched(self: m.JobRun) -> int | None:
        return self.rows_touched

    @strawberry.field(description="错误 (error of a failed run)")
    def error(self: m.JobRun) -> str | None:
        return self.error

    @strawberry.field(description="执行进程 (the process that ran it: host:pid:id)")
    def process(self: m.JobRun) -> str:
        return self.holder

    @strawberry.field(description="尝试次数 (attempts; >1 after a dead holder's run was taken over)")
    def attempts(self: m.JobRun) -> int:
        return self.attempts


register_node("JobRun", load_job_runs)
