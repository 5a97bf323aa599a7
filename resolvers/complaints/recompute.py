"""When a year's calendar is loaded, provisional complaint deadlines are recomputed (and recorded)."""

from __future__ import annotations

from typing import Any

from models.complaint import Complaint, Extension, ExtensionStatus, SlaPolicy
from models.complaint_rules import OPEN_STATUSES
from resolvers.access import Scope
from resolvers.complaints.common import plain
from resolvers.complaints.sla import stage_due
from resolvers.events import record_event
from resolvers.versioning import update_versioned

__all__ = ["recompute_provisional_deadlines"]


async def _new_dues(
    complaint: Complaint, policy: SlaPolicy, fixed_resolve: bool
) -> tuple[dict[str, Any], bool]:
    """Recomputed due times of the stages not yet met, from when each clock started."""
    changes: dict[str, Any] = {}
    provisional = False
    stages = [
        ("contact", complaint.contacted_at, complaint.dispatched_at),
        ("reply", complaint.replied_at, complaint.dispatched_at),
        ("resolve", complaint.resolved_at, None if fixed_resolve else complaint.resolve_started_at),
    ]
    for stage, met_at, started_at in stages:
        if met_at is not None or started_at is None:
            continue
        due_at, still = await stage_due(
            started_at, getattr(policy, f"{stage}_amount"), getattr(policy, f"{stage}_unit")
        )
        provisional = provisional or still
        if due_at != getattr(complaint, f"{stage}_due_at"):
            changes[f"{stage}_due_at"] = due_at
    return changes, provisional


async def recompute_provisional_deadlines(scope: Scope, year: int) -> int:
    """Hook of `on_calendar_loaded`: open complaints with provisional deadlines get them recomputed."""
    touched = 0
    rows = await Complaint.filter(deadline_provisional=True, status__in=list(OPEN_STATUSES))
    for complaint in rows:
        policy = await SlaPolicy.get(id=complaint.sla_policy_id)
        fixed = await Extension.exists(complaint_id=complaint.id, status=ExtensionStatus.APPROVED)
        changes, provisional = await _new_dues(complaint, policy, fixed)
        before = {k: plain(getattr(complaint, k)) for k in changes}
        await update_versioned(complaint, None, **changes, deadline_provisional=provisional)
        await record_event(
            scope,
            "Complaint",
            complaint.id,
            "DEADLINES_RECOMPUTED",
            f"载入 {year} 年工作日历后重算期限 (deadlines recomputed after loading {year})",
            {
                "before": before,
                "after": {k: plain(v) for k, v in changes.items()},
                "provisional": provisional,
            },
        )
        touched += 1
    return touched
