"""Supervision item actions: open (from any origin node), report rectification, verify, extend the deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.link import LinkRelation
from models.supervision import (
    Rectification,
    RectificationVerdict,
    SupervisionExtension,
    SupervisionItem,
    SupervisionLevel,
    SupervisionSource,
    SupervisionStatus,
    may_transition,
)
from resolvers.access import Scope, require_role
from resolvers.counters import next_number
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.inputs import local_today, require_text, unit_for_code
from resolvers.links import add_link
from resolvers.supervision.queries import SUPERVISION_ITEMS
from resolvers.versioning import update_versioned

__all__ = [
    "ExtendSupervisionItem",
    "OpenSupervisionItem",
    "SubmitRectification",
    "VerifyRectification",
    "extend_supervision_item",
    "open_supervision_item",
    "submit_rectification",
    "verify_rectification",
]

ITEM = "SupervisionItem"


@dataclass
class OpenSupervisionItem:
    title: str
    responsible_unit_code: str
    due_on: date
    source: SupervisionSource = SupervisionSource.OTHER
    level: SupervisionLevel = SupervisionLevel.ORDINARY
    description: str = ""
    supervising_unit_code: str | None = None
    # The nodes it was opened from, as (type name, id): e.g. [("Complaint", 7)] or [("Task", 3)].
    origins: list[tuple[str, int]] = field(default_factory=list)
    inspection_id: int | None = None


@dataclass
class SubmitRectification:
    item_id: int
    text: str
    measures: str = ""
    evidence: list[str] = field(default_factory=list)
    expected_version: int | None = None


@dataclass
class VerifyRectification:
    item_id: int
    accept: bool
    reason: str | None = None
    expected_version: int | None = None


@dataclass
class ExtendSupervisionItem:
    item_id: int
    new_due_on: date
    reason: str
    expected_version: int | None = None


async def open_supervision_item(scope: Scope, cmd: OpenSupervisionItem) -> SupervisionItem:
    """Open an item and link every origin to it (a Finding by OPENED_AS, anything else by ESCALATED_TO)."""
    require_role(scope.actor, "supervision")
    title = require_text(cmd.title, "title", "督办事项标题")
    responsible = await unit_for_code(cmd.responsible_unit_code, "responsibleUnitCode")
    supervising = (
        await unit_for_code(cmd.supervising_unit_code, "supervisingUnitCode")
        if cmd.supervising_unit_code
        else None
    )
    today = local_today(scope)
    if cmd.due_on < today:
        raise UserError(
            ErrorCode.INVALID_DUE_DATE, f"整改期限不能早于今天 (deadline {cmd.due_on} is past)", "dueOn"
        )
    number = await next_number(f"supervision:{today.year}")
    item = await SupervisionItem.create(
        serial=f"DB{today.year}-{number:04d}",
        title=title,
        description=cmd.description,
        source=cmd.source,
        level=cmd.level,
        responsible_unit=responsible,
        supervising_unit=supervising,
        inspection_id=cmd.inspection_id,
        due_on=cmd.due_on,
        opened_by=scope.actor.name,
    )
    for origin_type, origin_id in cmd.origins:
        relation = LinkRelation.OPENED_AS if origin_type == "Finding" else LinkRelation.ESCALATED_TO
        await add_link(scope, origin_type, origin_id, relation, ITEM, item.id)
    await record_event(
        scope,
        ITEM,
        item.id,
        "OPENED",
        f"立项督办 {item.serial} {title}，责任单位 {responsible.name}，限 {cmd.due_on} 前整改",
        {"source": cmd.source.value, "level": cmd.level.value, "dueOn": cmd.due_on.isoformat()},
    )
    return item


def _missing_item(item_id: int) -> UserError:
    return UserError(ErrorCode.NOT_FOUND, f"督办事项不存在 (no supervision item {item_id})", "itemId")


async def _item(scope: Scope, item_id: int) -> SupervisionItem:
    """The item an action names: one the actor may not see is answered as a missing one."""
    return await SUPERVISION_ITEMS.get(scope.actor, item_id, _missing_item(item_id))


def _transition(item: SupervisionItem, target: SupervisionStatus) -> None:
    if not may_transition(item.status, target):
        raise UserError(
            ErrorCode.INVALID_TRANSITION,
            f"督办事项状态为 {item.status.value}，不能转为 {target.value} (invalid transition)",
            "itemId",
        )


async def submit_rectification(scope: Scope, cmd: SubmitRectification) -> SupervisionItem:
    require_role(scope.actor, "rectification")
    item = await _item(scope, cmd.item_id)
    _transition(item, SupervisionStatus.REPORTED)
    text = require_text(cmd.text, "text", "整改报告")
    before = item.status.value
    await update_versioned(item, cmd.expected_version, status=SupervisionStatus.REPORTED)
    report = await Rectification.create(
        item=item,
        text=text,
        measures=cmd.measures,
        evidence=list(cmd.evidence),
        submitted_at=scope.now(),
        submitted_by=scope.actor.name,
    )
    await record_event(
        scope,
        ITEM,
        item.id,
        "RECTIFICATION_SUBMITTED",
        f"报送整改报告 (rectification reported): {text[:100]}",
        {"before": before, "after": item.status.value, "rectificationId": report.id},
    )
    return item


async def verify_rectification(scope: Scope, cmd: VerifyRectification) -> SupervisionItem:
    """Accept (销号, CLOSED) or reject with a reason (back to RECTIFYING)."""
    require_role(scope.actor, "supervision")
    item = await _item(scope, cmd.item_id)
    target = SupervisionStatus.CLOSED if cmd.accept else SupervisionStatus.RECTIFYING
    _transition(item, target)
    reason = cmd.reason.strip() if cmd.reason else None
    if not cmd.accept and not reason:
        raise UserError(
            ErrorCode.REASON_REQUIRED, "退回整改须说明理由 (a rejection needs a reason)", "reason"
        )
    now = scope.now()
    await update_versioned(item, cmd.expected_version, status=target, closed_at=now if cmd.accept else None)
    verdict = RectificationVerdict.ACCEPTED if cmd.accept else RectificationVerdict.REJECTED
    await Rectification.filter(item_id=item.id, verdict=None).update(
        verdict=verdict, verdict_reason=reason, verified_at=now, verified_by=scope.actor.name
    )
    summary = "核查通过，销号 (accepted and closed)" if cmd.accept else f"退回整改 (rejected): {reason}"
    await record_event(
        scope,
        ITEM,
        item.id,
        f"RECTIFICATION_{verdict.value}",
        summary,
        {"before": SupervisionStatus.REPORTED.value, "after": target.value, "reason": reason},
    )
    return item


async def extend_supervision_item(scope: Scope, cmd: ExtendSupervisionItem) -> SupervisionItem:
    require_role(scope.actor, "supervision")
    item = await _item(scope, cmd.item_id)
    if item.status is SupervisionStatus.CLOSED:
        raise UserError(ErrorCode.INVALID_TRANSITION, "已销号的事项不能延期 (the item is closed)", "itemId")
    reason = require_text(cmd.reason, "reason", "延期理由")
    if cmd.new_due_on <= item.due_on:
        raise UserError(
            ErrorCode.INVALID_DUE_DATE, f"新期限须晚于原期限 {item.due_on} (must be later)", "newDueOn"
        )
    old = item.due_on
    await update_versioned(item, cmd.expected_version, due_on=cmd.new_due_on)
    await SupervisionExtension.create(
        item=item,
        old_due_on=old,
        new_due_on=cmd.new_due_on,
        reason=reason,
        at=scope.now(),
        actor=scope.actor.name,
    )
    await record_event(
        scope,
        ITEM,
        item.id,
        "DEADLINE_EXTENDED",
        f"延期至 {cmd.new_due_on} (deadline extended): {reason}",
        {"before": old.isoformat(), "after": cmd.new_due_on.isoformat(), "reason": reason},
    )
    return item
