"""Ledger actions: create plans and tasks, edit tasks, add and complete milestones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.plan import Plan
from models.task import Milestone, ReportingCadence, Task, TaskCategory, TaskOrigin, UnitRole, code_sort_key
from models.unit import Unit
from resolvers.access import Scope, require_role
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.ledger.common import (
    get_task,
    require_responsible,
    resolve_units,
    set_unit_links,
    task_unit_codes,
)
from resolvers.ledger.queries import MILESTONES
from resolvers.versioning import update_versioned

__all__ = [
    "AddMilestone",
    "CompleteMilestone",
    "CreatePlan",
    "CreateTask",
    "UpdateTask",
    "add_milestone",
    "complete_milestone",
    "create_plan",
    "create_task",
    "update_task",
]


@dataclass
class CreatePlan:
    title: str
    doc_number: str | None = None
    issuing_unit_code: str | None = None
    issued_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None


@dataclass
class CreateTask:
    plan_id: int
    title: str
    category: TaskCategory
    lead_unit_codes: list[str]
    co_unit_codes: list[str] = field(default_factory=list)
    parent_id: int | None = None
    code: str | None = None
    description: str | None = None
    origin: TaskOrigin = TaskOrigin.OTHER
    responsible_leader: str | None = None
    due_on: date | None = None
    target_indicator: str | None = None
    target_value: float | None = None
    target_unit: str | None = None
    reporting_cadence: ReportingCadence = ReportingCadence.NONE


@dataclass
class UpdateTask:
    id: int
    expected_version: int | None = None
    title: str | None = None
    code: str | None = None
    description: str | None = None
    category: TaskCategory | None = None
    origin: TaskOrigin | None = None
    responsible_leader: str | None = None
    due_on: date | None = None
    clear_due_on: bool = False
    lead_unit_codes: list[str] | None = None
    co_unit_codes: list[str] | None = None
    target_indicator: str | None = None
    target_value: float | None = None
    target_unit: str | None = None
    reporting_cadence: ReportingCadence | None = None


@dataclass
class AddMilestone:
    task_id: int
    title: str
    due_on: date


@dataclass
class CompleteMilestone:
    id: int
    expected_version: int | None = None


def _required(value: str | None, field: str, label: str) -> str:
    if value is None or not value.strip():
        raise UserError(ErrorCode.REQUIRED, f"{label}不能为空 ({field} is required)", field)
    return value.strip()


async def create_plan(scope: Scope, cmd: CreatePlan) -> Plan:
    require_role(scope.actor, "plans")
    title = _required(cmd.title, "title", "方案名称")
    if cmd.doc_number and await Plan.exists(doc_number=cmd.doc_number):
        raise UserError(
            ErrorCode.DUPLICATE_DOC_NUMBER,
            f"文号已存在 (document number exists): {cmd.doc_number}",
            "docNumber",
        )
    if cmd.period_start and cmd.period_end and cmd.period_end < cmd.period_start:
        raise UserError(
            ErrorCode.INVALID_PERIOD, "实施期限结束早于开始 (period ends before it starts)", "periodEnd"
        )
    issuer = None
    if cmd.issuing_unit_code:
        issuer = (await resolve_units([cmd.issuing_unit_code], "issuingUnitCode"))[0]
    plan = await Plan.create(
        title=title,
        doc_number=cmd.doc_number or None,
        issuing_unit=issuer,
        issued_on=cmd.issued_on,
        period_start=cmd.period_start,
        period_end=cmd.period_end,
    )
    await record_event(scope, "Plan", plan.id, "CREATED", f"印发方案 {title}", {"docNumber": plan.doc_number})
    return plan


async def _check_parent(plan_id: int, parent_id: int | None) -> None:
    if parent_id is None:
        return
    parent = await Task.get_or_none(id=parent_id).only("id", "plan_id")
    if parent is None:
        raise UserError(ErrorCode.NOT_FOUND, f"上级任务不存在 (unknown parent task): {parent_id}", "parentId")
    if parent.plan_id != plan_id:  # type: ignore[attr-defined]
        raise UserError(
            ErrorCode.PARENT_NOT_IN_PLAN, "上级任务不属于该方案 (parent task is in another plan)", "parentId"
        )


async def _check_code(plan_id: int, code: str | None, own_id: int | None = None) -> None:
    if code and await Task.filter(plan_id=plan_id, code=code).exclude(id=own_id or 0).exists():
        raise UserError(
            ErrorCode.DUPLICATE_CODE, f"方案内序号重复 (code already used in this plan): {code}", "code"
        )


async def _units(leads: list[str], cos: list[str]) -> tuple[list[Unit], list[Unit]]:
    if not leads:
        raise UserError(ErrorCode.REQUIRED, "至少需要一个牵头单位 (at least one lead unit)", "leadUnitCodes")
    return await resolve_units(leads, "leadUnitCodes"), await resolve_units(cos, "coUnitCodes")


async def create_task(scope: Scope, cmd: CreateTask) -> Task:
    require_role(scope.actor, "tasks")
    if not await Plan.exists(id=cmd.plan_id):
        raise UserError(ErrorCode.NOT_FOUND, f"方案不存在 (unknown plan): {cmd.plan_id}", "planId")
    title = _required(cmd.title, "title", "任务名称")
    await _check_parent(cmd.plan_id, cmd.parent_id)
    code = (cmd.code or "").strip() or None
    await _check_code(cmd.plan_id, code)
    leads, cos = await _units(cmd.lead_unit_codes, cmd.co_unit_codes)
    task = await Task.create(
        plan_id=cmd.plan_id,
        parent_id=cmd.parent_id,
        code=code,
        code_key=code_sort_key(code),
        title=title,
        description=cmd.description,
        category=cmd.category,
        origin=cmd.origin,
        responsible_leader=cmd.responsible_leader,
        due_on=cmd.due_on,
        target_indicator=cmd.target_indicator,
        target_value=cmd.target_value,
        target_unit=cmd.target_unit,
        reporting_cadence=cmd.reporting_cadence,
    )
    await set_unit_links(task, leads, cos)
    data = {"code": code, "due_on": _plain(cmd.due_on), **await task_unit_codes(task.id)}
    await record_event(scope, "Task", task.id, "CREATED", f"新建任务 {title}", data)
    return task


_SIMPLE = ("title", "description", "category", "origin", "responsible_leader", "due_on", "reporting_cadence")
_TARGET = ("target_indicator", "target_value", "target_unit")


def _changes(task: Task, cmd: UpdateTask) -> dict[str, object]:
    changes: dict[str, object] = {}
    for name in (*_SIMPLE, *_TARGET):
        value = getattr(cmd, name)
        if value is not None and value != getattr(task, name):
            changes[name] = value.strip() if name == "title" else value
    if cmd.clear_due_on and task.due_on is not None:
        changes["due_on"] = None
    code = (cmd.code or "").strip() or None
    if cmd.code is not None and code != task.code:
        changes["code"], changes["code_key"] = code, code_sort_key(code)
    return changes


async def update_task(scope: Scope, cmd: UpdateTask) -> Task:
    require_role(scope.actor, "tasks")
    task = await get_task(scope.actor, cmd.id)
    if cmd.title is not None:
        _required(cmd.title, "title", "任务名称")
    changes = _changes(task, cmd)
    if "code" in changes:
        await _check_code(task.plan_id, changes["code"], task.id)  # type: ignore[attr-defined, arg-type]
    before_units = await task_unit_codes(task.id)
    if cmd.lead_unit_codes is not None or cmd.co_unit_codes is not None:
        leads, cos = await _units(
            cmd.lead_unit_codes if cmd.lead_unit_codes is not None else before_units["lead"],
            cmd.co_unit_codes if cmd.co_unit_codes is not None else before_units["co"],
        )
        await set_unit_links(task, leads, cos)
    before = {k: _plain(getattr(task, k)) for k in changes}
    await update_versioned(task, cmd.expected_version, **changes)
    after_units = await task_unit_codes(task.id)
    if after_units != before_units:
        before["units"], changes["units"] = before_units, after_units
    after = {k: _plain(v) for k, v in changes.items() if k != "code_key"}
    before.pop("code_key", None)
    await record_event(
        scope, "Task", task.id, "UPDATED", f"修改任务 {task.title}", {"before": before, "after": after}
    )
    return task


async def add_milestone(scope: Scope, cmd: AddMilestone) -> Task:
    require_role(scope.actor, "tasks")
    task = await get_task(scope.actor, cmd.task_id, "taskId")
    title = _required(cmd.title, "title", "节点名称")
    milestone = await Milestone.create(task=task, title=title, due_on=cmd.due_on)
    await update_versioned(task)
    data = {"milestoneId": milestone.id, "title": title, "dueOn": cmd.due_on.isoformat()}
    await record_event(scope, "Task", task.id, "MILESTONE_ADDED", f"新增时间节点 {title}", data)
    return task


async def complete_milestone(scope: Scope, cmd: CompleteMilestone) -> Task:
    require_role(scope.actor, "task_progress")
    missing = UserError(ErrorCode.NOT_FOUND, f"时间节点不存在 (unknown milestone): {cmd.id}", "id")
    milestone = await MILESTONES.get(scope.actor, cmd.id, missing)
    task = await get_task(scope.actor, milestone.task_id, "id")  # type: ignore[attr-defined]
    await require_responsible(scope, task, (UnitRole.LEAD,), missing)
    if milestone.completed_at is not None:
        raise UserError(
            ErrorCode.ALREADY_COMPLETED,
            f"时间节点已完成 (milestone already completed): {milestone.title}",
            "id",
        )
    await update_versioned(milestone, cmd.expected_version, completed_at=scope.now())
    await update_versioned(task)
    data = {"milestoneId": milestone.id, "completedAt": scope.now().isoformat()}
    await record_event(scope, "Task", task.id, "MILESTONE_COMPLETED", f"完成时间节点 {milestone.title}", data)
    return task


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, TaskCategory | TaskOrigin):
        return value.value
    return value
