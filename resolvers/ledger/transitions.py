"""Task status changes (start, suspend, resume, 办结, 销号 or send back) and progress reports (进展)."""

from __future__ import annotations

from dataclasses import dataclass

from models.task import ProgressReport, Task, TaskStatus, TaskUnit, UnitRole
from models.task_rules import TaskAction, next_status
from resolvers.access import Scope, require_role
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError, UserError
from resolvers.events import record_event
from resolvers.ledger.common import get_task, require_responsible, task_not_found
from resolvers.versioning import update_versioned

__all__ = [
    "CompleteTask",
    "ReportProgress",
    "TaskTransition",
    "VerifyTask",
    "complete_task",
    "report_progress",
    "resume_task",
    "start_task",
    "suspend_task",
    "verify_task",
]

STATUS_ZH = {
    TaskStatus.NOT_STARTED: "未开始",
    TaskStatus.IN_PROGRESS: "推进中",
    TaskStatus.COMPLETED: "已办结",
    TaskStatus.VERIFIED: "已销号",
    TaskStatus.SUSPENDED: "已暂停",
}


@dataclass
class TaskTransition:
    id: int
    expected_version: int | None = None
    reason: str | None = None


@dataclass
class CompleteTask:
    id: int
    summary: str
    expected_version: int | None = None


@dataclass
class VerifyTask:
    id: int
    accept: bool
    reason: str | None = None
    expected_version: int | None = None


@dataclass
class ReportProgress:
    task_id: int
    text: str
    percent: int
    actual_value: float | None = None
    unit_code: str | None = None


def _target(task: Task, action: TaskAction) -> TaskStatus:
    new = next_status(task.status, action, task.resume_status)
    if new is None:
        raise UserError(
            ErrorCode.INVALID_TRANSITION,
            f"任务当前状态为{STATUS_ZH[task.status]}，不能执行该操作 "
            f"(cannot {action.value} a task in status {task.status.value})",
            "id",
        )
    return new


def _reason(reason: str | None, label: str) -> str:
    if reason is None or not reason.strip():
        raise UserError(ErrorCode.REQUIRED, f"{label}不能为空 (a reason is required)", "reason")
    return reason.strip()


async def _move(
    scope: Scope, task: Task, action: TaskAction, expected: int | None, summary: str, **changes: object
) -> Task:
    new = _target(task, action)
    old = task.status
    await update_versioned(task, expected, status=new, **changes)
    data = {
        "before": {"status": old.value},
        "after": {"status": new.value, **{k: v for k, v in changes.items() if isinstance(v, str)}},
    }
    await record_event(scope, "Task", task.id, action.value, summary, data)
    return task


async def start_task(scope: Scope, cmd: TaskTransition) -> Task:
    require_role(scope.actor, "task_progress")
    task = await get_task(scope.actor, cmd.id)
    await require_responsible(scope, task, (UnitRole.LEAD,), task_not_found(cmd.id))
    return await _move(scope, task, TaskAction.START, cmd.expected_version, f"启动任务 {task.title}")


async def suspend_task(scope: Scope, cmd: TaskTransition) -> Task:
    require_role(scope.actor, "tasks")
    task = await get_task(scope.actor, cmd.id)
    reason = _reason(cmd.reason, "暂停原因")
    _target(task, TaskAction.SUSPEND)
    return await _move(
        scope,
        task,
        TaskAction.SUSPEND,
        cmd.expected_version,
        f"暂停任务 {task.title}：{reason}",
        resume_status=task.status,
        suspended_reason=reason,
    )


async def resume_task(scope: Scope, cmd: TaskTransition) -> Task:
    require_role(scope.actor, "tasks")
    task = await get_task(scope.actor, cmd.id)
    return await _move(
        scope, task, TaskAction.RESUME, cmd.expected_version, f"恢复任务 {task.title}", resume_status=None
    )


async def complete_task(scope: Scope, cmd: CompleteTask) -> Task:
    require_role(scope.actor, "task_progress")
    task = await get_task(scope.actor, cmd.id)
    await require_responsible(scope, task, (UnitRole.LEAD,), task_not_found(cmd.id))
    summary = _reason(cmd.summary, "办结情况")
    return await _move(
        scope,
        task,
        TaskAction.COMPLETE,
        cmd.expected_version,
        f"办结任务 {task.title}",
        completion_summary=summary,
    )


async def verify_task(scope: Scope, cmd: VerifyTask) -> Task:
    require_role(scope.actor, "task_verification")
    task = await get_task(scope.actor, cmd.id)
    if cmd.accept:
        return await _move(scope, task, TaskAction.VERIFY, cmd.expected_version, f"销号 {task.title}")
    _target(task, TaskAction.SEND_BACK)
    reason = _reason(cmd.reason, "退回原因")
    return await _move(
        scope,
        task,
        TaskAction.SEND_BACK,
        cmd.expected_version,
        f"退回重办 {task.title}：{reason}",
        returned_reason=reason,
    )


async def _reporting_unit(scope: Scope, task: Task, unit_code: str | None) -> int:
    """The lead or co unit the report speaks for; a unit operator's must lie in its own subtree."""
    # The task came through the tasks' listing (`get_task`): the actor may see it.
    links = await TaskUnit.filter(task_id=task.id).select_related("unit").order_by("role", "position")
    if unit_code is not None:
        links = [x for x in links if x.unit.code == unit_code]
        if not links:
            raise UserError(
                ErrorCode.NOT_RESPONSIBLE_UNIT,
                f"该单位不是任务的牵头或责任单位 (not a responsible unit): {unit_code}",
                "unitCode",
            )
    if scope.actor.unit_scoped:
        links = [x for x in links if scope.actor.sees_unit(x.unit.path)]
        if not links:
            raise RequestError(
                ErrorCode.FORBIDDEN, f"本单位不是该任务的牵头或责任单位 (not responsible for task {task.id})"
            )
    if not links:
        raise UserError(
            ErrorCode.NOT_RESPONSIBLE_UNIT, "任务没有责任单位 (the task has no responsible unit)", "unitCode"
        )
    return links[0].unit_id  # type: ignore[attr-defined, no-any-return]


async def report_progress(scope: Scope, cmd: ReportProgress) -> Task:
    """A progress report; the first one on a task not yet started starts it."""
    require_role(scope.actor, "task_progress")
    task = await get_task(scope.actor, cmd.task_id, "taskId")
    unit_id = await _reporting_unit(scope, task, cmd.unit_code)
    if not 0 <= cmd.percent <= 100:
        raise UserError(
            ErrorCode.INVALID_PERCENT,
            f"进度须在 0 到 100 之间 (percent must be 0-100): {cmd.percent}",
            "percent",
        )
    text = _reason(cmd.text, "进展情况")
    if task.status not in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS):
        raise UserError(
            ErrorCode.INVALID_TRANSITION,
            f"任务当前状态为{STATUS_ZH[task.status]}，不能报送进展 (cannot report progress in status {task.status.value})",
            "taskId",
        )
    report = await ProgressReport.create(
        task=task,
        unit_id=unit_id,
        text=text,
        percent=cmd.percent,
        actual_value=cmd.actual_value,
        reported_at=scope.now(),
        actor=scope.actor.name,
    )
    changes: dict[str, object] = {"progress_percent": cmd.percent, "status": TaskStatus.IN_PROGRESS}
    if cmd.actual_value is not None:
        changes["actual_value"] = cmd.actual_value
    old = task.status
    await update_versioned(task, **changes)
    data = {
        "reportId": report.id,
        "percent": cmd.percent,
        "actualValue": cmd.actual_value,
        "statusBefore": old.value,
    }
    await record_event(scope, "Task", task.id, "PROGRESS_REPORTED", f"报送进展 {cmd.percent}%：{text}", data)
    return task
