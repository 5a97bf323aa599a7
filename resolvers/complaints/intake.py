"""Intake (受理): receiving a complaint idempotently with a gap-free daily serial number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.complaint import (
    Complaint,
    ComplaintChannel,
    ComplaintKind,
    ComplaintScope,
    ComplaintStatus,
)
from models.enterprise import Enterprise
from models.settings import load_settings
from resolvers.access import Scope, require_role
from resolvers.complaints.enterprises import RegisterEnterprise, find_or_register
from resolvers.counters import next_number
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event

__all__ = ["ReceiveComplaint", "next_serial_no", "receive_complaint"]

SERIAL_PREFIX = "QY"


@dataclass
class ReceiveComplaint:
    channel: ComplaintChannel
    kind: ComplaintKind
    title: str
    content: str
    external_ref: str | None = None
    enterprise_id: int | None = None
    credit_code: str | None = None
    new_enterprise: RegisterEnterprise | None = None
    scope: ComplaintScope = ComplaintScope.INDIVIDUAL
    received_at: datetime | None = None


async def next_serial_no(received_at: datetime) -> str:
    """QY + local date + 4-digit sequence, from the gap-free counter `complaint:<day>` (taken inside
    the intake's transaction: concurrent intakes queue on the day's row, a rolled-back intake gives
    its number back)."""
    day = received_at.astimezone(load_settings().tz).strftime("%Y%m%d")
    return f"{SERIAL_PREFIX}{day}{await next_number(f'complaint:{day}'):04d}"


async def _enterprise(scope: Scope, cmd: ReceiveComplaint) -> Enterprise:
    if cmd.enterprise_id is not None:
        found = await Enterprise.get_or_none(id=cmd.enterprise_id)
    elif cmd.credit_code:
        found = await Enterprise.get_or_none(credit_code=cmd.credit_code.strip().upper())
    elif cmd.new_enterprise is not None:
        return await find_or_register(scope, cmd.new_enterprise)
    else:
        raise UserError(
            ErrorCode.ENTERPRISE_REQUIRED,
            "须指定企业：ID、信用代码或新企业信息 (give enterpriseId, creditCode or newEnterprise)",
            "enterpriseId",
        )
    if found is None:
        raise UserError(ErrorCode.UNKNOWN_ENTERPRISE, "企业不存在 (unknown enterprise)", "enterpriseId")
    return found


def _validate(cmd: ReceiveComplaint, now: datetime) -> None:
    if not cmd.title.strip():
        raise UserError(ErrorCode.REQUIRED, "标题不能为空 (title must not be blank)", "title")
    if not cmd.content.strip():
        raise UserError(ErrorCode.REQUIRED, "内容不能为空 (content must not be blank)", "content")
    if cmd.received_at is not None and cmd.received_at > now:
        raise UserError(
            ErrorCode.INVALID_TIME, "受理时间不能晚于当前时间 (receivedAt is in the future)", "receivedAt"
        )
    if cmd.external_ref is not None and not cmd.external_ref.strip():
        raise UserError(
            ErrorCode.REQUIRED, "外部编号不能为空白 (externalRef must not be blank)", "externalRef"
        )


async def _create(scope: Scope, cmd: ReceiveComplaint) -> Complaint:
    enterprise = await _enterprise(scope, cmd)
    received_at = cmd.received_at or scope.now()
    complaint = await Complaint.create(
        serial_no=await next_serial_no(received_at),
        channel=cmd.channel,
        external_ref=cmd.external_ref,
        enterprise=enterprise,
        kind=cmd.kind,
        scope=cmd.scope,
        title=cmd.title.strip(),
        content=cmd.content,
        received_at=received_at,
        status=ComplaintStatus.RECEIVED,
    )
    await record_event(
        scope,
        "Complaint",
        complaint.id,
        "RECEIVED",
        f"受理诉求 {complaint.serial_no}",
        {"channel": cmd.channel.value, "externalRef": cmd.external_ref, "enterpriseId": enterprise.id},
    )
    return complaint


async def _existing(cmd: ReceiveComplaint) -> Complaint | None:
    if cmd.external_ref is None:
        return None
    return await Complaint.get_or_none(channel=cmd.channel, external_ref=cmd.external_ref)


async def receive_complaint(scope: Scope, cmd: ReceiveComplaint) -> Complaint:
    """Idempotent on (channel, externalRef): a retried or concurrent duplicate returns the first complaint."""
    require_role(scope.actor, "complaint_intake")
    _validate(cmd, scope.now())
    for attempt in range(2):
        if (existing := await _existing(cmd)) is not None:
            return existing
        try:
            # A savepoint: a concurrent twin's unique violation rolls back only this attempt.
            async with in_transaction():
                return await _create(scope, cmd)
        except IntegrityError:
            # Either the twin committed the same (channel, externalRef), or a new enterprise with
            # the same credit code: the next attempt finds the complaint or reuses the enterprise.
            if attempt == 1:
                raise
    raise AssertionError("unreachable")
