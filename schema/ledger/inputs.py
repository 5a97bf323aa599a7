"""Ledger inputs: filters, orderings and mutation inputs, each converting to a plain command."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.ledger import actions
from schema.commands import command, node_id
from schema.ledger.enums import (
    OrderDirectionEnum,
    ReportingCadenceEnum,
    TaskCategoryEnum,
    TaskOrderFieldEnum,
    TaskOriginEnum,
    TaskStatusEnum,
)

__all__ = [
    "AddMilestoneInput",
    "CompleteMilestoneInput",
    "CompleteTaskInput",
    "CreatePlanInput",
    "CreateTaskInput",
    "ReportProgressInput",
    "TaskFilter",
    "TaskOrder",
    "TaskTransitionInput",
    "UpdateTaskInput",
    "VerifyTaskInput",
]


def _field(description: str, default: object = None) -> object:
    return strawberry.field(default=default, description=description)


@strawberry.input(description="任务筛选 (task filter); all given conditions must hold")
class TaskFilter:
    plan_id: strawberry.ID | None = node_id("Plan", default=None, description="所属方案 (plan id)")
    parent_id: strawberry.ID | None = node_id(
        "Task", default=None, description="上级任务 (direct sub-tasks of this task)"
    )
    top_level: bool | None = _field("仅顶级任务 (true: without parent; false: sub-tasks only)")
    category: list[TaskCategoryEnum] | None = _field("分类 (any of these categories)")
    status: list[TaskStatusEnum] | None = _field("状态 (any of these statuses)")
    lead_unit_code: str | None = _field("牵头单位编码 (lead unit)")
    co_unit_code: str | None = _field("责任单位编码 (co-responsible unit)")
    unit_code: str | None = _field("任一责任单位编码 (lead or co unit)")
    include_descendants: bool = _field("含下级单位 (unit filters include the units below)", True)
    due_before: date | None = _field("时限不晚于 (due on or before)")
    due_after: date | None = _field("时限不早于 (due on or after)")
    overdue: bool | None = _field("当前是否逾期 (overdue now, the stored flag)")
    title_contains: str | None = _field("名称包含 (title contains)")


@strawberry.input(description="任务排序 (task ordering); ties are broken by id")
class TaskOrder:
    field: TaskOrderFieldEnum = strawberry.field(description="排序字段 (field)")
    direction: OrderDirectionEnum = _field("方向 (direction)", OrderDirectionEnum.ASC)  # type: ignore[assignment]


@strawberry.input(description="新建方案 (create a plan)")
class CreatePlanInput:
    title: str = strawberry.field(description="方案名称 (title)")
    doc_number: str | None = _field("文号 (document number, unique)")
    issuing_unit_code: str | None = _field("印发单位编码 (issuing unit)")
    issued_on: date | None = _field("印发日期 (issue date)")
    period_start: date | None = _field("实施期限起 (period start)")
    period_end: date | None = _field("实施期限止 (period end)")


@strawberry.input(description="量化目标 (quantitative target)")
class TaskTargetInput:
    indicator: str | None = _field("指标 (indicator)")
    target_value: float | None = _field("目标值 (target value)")
    unit_of_measure: str | None = _field("计量单位 (unit of measure)")


def _target(t: TaskTargetInput | None) -> dict[str, object]:
    """The one hand-written part of CreateTask/UpdateTask: the command (like the task table and the
    ledger file's columns) holds the target as three flat `target_*` fields."""
    if t is None:
        return {}
    return {"target_indicator": t.indicator, "target_value": t.target_value, "target_unit": t.unit_of_measure}


@strawberry.input(description="新建任务 (create a task)")
class CreateTaskInput:
    plan_id: strawberry.ID = node_id("Plan", description="所属方案 (plan id)")
    title: str = strawberry.field(description="任务名称 (title)")
    category: TaskCategoryEnum = strawberry.field(description="分类 (category)")
    lead_unit_codes: list[str] = strawberry.field(description="牵头单位编码 (lead units, at least one)")
    co_unit_codes: list[str] = strawberry.field(
        default_factory=list, description="责任单位编码 (co-responsible units)"
    )
    parent_id: strawberry.ID | None = node_id(
        "Task", default=None, description="上级任务 (parent task, same plan)"
    )
    code: str | None = _field("序号 (code within the plan, unique)")
    description: str | None = _field("任务内容 (description)")
    origin: TaskOriginEnum = _field("来源 (origin)", TaskOriginEnum.OTHER)  # type: ignore[assignment]
    responsible_leader: str | None = _field("分管领导 (responsible leader)")
    due_on: date | None = _field("完成时限 (due date; omit for 长期坚持)")
    target: TaskTargetInput | None = _field("量化目标 (quantitative target)")
    reporting_cadence: ReportingCadenceEnum = _field(  # type: ignore[assignment, valid-type]
        "进展报送周期 (required reporting cadence)", ReportingCadenceEnum.NONE
    )

    def to_command(self) -> actions.CreateTask:
        return command(self, actions.CreateTask, unused=("target",), **_target(self.target))


@strawberry.input(description="修改任务 (update a task); omitted fields stay as they are")
class UpdateTaskInput:
    id: strawberry.ID = node_id("Task", description="任务 (task id)")
    expected_version: int | None = _field("读取时的版本 (version read; STALE_VERSION if changed)")
    title: str | None = _field("任务名称 (title)")
    code: str | None = _field("序号 (code within the plan)")
    description: str | None = _field("任务内容 (description)")
    category: TaskCategoryEnum | None = _field("分类 (category)")
    origin: TaskOriginEnum | None = _field("来源 (origin)")
    responsible_leader: str | None = _field("分管领导 (responsible leader)")
    due_on: date | None = _field("完成时限 (due date)")
    clear_due_on: bool = _field("清除时限 (make it undated: 长期坚持)", False)  # type: ignore[assignment]
    lead_unit_codes: list[str] | None = _field("牵头单位编码 (replace the lead units)")
    co_unit_codes: list[str] | None = _field("责任单位编码 (replace the co units)")
    target: TaskTargetInput | None = _field("量化目标 (quantitative target; given parts replace)")
    reporting_cadence: ReportingCadenceEnum | None = _field(  # type: ignore[valid-type]
        "进展报送周期 (required reporting cadence)"
    )

    def to_command(self) -> actions.UpdateTask:
        return command(self, actions.UpdateTask, unused=("target",), **_target(self.target))


@strawberry.input(description="新增时间节点 (add a milestone)")
class AddMilestoneInput:
    task_id: strawberry.ID = node_id("Task", description="任务 (task id)")
    title: str = strawberry.field(description="节点内容 (title)")
    due_on: date = strawberry.field(description="节点时限 (due date)")


@strawberry.input(description="完成时间节点 (complete a milestone; a lead unit)")
class CompleteMilestoneInput:
    id: strawberry.ID = node_id("Milestone", description="时间节点 (milestone id)")
    expected_version: int | None = _field("读取时的版本 (milestone version read)")


@strawberry.input(description="任务状态变更 (start, suspend or resume a task)")
class TaskTransitionInput:
    id: strawberry.ID = node_id("Task", description="任务 (task id)")
    expected_version: int | None = _field("读取时的版本 (version read)")
    reason: str | None = _field("原因 (reason; required to suspend)")


@strawberry.input(description="办结任务 (complete a task: lead unit, with a summary)")
class CompleteTaskInput:
    id: strawberry.ID = node_id("Task", description="任务 (task id)")
    summary: str = strawberry.field(description="办结情况 (completion summary)")
    expected_version: int | None = _field("读取时的版本 (version read)")


@strawberry.input(description="销号或退回 (verify: accept → 销号, or send back to in progress with a reason)")
class VerifyTaskInput:
    id: strawberry.ID = node_id("Task", description="任务 (task id)")
    accept: bool = strawberry.field(description="是否通过 (true: 销号; false: 退回重办)")
    reason: str | None = _field("退回原因 (reason; required when sending back)")
    expected_version: int | None = _field("读取时的版本 (version read)")


@strawberry.input(description="报送进展 (report progress: a lead or co unit)")
class ReportProgressInput:
    task_id: strawberry.ID = node_id("Task", description="任务 (task id)")
    text: str = strawberry.field(description="进展情况 (what was done)")
    percent: int = strawberry.field(description="完成进度 (percent, 0-100)")
    actual_value: float | None = _field("目标实际值 (actual value of the target)")
    unit_code: str | None = _field("报送单位编码 (reporting unit; defaults to the caller's responsible unit)")
