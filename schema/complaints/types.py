"""The `Complaint` type and its parts (dispatches, return visit, breaches, extensions); runtime objects are rows.

Plain columns are attribute fields, read without a resolver call (a page of 100 complaints resolves
some 1,500 fields); methods are for computed values and related rows. Related rows come from the
request's loaders, already primed for a page by `complaint_connection`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry

from models import complaint as m
from models.complaint_rules import complaint_breaches
from resolvers.complaints import queries as _listings  # noqa: F401  (registers the listings)
from resolvers.complaints.loaders import (
    load_complaint_dispatches,
    load_complaint_events,
    load_complaint_extensions,
    load_complaints,
    load_enterprises,
    load_extensions,
    load_latest_return_visits,
    load_sla_policies,
)
from resolvers.units.loaders import load_units
from schema.complaints.enterprise_types import Enterprise, SlaPolicy
from schema.complaints.enums import (
    ComplaintChannelEnum,
    ComplaintKindEnum,
    ComplaintScopeEnum,
    ComplaintStatusEnum,
    ExtensionStatusEnum,
)
from schema.complaints.parts import ComplaintDispatch, ReturnVisit, SlaBreach
from schema.context import Info
from schema.events import Event
from schema.node import Node, encode_id, register_node
from schema.units.types import Unit

__all__ = ["Complaint", "Extension"]


@strawberry.type(description="企业诉求 (an enterprise complaint under SLA clocks)")
class Complaint(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Complaint)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Complaint) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Complaint", self.id)

    serial_no: str = strawberry.field(description="诉求编号 (serial number, e.g. QY202611240001)")

    channel: ComplaintChannelEnum = strawberry.field(description="渠道 (channel)")

    external_ref: str | None = strawberry.field(
        description="外部编号 (reference in the channel's own system; unique per channel)"
    )

    kind: ComplaintKindEnum = strawberry.field(description="类别 (kind)")

    scope: ComplaintScopeEnum = strawberry.field(description="问题性质 (individual or systemic)")

    title: str = strawberry.field(description="标题 (title)")

    content: str = strawberry.field(description="诉求内容 (content)")

    @strawberry.field(description="诉求企业 (the enterprise)")
    def enterprise(self: m.Complaint, info: Info) -> Enterprise:
        return info.context.loaders.ready(load_enterprises, self.enterprise_id)  # type: ignore[attr-defined]

    received_at: datetime = strawberry.field(description="受理时间 (received at)")

    @strawberry.field(description="承办单位 (handling unit; null until dispatched or after a return)")
    def handling_unit(self: m.Complaint, info: Info) -> Unit | None:
        unit_id = self.handling_unit_id  # type: ignore[attr-defined]
        return None if unit_id is None else info.context.loaders.ready(load_units, unit_id)

    dispatched_at: datetime | None = strawberry.field(description="派单时间 (dispatched at)")

    @strawberry.field(description="时限标准 (SLA policy)")
    async def sla_policy(self: m.Complaint, info: Info) -> SlaPolicy | None:
        policy_id = self.sla_policy_id  # type: ignore[attr-defined]
        return None if policy_id is None else await info.context.loaders(load_sla_policies).load(policy_id)

    status: ComplaintStatusEnum = strawberry.field(description="状态 (status)")

    handling_result: str | None = strawberry.field(description="办理结果 (handling result)")

    is_reasonable: bool | None = strawberry.field(
        description="是否合理诉求 (reasonable complaint 合理诉求; judged at resolution)"
    )

    contact_due_at: datetime | None = strawberry.field(description="联系期限 (contact deadline)")

    contacted_at: datetime | None = strawberry.field(description="联系时间 (contacted at)")

    contact_in_time: bool | None = strawberry.field(
        description="是否按时联系 (contact in time; null until contacted)"
    )

    reply_due_at: datetime | None = strawberry.field(description="初步回复期限 (first-reply deadline)")

    replied_at: datetime | None = strawberry.field(description="初步回复时间 (replied at)")

    reply_in_time: bool | None = strawberry.field(
        description="是否按时回复 (reply in time; null until replied)"
    )

    resolve_due_at: datetime | None = strawberry.field(
        description="办结期限 (resolve deadline; restarts at reopen, moves on an approved extension)"
    )

    resolved_at: datetime | None = strawberry.field(description="办结时间 (resolved at; cleared by a reopen)")

    resolve_in_time: bool | None = strawberry.field(
        description="是否按时办结 (resolved in time; null until resolved)"
    )

    @strawberry.field(description="最近一次回访 (latest return visit)")
    async def return_visit(self: m.Complaint, info: Info) -> ReturnVisit | None:
        return await info.context.loaders(load_latest_return_visits).load(self.id)

    reopen_count: int = strawberry.field(description="重办次数 (times reopened 重办)")

    escalated_at: datetime | None = strawberry.field(
        description="提级督办时间 (escalated to the supervision office at)"
    )

    @strawberry.field(description="违约环节 (breaches: stages met late or unmet past their deadline, now)")
    def breaches(self: m.Complaint, info: Info) -> list[SlaBreach]:
        if self.resolve_in_time is False:
            # Resolve stage not in time: perhaps a deadline a late extension moved; its breach is on
            # the extension. Only these complaints wait for the batched extensions (the rest stay on
            # the executor's short path).
            return _breaches_after_extensions(self, info)  # type: ignore[return-value]
        return _breaches(self, info, ())

    @strawberry.field(description="是否逾期 (overdue: a stage unmet past its deadline, now)")
    def is_overdue(self: m.Complaint, info: Info) -> bool:
        return any(b.met_at is None for b in complaint_breaches(self, info.context.scope.now()))

    deadline_provisional: bool = strawberry.field(
        description="期限是否暂定 (deadline provisional: a year's calendar was not loaded)"
    )

    @strawberry.field(description="派单记录 (dispatch history, returns included)")
    async def dispatches(self: m.Complaint, info: Info) -> list[ComplaintDispatch]:
        return await info.context.loaders(load_complaint_dispatches).load(self.id)

    @strawberry.field(description="延期申请 (extension requests)")
    async def extensions(self: m.Complaint, info: Info) -> list[Extension]:
        return await info.context.loaders(load_complaint_extensions).load(self.id)

    @strawberry.field(description="事件时间线 (its own timeline)")
    async def events(self: m.Complaint, info: Info) -> list[Event]:
        return await info.context.loaders(load_complaint_events).load(self.id)

    version: int = strawberry.field(description="版本号 (version, for expectedVersion)")


def _breaches(complaint: m.Complaint, info: Info, extensions: Sequence[m.Extension]) -> list[SlaBreach]:
    found = complaint_breaches(complaint, info.context.scope.now(), extensions)
    return [SlaBreach(stage=b.stage, due_at=b.due_at, met_at=b.met_at, detected_at=b.met_at) for b in found]


async def _breaches_after_extensions(complaint: m.Complaint, info: Info) -> list[SlaBreach]:
    extensions = await info.context.loaders(load_complaint_extensions).load(complaint.id)
    return _breaches(complaint, info, extensions)


@strawberry.type(description="延期申请 (a deadline extension request 延期)")
class Extension(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Extension)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Extension) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Extension", self.id)

    @strawberry.field(description="所属诉求 (the complaint)")
    async def complaint(self: m.Extension, info: Info) -> Complaint:
        return await info.context.loaders(load_complaints).load(self.complaint_id)  # type: ignore[attr-defined]

    @strawberry.field(description="申请单位 (requesting unit)")
    async def requested_by_unit(self: m.Extension, info: Info) -> Unit:
        return await info.context.loaders(load_units).load(self.requested_by_unit_id)  # type: ignore[attr-defined]

    requested_by: str = strawberry.field(description="申请人 (requested by)")

    requested_at: datetime = strawberry.field(description="申请时间 (requested at)")

    previous_due_at: datetime = strawberry.field(description="原办结期限 (resolve deadline before)")

    requested_due_at: datetime = strawberry.field(description="申请的办结期限 (requested resolve deadline)")

    reason: str = strawberry.field(description="申请理由 (reason)")

    status: ExtensionStatusEnum = strawberry.field(description="状态 (status)")

    decided_by: str | None = strawberry.field(description="审批人 (decided by)")

    decided_at: datetime | None = strawberry.field(description="审批时间 (decided at)")

    decision_reason: str | None = strawberry.field(description="审批意见 (decision reason)")

    version: int = strawberry.field(description="版本号 (version)")


register_node("Complaint", load_complaints)
register_node("Extension", load_extensions)
