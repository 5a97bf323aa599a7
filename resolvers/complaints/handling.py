"""Handling (办理): dispatch under an SLA policy, return (退单), contact, first reply, resolution."""

from __future__ import annotations

from dataclasses import dataclass

from models.complaint import Complaint, ComplaintDispatch, SlaPolicy, SlaStage
from models.complaint_rules import in_time
from models.unit import Unit
from resolvers.access import Scope, require_role
from resolvers.complaints.common import check_transition, get_complaint, handled_complaint, transition
from resolvers.complaints.sla import DEFAULT_POLICY_CODE, policy_dues
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError

__all__ = [
    "DispatchComplaint",
    "RecordStage",
    "ResolveComplaint",
    "ReturnComplaint",
    "dispatch_complaint",
    "record_contact",
    "record_reply",
    "resolve_complaint",
    "return_complaint",
    "withdraw_complaint",
]

# A return or a re-dispatch clears every stage's clock; the dispatch history keeps the earlier ones.
CLEARED_CLOCKS = {
    "contact_due_at": None,
    "contacted_at": None,
    "contact_in_time": None,
    "reply_due_at": None,
    "replied_at": None,
    "reply_in_time": None,
    "resolve_started_at": None,
    "resolve_due_at": None,
    "resolved_at": None,
    "resolve_in_time": None,
    "deadline_provisional": False,
}


@dataclass
class DispatchComplaint:
    complaint_id: int
    unit_code: str
    policy_code: str | None = None
    expected_version: int | None = None


@dataclass
class ReturnComplaint:
    complaint_id: int
    reason: str
    expected_version: int | None = None


@dataclass
class RecordStage:
    complaint_id: int
    note: str | None = None
    expected_version: int | None = None


@dataclass
class ResolveComplaint:
    complaint_id: int
    handling_result: str
    is_reasonable: bool
    expected_version: int | None = None


def _required(text: str | None, field: str, label: str) -> str:
    if text is None or not text.strip():
        raise UserError(ErrorCode.REQUIRED, f"{label}不能为空 ({field} must not be blank)", field)
    return text.strip()


async def dispatch_complaint(scope: Scope, cmd: DispatchComplaint) -> Complaint:
    """派单: names the handling unit and the SLA policy and starts the three clocks from now."""
    require_role(scope.actor, "complaint_intake")
    complaint = await get_complaint(scope.actor, cmd.complaint_id)
    check_transition(complaint, "dispatch")
    unit = await Unit.get_or_none(code=cmd.unit_code, active=True)
    if unit is None:
        raise UserError(ErrorCode.UNKNOWN_UNIT, f"承办单位不存在 (unknown unit): {cmd.unit_code}", "unitCode")
    code = cmd.policy_code or DEFAULT_POLICY_CODE
    policy = await SlaPolicy.get_or_none(code=code)
    if policy is None:
        raise UserError(
            ErrorCode.UNKNOWN_POLICY, f"时限标准不存在 (unknown SLA policy): {code}", "policyCode"
        )
    now = scope.now()
    dues = await policy_dues(policy, now, (SlaStage.CONTACT, SlaStage.REPLY, SlaStage.RESOLVE))
    await ComplaintDispatch.create(
        complaint=complaint, unit=unit, sla_policy=policy, dispatched_at=now, dispatched_by=scope.actor.name
    )
    clocks = {
        **CLEARED_CLOCKS,
        "handling_unit_id": unit.id,
        "sla_policy_id": policy.id,
        "dispatched_at": now,
        "resolve_started_at": now,
        "contact_due_at": dues[0].due_at,
        "reply_due_at": dues[1].due_at,
        "resolve_due_at": dues[2].due_at,
        "deadline_provisional": any(d.provisional for d in dues),
    }
    summary = f"派单至 {unit.name}（{policy.code}）"
    data = {"unitCode": unit.code, "policyCode": policy.code}
    return await transition(scope, complaint, "dispatch", cmd.expected_version, summary, data, **clocks)


async def return_complaint(scope: Scope, cmd: ReturnComplaint) -> Complaint:
    """退单: the unit hands a mis-dispatched complaint back for reassignment; the clocks stop."""
    require_role(scope.actor, "complaint_handling")
    complaint = await handled_complaint(scope.actor, cmd.complaint_id)
    check_transition(complaint, "return")
    reason = _required(cmd.reason, "reason", "退单理由")
    now = scope.now()
    await ComplaintDispatch.filter(complaint_id=complaint.id, returned_at=None).update(
        returned_at=now, returned_by=scope.actor.name, return_reason=reason
    )
    return await transition(
        scope,
        complaint,
        "return",
        cmd.expected_version,
        f"退单：{reason}",
        {"reason": reason, "unitId": complaint.handling_unit_id},
        **CLEARED_CLOCKS,
        handling_unit_id=None,
        dispatched_at=None,
    )


async def _meet(scope: Scope, cmd: RecordStage, action: str, stage: str, label: str) -> Complaint:
    require_role(scope.actor, "complaint_handling")
    complaint = await handled_complaint(scope.actor, cmd.complaint_id)
    now = scope.now()
    on_time = in_time(now, getattr(complaint, f"{stage}_due_at"))
    met_column = {"contact": "contacted_at", "reply": "replied_at"}[stage]
    return await transition(
        scope,
        complaint,
        action,
        cmd.expected_version,
        f"{label}{'（按时）' if on_time else '（超时）'}",
        {"note": cmd.note},
        **{met_column: now, f"{stage}_in_time": on_time},
    )


async def record_contact(scope: Scope, cmd: RecordStage) -> Complaint:
    """联系: the unit contacted the enterprise or arrived on site (the 2-hour stage)."""
    return await _meet(scope, cmd, "contact", "contact", "已联系企业")


async def record_reply(scope: Scope, cmd: RecordStage) -> Complaint:
    """初步回复: the first reply (the 1-working-day stage)."""
    return await _meet(scope, cmd, "reply", "reply", "已初步回复")


async def resolve_complaint(scope: Scope, cmd: ResolveComplaint) -> Complaint:
    """办结/服务确认: the handling result and whether the complaint was reasonable (合理诉求)."""
    require_role(scope.actor, "complaint_handling")
    complaint = await handled_complaint(scope.actor, cmd.complaint_id)
    result = _required(cmd.handling_result, "handlingResult", "办理结果")
    now = scope.now()
    # False already: a late extension moved a deadline that had passed, and that breach stays.
    on_time = False if complaint.resolve_in_time is False else in_time(now, complaint.resolve_due_at)
    return await transition(
        scope,
        complaint,
        "resolve",
        cmd.expected_version,
        f"办结{'（按时）' if on_time else '（超时）'}",
        None,
        handling_result=result,
        is_reasonable=cmd.is_reasonable,
        resolved_at=now,
        resolve_in_time=on_time,
        first_resolved_at=complaint.first_resolved_at or now,
    )


async def withdraw_complaint(scope: Scope, cmd: ReturnComplaint) -> Complaint:
    """撤回: the enterprise withdraws its complaint before handling starts; the clocks stop."""
    require_role(scope.actor, "complaint_intake")
    complaint = await get_complaint(scope.actor, cmd.complaint_id)
    reason = _required(cmd.reason, "reason", "撤回原因")
    return await transition(
        scope, complaint, "withdraw", cmd.expected_version, f"撤回：{reason}", {"reason": reason}
    )
