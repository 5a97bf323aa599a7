"""Follow-up (回访 / 重办 / 提级督办 / 延期): return visits, reopening, escalation, deadline extensions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from models.complaint import (
    Complaint,
    Extension,
    ExtensionStatus,
    ReturnVisit,
    Satisfaction,
    SlaPolicy,
    SlaStage,
)
from models.complaint_rules import is_late_extension
from resolvers.access import Scope, require_role
from resolvers.complaints.common import check_transition, get_complaint, handled_complaint, plain, transition
from resolvers.complaints.queries import EXTENSIONS
from resolvers.complaints.sla import policy_dues
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.versioning import update_versioned

__all__ = [
    "DecideExtension",
    "EscalateComplaint",
    "RecordReturnVisit",
    "ReopenComplaint",
    "RequestExtension",
    "decide_extension",
    "escalate_complaint",
    "record_return_visit",
    "reopen_complaint",
    "request_extension",
]


SATISFIED = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED})


@dataclass
class RecordReturnVisit:
    complaint_id: int
    satisfaction: Satisfaction
    problem_solved: bool
    comments: str | None = None
    close: bool | None = None
    expected_version: int | None = None


@dataclass
class ReopenComplaint:
    complaint_id: int
    reason: str
    expected_version: int | None = None


@dataclass
class EscalateComplaint:
    complaint_id: int
    reason: str
    expected_version: int | None = None


@dataclass
class RequestExtension:
    complaint_id: int
    requested_due_at: datetime
    reason: str


@dataclass
class DecideExtension:
    extension_id: int
    approve: bool
    reason: str | None = None
    expected_version: int | None = None


def _reason(text: str | None, field: str = "reason") -> str:
    if text is None or not text.strip():
        raise UserError(ErrorCode.REQUIRED, f"理由不能为空 ({field} must not be blank)", field)
    return text.strip()


async def record_return_visit(scope: Scope, cmd: RecordReturnVisit) -> Complaint:
    """回访: closes the complaint when (basically) satisfied or when `close` says so; else VISITED."""
    require_role(scope.actor, "return_visits")
    complaint = await get_complaint(scope.actor, cmd.complaint_id)
    check_transition(complaint, "visit")
    now = scope.now()
    closes = cmd.close if cmd.close is not None else cmd.satisfaction in SATISFIED
    await ReturnVisit.create(
        complaint=complaint,
        visited_at=now,
        visited_by=scope.actor.name,
        satisfaction=cmd.satisfaction,
        problem_solved=cmd.problem_solved,
        comments=cmd.comments,
    )
    return await transition(
        scope,
        complaint,
        "close" if closes else "visit",
        cmd.expected_version,
        f"回访：{cmd.satisfaction.value}{'，结案' if closes else ''}",
        {"comments": cmd.comments},
        satisfaction=cmd.satisfaction,
        problem_solved=cmd.problem_solved,
        visited_at=now,
    )


async def reopen_complaint(scope: Scope, cmd: ReopenComplaint) -> Complaint:
    """重办: a new resolve deadline counted from now under the complaint's policy; reopenCount + 1."""
    require_role(scope.actor, "complaint_reopen")
    complaint = await get_complaint(scope.actor, cmd.complaint_id)
    check_transition(complaint, "reopen")
    reason = _reason(cmd.reason)
    policy = await SlaPolicy.get(id=complaint.sla_policy_id)
    (due,) = await policy_dues(policy, scope.now(), (SlaStage.RESOLVE,))
    return await transition(
        scope,
        complaint,
        "reopen",
        cmd.expected_version,
        f"重办（第 {complaint.reopen_count + 1} 次）：{reason}",
        {"reason": reason},
        reopen_count=complaint.reopen_count + 1,
        resolve_started_at=scope.now(),
        resolve_due_at=due.due_at,
        resolved_at=None,
        resolve_in_time=None,
        deadline_provisional=complaint.deadline_provisional or due.provisional,
    )


async def escalate_complaint(scope: Scope, cmd: EscalateComplaint) -> Complaint:
    """提级督办: recorded on the complaint (escalatedAt, an event); the status does not change.

    `resolvers.supervision.escalation.escalate_complaint` calls this, then opens the supervision item."""
    require_role(scope.actor, "escalation")
    complaint = await get_complaint(scope.actor, cmd.complaint_id)
    reason = _reason(cmd.reason)
    if complaint.escalated_at is not None:
        raise UserError(
            ErrorCode.ALREADY_ESCALATED,
            f"该诉求已提级督办 (already escalated at {complaint.escalated_at})",
            "complaintId",
        )
    return await transition(
        scope,
        complaint,
        "escalate",
        cmd.expected_version,
        f"提级督办：{reason}",
        {"reason": reason},
        escalated_at=scope.now(),
    )


async def request_extension(scope: Scope, cmd: RequestExtension) -> Extension:
    """延期申请: the handling unit asks for a later resolve deadline; one pending request at a time."""
    require_role(scope.actor, "extension_request")
    complaint = await handled_complaint(scope.actor, cmd.complaint_id)
    check_transition(complaint, "extend")
    reason = _reason(cmd.reason)
    if complaint.resolve_due_at is None or cmd.requested_due_at <= complaint.resolve_due_at:
        raise UserError(
            ErrorCode.INVALID_DUE,
            "申请的期限须晚于当前办结期限 (requestedDueAt must be after resolveDueAt)",
            "requestedDueAt",
        )
    if await Extension.exists(complaint_id=complaint.id, status=ExtensionStatus.PENDING):
        raise UserError(
            ErrorCode.EXTENSION_PENDING,
            "已有待审批的延期申请 (an extension request is pending)",
            "complaintId",
        )
    extension = await Extension.create(
        complaint=complaint,
        requested_by_unit_id=complaint.handling_unit_id,
        requested_by=scope.actor.name,
        requested_at=scope.now(),
        previous_due_at=complaint.resolve_due_at,
        requested_due_at=cmd.requested_due_at,
        reason=reason,
    )
    data = {"extensionId": extension.id, "requestedDueAt": plain(cmd.requested_due_at), "reason": reason}
    await record_event(scope, "Complaint", complaint.id, "EXTENSION_REQUESTED", f"申请延期：{reason}", data)
    return extension


async def _approve(scope: Scope, complaint: Complaint, extension: Extension) -> None:
    """The deadline moves; asked for after it had passed, the resolve stage keeps its breach (not in time)."""
    late = is_late_extension(extension)
    verdict = {"resolve_in_time": False} if late else {}
    note = "（逾期后申请，原期限违约保留 (requested after the deadline: the breach stays)）" if late else ""
    await transition(
        scope,
        complaint,
        "extend",
        None,
        f"延期获批，办结期限改为 {extension.requested_due_at.isoformat()}{note}",
        {"extensionId": extension.id, "late": late},
        resolve_due_at=extension.requested_due_at,
        **verdict,
    )


async def decide_extension(scope: Scope, cmd: DecideExtension) -> Extension:
    """延期审批: approval moves the resolve deadline to the requested one; a refusal leaves it unchanged."""
    require_role(scope.actor, "extension_decision")
    missing = UserError(
        ErrorCode.NOT_FOUND, f"延期申请不存在 (unknown extension): {cmd.extension_id}", "extensionId"
    )
    extension = await EXTENSIONS.get(scope.actor, cmd.extension_id, missing)
    if extension.status is not ExtensionStatus.PENDING:
        raise UserError(
            ErrorCode.ALREADY_DECIDED,
            f"该申请已审批 (already decided: {extension.status.value})",
            "extensionId",
        )
    if not cmd.approve:
        _reason(cmd.reason)
    status = ExtensionStatus.APPROVED if cmd.approve else ExtensionStatus.REJECTED
    complaint = await get_complaint(scope.actor, extension.complaint_id, "extensionId")
    if cmd.approve:
        await _approve(scope, complaint, extension)
    else:
        await record_event(
            scope,
            "Complaint",
            complaint.id,
            "EXTENSION_REJECTED",
            f"延期未获批：{cmd.reason}",
            {"extensionId": extension.id},
        )
    await update_versioned(
        extension,
        cmd.expected_version,
        status=status,
        decided_by=scope.actor.name,
        decided_at=scope.now(),
        decision_reason=cmd.reason,
    )
    return extension
