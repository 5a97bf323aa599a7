"""Escalation (提级督办): a complaint or an overdue task becomes a supervision item, linked to its origin."""

from __future__ import annotations

from datetime import date, timedelta

from models.calendar import DurationUnit
from models.supervision import SupervisionItem, SupervisionLevel, SupervisionSource
from models.unit import Unit
from resolvers.access import Scope
from resolvers.calendar.queries import deadline, local_tz
from resolvers.complaints import followup
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.supervision.actions import OpenSupervisionItem, open_supervision_item

__all__ = ["DEFAULT_RECTIFICATION_DAYS", "escalate_complaint"]

# Without a deadline from the office, rectification is due in this many working days.
DEFAULT_RECTIFICATION_DAYS = 5


async def _default_due_on(scope: Scope) -> date:
    due = await deadline(scope.now(), DEFAULT_RECTIFICATION_DAYS, DurationUnit.WORKING_DAYS)
    return (due.due_at.astimezone(local_tz()) - timedelta(seconds=1)).date()


async def escalate_complaint(
    scope: Scope, cmd: followup.EscalateComplaint, due_on: date | None = None
) -> SupervisionItem:
    """Record the escalation on the complaint, then open an ESCALATED item for its handling unit."""
    complaint = await followup.escalate_complaint(scope, cmd)
    if complaint.handling_unit_id is None:
        raise UserError(
            ErrorCode.NOT_DISPATCHED,
            "诉求尚未派单，无法确定督办责任单位 (the complaint has no handling unit)",
            "complaintId",
        )
    unit = await Unit.get(id=complaint.handling_unit_id)
    return await open_supervision_item(
        scope,
        OpenSupervisionItem(
            title=f"提级督办：{complaint.title}",
            responsible_unit_code=unit.code,
            due_on=due_on or await _default_due_on(scope),
            source=SupervisionSource.ESCALATED_COMPLAINT,
            level=SupervisionLevel.ESCALATED,
            description=f"{complaint.serial_no}：{cmd.reason}",
            origins=[("Complaint", complaint.id)],
        ),
    )
