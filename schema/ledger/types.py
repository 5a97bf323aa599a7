"""Ledger types: `Plan`, `Task`, `Milestone`, `ProgressReport`; runtime objects are the model rows."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from models import plan as mp
from models import task as mt
from models.task import UnitRole
from resolvers.ledger import queries as _listings  # noqa: F401  (registers the listings)
from resolvers.ledger.loaders import (
    load_milestones,
    load_milestones_by_id,
    load_plans,
    load_progress_reports,
    load_subtasks,
    load_task_events,
    load_task_units,
    load_tasks,
)
from resolvers.overdue.queries import load_open_flag_by_subject
from resolvers.pagination import paginate_list
from resolvers.units.loaders import load_units
from schema.connection import Connection, to_connection
from schema.context import Info
from schema.events import Event
from schema.ledger.enums import ReportingCadenceEnum, TaskCategoryEnum, TaskOriginEnum, TaskStatusEnum
from schema.node import Node, encode_id, register_node
from schema.units.types import Unit

__all__ = ["Milestone", "Plan", "ProgressReport", "Task", "TaskTarget"]


@strawberry.type(description="方案/行动计划 (a plan: an issued document whose measures are tasks)")
class Plan(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, mp.Plan)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: mp.Plan) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Plan", self.id)

    @strawberry.field(description="方案名称 (title)")
    def title(self: mp.Plan) -> str:
        return self.title

    @strawberry.field(description="文号 (document number, e.g. 费政办字〔2023〕34号)")
    def doc_number(self: mp.Plan) -> str | None:
        return self.doc_number

    @strawberry.field(description="印发单位 (issuing unit)")
    async def issuing_unit(self: mp.Plan, info: Info) -> Unit | None:
        uid = self.issuing_unit_id  # type: ignore[attr-defined]
        return await info.context.loaders(load_units).load(uid) if uid else None

    @strawberry.field(description="印发日期 (issue date)")
    def issued_on(self: mp.Plan) -> date | None:
        return self.issued_on

    @strawberry.field(description="实施期限起 (period start)")
    def period_start(self: mp.Plan) -> date | None:
        return self.period_start

    @strawberry.field(description="实施期限止 (period end)")
    def period_end(self: mp.Plan) -> date | None:
        return self.period_end

    @strawberry.field(description="版本号 (version)")
    def version(self: mp.Plan) -> int:
        return self.version

    @strawberry.field(description="台账下载地址 (XLSX download path; GET it with the bearer token)")
    def export_url(self: mp.Plan) -> str:
        return f"/exports/plans/{encode_id('Plan', self.id)}.xlsx"


@strawberry.type(description="量化目标 (quantitative target, e.g. 实际网办率 80%)")
class TaskTarget:
    indicator: str | None = strawberry.field(description="指标 (indicator)")
    target_value: float | None = strawberry.field(description="目标值 (target value)")
    unit_of_measure: str | None = strawberry.field(description="计量单位 (unit of measure, e.g. %)")
    actual_value: float | None = strawberry.field(description="最新实际值 (latest reported actual)")


@strawberry.type(description="时间节点 (a dated milestone of a task)")
class Milestone(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, mt.Milestone)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: mt.Milestone) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Milestone", self.id)

    @strawberry.field(description="节点内容 (title)")
    def title(self: mt.Milestone) -> str:
        return self.title

    @strawberry.field(description="节点时限 (due date)")
    def due_on(self: mt.Milestone) -> date:
        return self.due_on

    @strawberry.field(description="完成时间 (completed at; null while open)")
    def completed_at(self: mt.Milestone) -> datetime | None:
        return self.completed_at

    @strawberry.field(description="是否逾期 (overdue now, as flagged by the overdue job)")
    async def is_overdue(self: mt.Milestone, info: Info) -> bool:
        return await info.context.loaders(load_open_flag_by_subject).load(("Milestone", self.id)) is not None

    @strawberry.field(description="逾期起始时间 (overdue since: when the overdue job first found it)")
    async def overdue_since(self: mt.Milestone, info: Info) -> datetime | None:
        flag = await info.context.loaders(load_open_flag_by_subject).load(("Milestone", self.id))
        return flag.detected_at if flag else None

    @strawberry.field(description="逾期工作日数 (working days overdue, statutory calendar)")
    async def overdue_working_days(self: mt.Milestone, info: Info) -> int | None:
        flag = await info.context.loaders(load_open_flag_by_subject).load(("Milestone", self.id))
        return flag.overdue_working_days if flag else None

    @strawberry.field(description="所属任务 (task)")
    async def task(self: mt.Milestone, info: Info) -> Task:
        return await info.context.loaders(load_tasks).load(self.task_id)  # type: ignore[attr-defined]

    @strawberry.field(description="版本号 (version)")
    def version(self: mt.Milestone) -> int:
        return self.version


@strawberry.type(description="进展报告 (a progress report by a lead or co unit)")
class ProgressReport:
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, mt.ProgressReport)

    @strawberry.field(description="报送单位 (reporting unit)")
    async def unit(self: mt.ProgressReport, info: Info) -> Unit | None:
        uid = self.unit_id  # type: ignore[attr-defined]
        return await info.context.loaders(load_units).load(uid) if uid else None

    @strawberry.field(description="进展情况 (text)")
    def text(self: mt.ProgressReport) -> str:
        return self.text

    @strawberry.field(description="完成进度百分比 (percent, 0-100)")
    def percent(self: mt.ProgressReport) -> int:
        return self.percent

    @strawberry.field(description="实际值 (actual value of the target)")
    def actual_value(self: mt.ProgressReport) -> float | None:
        return self.actual_value

    @strawberry.field(description="报送时间 (reported at)")
    def reported_at(self: mt.ProgressReport) -> datetime:
        return self.reported_at

    @strawberry.field(description="报送人 (who reported)")
    def actor(self: mt.ProgressReport) -> str:
        return self.actor


async def _units(info: Info, task: mt.Task, role: UnitRole) -> list[mt.TaskUnit]:
    links = await info.context.loaders(load_task_units).load(task.id)
    return [x.unit for x in links if x.role is role]


@strawberry.type(description="任务/举措 (a task of a plan)")
class Task(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, mt.Task)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: mt.Task) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Task", self.id)

    @strawberry.field(description="所属方案 (plan)")
    async def plan(self: mt.Task, info: Info) -> Plan:
        return await info.context.loaders(load_plans).load(self.plan_id)  # type: ignore[attr-defined]

    @strawberry.field(description="上级任务 (parent task)")
    async def parent(self: mt.Task, info: Info) -> Task | None:
        pid = self.parent_id  # type: ignore[attr-defined]
        return await info.context.loaders(load_tasks).load(pid) if pid else None

    @strawberry.field(description="序号 (code within the plan, e.g. 1.2)")
    def code(self: mt.Task) -> str | None:
        return self.code

    @strawberry.field(description="任务名称 (title)")
    def title(self: mt.Task) -> str:
        return self.title

    @strawberry.field(description="任务内容 (description)")
    def description(self: mt.Task) -> str | None:
        return self.description

    @strawberry.field(description="分类 (category: one of the six environments)")
    def category(self: mt.Task) -> TaskCategoryEnum:
        return self.category

    @strawberry.field(description="来源 (origin)")
    def origin(self: mt.Task) -> TaskOriginEnum:
        return self.origin

    @strawberry.field(description="牵头单位 (lead units)")
    async def lead_units(self: mt.Task, info: Info) -> list[Unit]:
        return await _units(info, self, UnitRole.LEAD)

    @strawberry.field(description="责任单位 (co-responsible units)")
    async def co_units(self: mt.Task, info: Info) -> list[Unit]:
        return await _units(info, self, UnitRole.CO)

    @strawberry.field(description="分管领导 (responsible leader)")
    def responsible_leader(self: mt.Task) -> str | None:
        return self.responsible_leader

    @strawberry.field(description="完成时限 (final due date; null = 长期坚持)")
    def due_on(self: mt.Task) -> date | None:
        return self.due_on

    @strawberry.field(description="状态 (status)")
    def status(self: mt.Task) -> TaskStatusEnum:
        return self.status

    @strawberry.field(
        description="进展报送周期 (required reporting cadence; a missed period is flagged REPORT_MISSING)"
    )
    def reporting_cadence(self: mt.Task) -> ReportingCadenceEnum:  # type: ignore[valid-type]
        return self.reporting_cadence

    @strawberry.field(description="完成进度 (percent of the latest progress report)")
    def progress_percent(self: mt.Task) -> int | None:
        return self.progress_percent

    @strawberry.field(description="量化目标 (quantitative target; null when none)")
    def target(self: mt.Task) -> TaskTarget | None:
        if self.target_indicator is None and self.target_value is None:
            return None
        return TaskTarget(
            indicator=self.target_indicator,
            target_value=self.target_value,
            unit_of_measure=self.target_unit,
            actual_value=self.actual_value,
        )

    @strawberry.field(description="暂停原因 (why it is suspended)")
    def suspended_reason(self: mt.Task) -> str | None:
        return self.suspended_reason if self.status is mt.TaskStatus.SUSPENDED else None

    @strawberry.field(description="办结情况 (completion summary, 办结)")
    def completion_summary(self: mt.Task) -> str | None:
        return self.completion_summary

    @strawberry.field(description="退回原因 (why verification sent it back, latest)")
    def returned_reason(self: mt.Task) -> str | None:
        return self.returned_reason

    @strawberry.field(description="时间节点 (milestones, by due date)")
    async def milestones(self: mt.Task, info: Info) -> list[Milestone]:
        return await info.context.loaders(load_milestones).load(self.id)

    @strawberry.field(description="进展报告 (progress reports, newest first)")
    async def progress_reports(
        self: mt.Task, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ProgressReport]:
        rows = await info.context.loaders(load_progress_reports).load(self.id)
        return to_connection(paginate_list(rows, first, after))

    @strawberry.field(description="子任务 (sub-tasks, by code)")
    async def subtasks(
        self: mt.Task, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Task]:
        rows = await info.context.loaders(load_subtasks).load(self.id)
        return to_connection(paginate_list(rows, first, after))

    @strawberry.field(description="是否逾期 (overdue now, as flagged by the overdue job)")
    async def is_overdue(self: mt.Task, info: Info) -> bool:
        return await info.context.loaders(load_open_flag_by_subject).load(("Task", self.id)) is not None

    @strawberry.field(description="逾期起始时间 (overdue since: when the overdue job first found it)")
    async def overdue_since(self: mt.Task, info: Info) -> datetime | None:
        flag = await info.context.loaders(load_open_flag_by_subject).load(("Task", self.id))
        return flag.detected_at if flag else None

    @strawberry.field(description="逾期工作日数 (working days overdue, statutory calendar)")
    async def overdue_working_days(self: mt.Task, info: Info) -> int | None:
        flag = await info.context.loaders(load_open_flag_by_subject).load(("Task", self.id))
        return flag.overdue_working_days if flag else None

    @strawberry.field(description="版本号 (version, for expectedVersion)")
    def version(self: mt.Task) -> int:
        return self.version

    @strawberry.field(description="更新时间 (last change)")
    def updated_at(self: mt.Task) -> datetime:
        return self.updated_at

    @strawberry.field(description="事件 (the task's own timeline, oldest first)")
    async def events(self: mt.Task, info: Info) -> list[Event]:
        return await info.context.loaders(load_task_events).load(self.id)


register_node("Plan", load_plans)
register_node("Task", load_tasks)
register_node("Milestone", load_milestones_by_id)
