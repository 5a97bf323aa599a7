"""Interview action: record an interview (约谈) of a unit's head."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.supervision import Interview, InterviewReason
from resolvers.access import Scope, require_role
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.inputs import unit_for_code

__all__ = ["RecordInterview", "record_interview"]


@dataclass
class RecordInterview:
    unit_code: str
    held_on: date
    reason: InterviewReason
    reason_detail: str = ""
    participants: list[str] = field(default_factory=list)
    outcome: str = ""
    follow_up_due_on: date | None = None


async def record_interview(scope: Scope, cmd: RecordInterview) -> Interview:
    require_role(scope.actor, "supervision")
    unit = await unit_for_code(cmd.unit_code, "unitCode")
    if cmd.follow_up_due_on is not None and cmd.follow_up_due_on < cmd.held_on:
        raise UserError(
            ErrorCode.INVALID_DUE_DATE,
            "跟踪整改期限早于约谈日期 (follow-up due before the interview)",
            "followUpDueOn",
        )
    interview = await Interview.create(
        unit=unit,
        held_on=cmd.held_on,
        reason=cmd.reason,
        reason_detail=cmd.reason_detail,
        participants=[p.strip() for p in cmd.participants if p.strip()],
        outcome=cmd.outcome,
        follow_up_due_on=cmd.follow_up_due_on,
        recorded_by=scope.actor.name,
        recorded_at=scope.now(),
    )
    await record_event(
        scope,
        "Interview",
        interview.id,
        "RECORDED",
        f"约谈 {unit.name} ({cmd.reason.value})",
        {"unit": unit.code, "heldOn": cmd.held_on.isoformat()},
    )
    return interview
