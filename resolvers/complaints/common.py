"""Shared steps of complaint actions: loading, the handling-unit check, guarded transitions with events."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from models.complaint import Complaint
from models.complaint_rules import ACTIONS, can
from resolvers.access import Actor, Scope
from resolvers.complaints.queries import COMPLAINTS
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.versioning import update_versioned

__all__ = ["check_transition", "get_complaint", "handled_complaint", "plain", "transition"]

ACTION_NAMES = {
    "dispatch": "派单 (dispatch)",
    "return": "退单 (return)",
    "contact": "联系 (contact)",
    "reply": "初步回复 (first reply)",
    "resolve": "办结 (resolve)",
    "visit": "回访 (return visit)",
    "close": "结案 (close)",
    "reopen": "重办 (reopen)",
    "withdraw": "撤回 (withdraw)",
    "escalate": "提级督办 (escalate)",
    "extend": "延期 (extension)",
}


def _unknown(pk: int, field: str) -> UserError:
    return UserError(ErrorCode.NOT_FOUND, f"诉求不存在 (unknown complaint): {pk}", field)


async def get_complaint(actor: Actor, pk: int, field: str = "complaintId") -> Complaint:
    """The complaint an action names. One the actor may not see (a unit operator's: not dispatched to
    its subtree) is answered exactly as a missing one (NOT_FOUND), never FORBIDDEN."""
    return await COMPLAINTS.get(actor, pk, _unknown(pk, field))


# Handling is open to the same complaints as reading (the complaints' one row rule).
handled_complaint = get_complaint


def check_transition(complaint: Complaint, action: str) -> None:
    if not can(action, complaint.status):
        allowed = ", ".join(sorted(s.value for s in ACTIONS[action][0]))
        raise UserError(
            ErrorCode.INVALID_TRANSITION,
            f"当前状态 {complaint.status.value} 不能{ACTION_NAMES[action]}"
            f" (cannot {action} a complaint in status {complaint.status.value}; allowed from {allowed})",
            "complaintId",
        )


def plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


async def transition(
    scope: Scope,
    complaint: Complaint,
    action: str,
    expected_version: int | None,
    summary: str,
    data: dict[str, Any] | None = None,
    **changes: Any,
) -> Complaint:
    """Apply an action's changes (and its target status) under the status guard and optimistic lock."""
    check_transition(complaint, action)
    target = ACTIONS[action][1]
    if target is not None:
        changes["status"] = target
    before = {k: plain(getattr(complaint, k)) for k in changes}
    await update_versioned(complaint, expected_version, **changes)
    after = {k: plain(v) for k, v in changes.items()}
    await record_event(
        scope,
        "Complaint",
        complaint.id,
        action.upper(),
        summary,
        {"before": before, "after": after, **(data or {})},
    )
    return complaint
