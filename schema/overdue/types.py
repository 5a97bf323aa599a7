"""`OverdueFlag` and `OverdueKind`; runtime objects are `models.overdue.OverdueFlag` rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry

from models import overdue as m
from models.by_id import load_by_id
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from resolvers.units.loaders import load_units
from schema.context import Info
from schema.enums import described_enum
from schema.node import Node, encode_id, readable_or_none, register_node
from schema.units.types import Unit

__all__ = ["OverdueFlag", "OverdueKindCount", "OverdueKindEnum"]

OverdueKindEnum = described_enum(
    m.OverdueKind,
    "逾期事项类型 (kind of overdue thing)",
    {
        "TASK": "任务逾期 (a task past its due date, not completed)",
        "MILESTONE": "时间节点逾期 (a milestone past due, not completed)",
        "COMPLAINT_STAGE": "诉求办理环节超时 (a complaint SLA stage: contact, reply or resolve)",
        "SUPERVISION_ITEM": "督办整改逾期 (a supervision item past its rectification deadline)",
        "RECOMMENDATION": "纪检监察建议逾期未回复 (a recommendation past its reply deadline; inspectors only)",
        "REPORT_MISSING": "进展未按期报送 (an open task with a reporting cadence and no progress report in the last completed week, month or quarter)",
    },
)


@strawberry.type(description="某类逾期的数量 (how many open overdue flags of one kind)")
class OverdueKindCount:
    kind: OverdueKindEnum = strawberry.field(description="类型 (kind)")
    count: int = strawberry.field(description="数量 (open flags)")


async def load_flags(ids: Sequence[int]) -> list[m.OverdueFlag | None]:
    return await load_by_id(m.OverdueFlag, ids)


def _subject_id(flag: m.OverdueFlag) -> strawberry.ID:
    return encode_id(flag.subject_type, flag.subject_id)


@strawberry.type(
    description="逾期标记 (an overdue flag written by the overdue job; kept after it is cleared)"
)
class OverdueFlag(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.OverdueFlag)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.OverdueFlag) -> strawberry.ID:  # type: ignore[override]
        return encode_id("OverdueFlag", self.id)

    @strawberry.field(description="类型 (kind)")
    def kind(self: m.OverdueFlag) -> OverdueKindEnum:
        return self.kind

    @strawberry.field(
        description="诉求环节 (complaint SLA stage: CONTACT, REPLY, RESOLVE; null for other kinds)"
    )
    def stage(self: m.OverdueFlag) -> str | None:
        return self.stage or None

    @strawberry.field(description="逾期对象 (the task, milestone, complaint … that is overdue)")
    async def subject(self: m.OverdueFlag, info: Info) -> Node:
        subject = await readable_or_none(info, _subject_id(self))
        if subject is None:
            # The `overdue` list scopes flags by their unit: a complaint since dispatched elsewhere
            # keeps its old flags there. The flag is already known; what it points at is not shown.
            raise RequestError(
                ErrorCode.FORBIDDEN, "无权查看逾期对象 (not allowed to read the overdue subject)"
            )
        return subject

    @strawberry.field(description="责任单位 (responsible unit: lead unit or handling unit)")
    async def unit(self: m.OverdueFlag, info: Info) -> Unit | None:
        return await info.context.loaders(load_units).load(self.unit_id) if self.unit_id else None

    @strawberry.field(description="截止时间 (the deadline that was missed)")
    def due_at(self: m.OverdueFlag) -> datetime:
        return self.due_at

    @strawberry.field(description="发现时间 (when the job first found it overdue)")
    def detected_at(self: m.OverdueFlag) -> datetime:
        return self.detected_at

    @strawberry.field(
        description="逾期工作日数 (working days overdue, statutory calendar; recomputed each run)"
    )
    def overdue_working_days(self: m.OverdueFlag) -> int:
        return self.overdue_working_days

    @strawberry.field(description="解除时间 (when it stopped being overdue: met late, completed, extended)")
    def cleared_at(self: m.OverdueFlag) -> datetime | None:
        return self.cleared_at


register_node("OverdueFlag", load_flags)
