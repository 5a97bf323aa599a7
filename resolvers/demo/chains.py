"""Two demo chains for `trace`: an escalated complaint, and an overdue task, each ending in sanctions."""

from __future__ import annotations

from models.link import Link, LinkRelation
from models.supervision import SupervisionLevel, SupervisionSource
from models.task import Task, TaskStatus
from resolvers.access import Scope
from resolvers.demo.supervision import discipline_chain
from resolvers.inputs import local_today
from resolvers.supervision import actions

__all__ = ["seed"]


async def _reject_once(scope: Scope, item_id: int, text: str) -> None:
    await actions.submit_rectification(scope, actions.SubmitRectification(item_id, text))
    await actions.verify_rectification(
        scope, actions.VerifyRectification(item_id, False, "整改不到位，企业仍不满意")
    )


async def _complaint_chain(scope: Scope) -> None:
    """The complaint escalated after repeated complaints (工程款被拖欠) → its item → a case."""
    link = await Link.filter(from_type="Complaint", relation=LinkRelation.ESCALATED_TO).order_by("id").first()
    if link is None:
        return
    await _reject_once(scope, link.to_id, "已督促建设单位制定还款计划")
    await discipline_chain(
        scope,
        link.to_id,
        "DY.DYQ",
        "拖欠企业工程款问题多次督办仍未解决，推诿扯皮",
        [("王某", "区住建局局长"), ("赵某", "区住建局副局长")],
        11,
    )


async def _task_chain(scope: Scope) -> None:
    """The longest-overdue open task → an item opened from it → a case."""
    today = local_today(scope)
    open_statuses = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
    task = await Task.filter(due_on__lt=today, status__in=open_statuses).order_by("due_on", "id").first()
    if task is None:
        return
    lead = await task.unit_links.filter(role="LEAD").order_by("position").first().prefetch_related("unit")
    item = await actions.open_supervision_item(
        scope,
        actions.OpenSupervisionItem(
            title=f"任务逾期督办：{task.title}",
            responsible_unit_code=lead.unit.code,
            due_on=today,
            source=SupervisionSource.OVERDUE_TASK,
            level=SupervisionLevel.KEY,
            description="该任务逾期未完成，列为重点督办事项",
            origins=[("Task", task.id)],
        ),
    )
    await _reject_once(scope, item.id, "已召开专题会议研究推进")
    await discipline_chain(
        scope,
        item.id,
        lead.unit.code,
        "重点任务逾期未完成，敷衍应付、慢作为",
        [("孙某", "科长"), ("周某", "副科长")],
        21,
    )


async def seed(scope: Scope) -> None:
    await _complaint_chain(scope)
    await _task_chain(scope)
