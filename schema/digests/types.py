"""`Digest`, its items and summary; runtime objects are `models.digest.Digest` rows and plain dicts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import strawberry

from models import digest as m
from models.auth import Role
from models.by_id import load_by_id
from models.delivery import DigestDelivery as DeliveryRow
from resolvers.audit.verify import Checkpoint
from resolvers.units.loaders import load_units
from schema.audit.types import AuditCheckpoint
from schema.context import Info
from schema.enums import described_enum
from schema.node import Node, encode_id, readable_or_none, register_node
from schema.units.types import Unit
from schema.viewer import RoleEnum

__all__ = ["Digest", "DigestPeriodEnum"]

DigestPeriodEnum = described_enum(
    m.DigestPeriod,
    "提醒周期 (digest period)",
    {
        "DAILY": "日提醒 (each working day morning, make-up Saturdays included, never on a holiday)",
        "WEEKLY": "周调度 (first working day of the week)",
        "MONTHLY": "月总结 (first working day of the month)",
    },
)


@strawberry.type(description="提醒条目 (one item of a digest)")
class DigestItem:
    raw: strawberry.Private[dict[str, Any]]

    @strawberry.field(
        description="类别 (DUE_SOON 即将到期, NEWLY_OVERDUE 新增逾期, STILL_OVERDUE 持续逾期, LIAISON 帮包企业诉求)"
    )
    def category(self) -> str:
        return self.raw["category"]

    @strawberry.field(description="事项类型 (TASK, MILESTONE, COMPLAINT_STAGE, LIAISON_OPEN_COMPLAINT, …)")
    def kind(self) -> str:
        return self.raw["kind"]

    @strawberry.field(description="诉求环节 (complaint stage, if any)")
    def stage(self) -> str | None:
        return self.raw.get("stage")

    @strawberry.field(description="事项全局 ID (global id of the subject)")
    def subject_id(self) -> strawberry.ID:
        return encode_id(self.raw["subjectType"], self.raw["subjectId"])

    @strawberry.field(description="事项 (the subject; null if the caller may not read it)")
    async def subject(self, info: Info) -> Node | None:
        return await readable_or_none(info, encode_id(self.raw["subjectType"], self.raw["subjectId"]))

    @strawberry.field(description="截止时间 (deadline)")
    def due_at(self) -> datetime:
        return datetime.fromisoformat(self.raw["dueAt"])

    @strawberry.field(description="逾期工作日数 (working days overdue when the digest was written)")
    def overdue_working_days(self) -> int:
        return self.raw.get("overdueWorkingDays", 0)

    @strawberry.field(description="责任单位 (responsible unit)")
    async def unit(self, info: Info) -> Unit | None:
        return (
            await info.context.loaders(load_units).load(self.raw["unitId"])
            if self.raw.get("unitId")
            else None
        )


@strawberry.type(description="单位逾期数 (overdue count of one unit)")
class DigestUnitCount:
    unit_id: strawberry.Private[int]
    overdue: int = strawberry.field(description="逾期事项数 (open overdue items)")

    @strawberry.field(description="单位 (unit)")
    async def unit(self, info: Info) -> Unit | None:
        return await info.context.loaders(load_units).load(self.unit_id)


@strawberry.type(description="提醒汇总 (digest summary)")
class DigestSummary:
    due_soon: int = strawberry.field(description="即将到期 (due within the next working days)")
    newly_overdue: int = strawberry.field(description="新增逾期 (overdue since the previous digest)")
    still_overdue: int = strawberry.field(description="持续逾期 (still overdue)")
    liaison_open: int = strawberry.field(
        default=0,
        description="帮包企业未办结诉求 (open complaints of the enterprises whose liaison cadre is of this unit)",
    )
    by_unit: list[DigestUnitCount] = strawberry.field(
        description="按单位汇总 (roll-up by unit; office digests)"
    )
    audit_checkpoint: AuditCheckpoint | None = strawberry.field(
        default=None,
        description=(
            "审计链检查点 (the audit chain's head when the digest was written: the inspectors' daily "
            "digest; keep it outside the database and pass it to `audit verify --checkpoint`)"
        ),
    )


@strawberry.type(description="推送记录 (one webhook delivery of a digest and its outcome)")
class DigestDelivery:
    url: str = strawberry.field(description="推送地址 (webhook URL)")
    status: str = strawberry.field(description="状态 (PENDING, DELIVERED, FAILED)")
    attempts: int = strawberry.field(description="尝试次数 (attempts so far)")
    last_status: int | None = strawberry.field(description="最近一次 HTTP 状态码 (last HTTP status)")
    last_error: str | None = strawberry.field(description="最近一次错误 (last error)")
    next_attempt_at: datetime = strawberry.field(description="下次尝试时间 (next attempt, while pending)")
    delivered_at: datetime | None = strawberry.field(description="送达时间 (delivered at)")


async def load_deliveries(digest_ids: Sequence[int]) -> list[list[DigestDelivery]]:
    grouped: dict[int, list[DigestDelivery]] = {i: [] for i in digest_ids}
    for row in await DeliveryRow.filter(digest_id__in=set(digest_ids)).order_by("id"):
        grouped[row.digest_id].append(
            DigestDelivery(
                url=row.url,
                status=row.status.value,
                attempts=row.attempts,
                last_status=row.last_status,
                last_error=row.last_error,
                next_attempt_at=row.next_attempt_at,
                delivered_at=row.delivered_at,
            )
        )
    return [grouped[i] for i in digest_ids]


async def load_digests(ids: Sequence[int]) -> list[m.Digest | None]:
    return await load_by_id(m.Digest, ids)


@strawberry.type(
    description="提醒 (a digest sent to a unit or role: what was due soon, overdue, for the record)"
)
class Digest(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Digest)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Digest) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Digest", self.id)

    @strawberry.field(description="周期 (period)")
    def period(self: m.Digest) -> DigestPeriodEnum:
        return self.period

    @strawberry.field(description="周期起始日 (the day it was issued for)")
    def period_start(self: m.Digest) -> date:
        return self.period_start

    @strawberry.field(description="接收单位 (recipient unit)")
    async def recipient_unit(self: m.Digest, info: Info) -> Unit | None:
        return (
            await info.context.loaders(load_units).load(self.recipient_unit_id)
            if self.recipient_unit_id
            else None
        )

    @strawberry.field(description="接收角色 (recipient role: the supervision office or the inspectors)")
    def recipient_role(self: m.Digest) -> RoleEnum | None:
        return Role(self.recipient_role) if self.recipient_role else None

    @strawberry.field(description="生成时间 (generated at)")
    def generated_at(self: m.Digest) -> datetime:
        return self.generated_at

    @strawberry.field(description="条目 (items)")
    def items(self: m.Digest) -> list[DigestItem]:
        return [DigestItem(raw=i) for i in self.items]

    @strawberry.field(description="汇总 (summary counts)")
    def summary(self: m.Digest) -> DigestSummary:
        s = self.summary
        by_unit = [DigestUnitCount(unit_id=u["unitId"], overdue=u["overdue"]) for u in s.get("byUnit", [])]
        checkpoint = s.get("auditCheckpoint")
        return DigestSummary(
            due_soon=s["dueSoon"],
            newly_overdue=s["newlyOverdue"],
            still_overdue=s["stillOverdue"],
            liaison_open=s.get("liaisonOpen", 0),
            by_unit=by_unit,
            audit_checkpoint=AuditCheckpoint.of(Checkpoint(**checkpoint)) if checkpoint else None,
        )

    @strawberry.field(
        description="推送记录 (webhook deliveries and their outcome; empty when delivery is off)"
    )
    async def deliveries(self: m.Digest, info: Info) -> list[DigestDelivery]:
        return await info.context.loaders(load_deliveries).load(self.id)

    @strawberry.field(description="确认时间 (acknowledged at)")
    def acknowledged_at(self: m.Digest) -> datetime | None:
        return self.acknowledged_at

    @strawberry.field(description="确认人 (acknowledged by: token holder's name)")
    def acknowledged_by(self: m.Digest) -> str | None:
        return self.acknowledged_by


register_node("Digest", load_digests)
