"""Parts of a complaint: its SLA breaches, dispatch history and return visits; runtime objects are rows."""

from __future__ import annotations

from datetime import datetime

import strawberry

from models import complaint as m
from resolvers.complaints.loaders import load_sla_policies
from resolvers.units.loaders import load_units
from schema.complaints.enterprise_types import SlaPolicy
from schema.complaints.enums import SatisfactionEnum, SlaStageEnum
from schema.context import Info
from schema.units.types import Unit

__all__ = ["ComplaintDispatch", "ReturnVisit", "SlaBreach"]


@strawberry.type(description="违约记录 (an SLA breach: a stage met late, or unmet past its deadline)")
class SlaBreach:
    stage: SlaStageEnum = strawberry.field(description="环节 (stage)")
    due_at: datetime = strawberry.field(description="期限 (deadline)")
    met_at: datetime | None = strawberry.field(description="完成时间 (when it was met; null: still unmet)")
    detected_at: datetime | None = strawberry.field(
        description="发现时间 (when the breach was flagged: met late → the meeting time; unmet → null until the overdue job flags it)"
    )


@strawberry.type(description="派单记录 (one dispatch 派单 and its return 退单, if any)")
class ComplaintDispatch:
    @strawberry.field(description="承办单位 (handling unit)")
    async def unit(self: m.ComplaintDispatch, info: Info) -> Unit:
        return await info.context.loaders(load_units).load(self.unit_id)  # type: ignore[attr-defined]

    @strawberry.field(description="时限标准 (SLA policy)")
    async def sla_policy(self: m.ComplaintDispatch, info: Info) -> SlaPolicy:
        return await info.context.loaders(load_sla_policies).load(self.sla_policy_id)  # type: ignore[attr-defined]

    dispatched_at: datetime = strawberry.field(description="派单时间 (dispatched at)")

    dispatched_by: str = strawberry.field(description="派单人 (dispatched by)")

    returned_at: datetime | None = strawberry.field(description="退单时间 (returned at; null: not returned)")

    return_reason: str | None = strawberry.field(description="退单理由 (return reason)")


@strawberry.type(description="回访 (a return visit after resolution)")
class ReturnVisit:
    visited_at: datetime = strawberry.field(description="回访时间 (visited at)")

    visited_by: str = strawberry.field(description="回访人 (visited by)")

    satisfaction: SatisfactionEnum = strawberry.field(description="满意度 (satisfaction)")

    problem_solved: bool = strawberry.field(description="问题是否解决 (problem solved)")

    comments: str | None = strawberry.field(description="回访意见 (comments)")
