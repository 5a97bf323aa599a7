"""The `Complaint` type and its parts (dispatches, return visit, breaches, extensions); runtime objects are rows."""

from __future__ import annotations

from datetime import datetime

import strawberry

from models import complaint as m
from models.complaint_rules import complaint_breaches
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

__all__ = ["Complaint", "Extension", "complaint_visible"]


async def complaint_visible(info: Info, complaint: m.Complaint) -> bool:
    """Unit operators see complaints dispatched to their unit's subtree only."""
    actor = info.context.actor
    if not actor.unit_scoped:
        return True
    if complaint.handling_unit_id is None:
        return False
    unit = await info.context.loaders(load_units).load(complaint.handling_unit_id)
    return unit is not None and unit.path.startswith(actor.unit_path or "/nothing/")


@strawberry.type(description="企业诉求 (an enterprise complaint under SLA clocks)")
class Complaint(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Complaint)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Complaint) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Complaint", self.id)

    @strawberry.field(description="诉求编号 (serial number, e.g. QY202611240001)")
    def serial_no(self: m.Complaint) -> str:
        return self.serial_no

    @strawberry.field(description="渠道 (channel)")
    def channel(self: m.Complaint) -> ComplaintChannelEnum:
        return self.channel

    @strawberry.field(description="外部编号 (reference in the channel's own system; unique per channel)")
    def external_ref(self: m.Complaint) -> str | None:
        return self.external_ref

    @strawberry.field(description="类别 (kind)")
    def kind(self: m.Complaint) -> ComplaintKindEnum:
        return self.kind

    @strawberry.field(description="问题性质 (individual or systemic)")
    def scope(self: m.Complaint) -> ComplaintScopeEnum:
        return self.scope

    @strawberry.field(description="标题 (title)")
    def title(self: m.Complaint) -> str:
        return self.title

    @strawberry.field(description="诉求内容 (content)")
    def content(self: m.Complaint) -> str:
        return self.content

    @strawberry.field(description="诉求企业 (the enterprise)")
    async def enterprise(self: m.Complaint, info: Info) -> Enterprise:
        return await info.context.loaders(load_enterprises).load(self.enterprise_id)  # type: ignore[attr-defined]

    @strawberry.field(description="受理时间 (received at)")
    def received_at(self: m.Complaint) -> datetime:
        return self.received_at

    @strawberry.field(description="承办单位 (handling unit; null until dispatched or after a return)")
    async def handling_unit(self: m.Complaint, info: Info) -> Unit | None:
        unit_id = self.handling_unit_id  # type: ignore[attr-defined]
        return None if unit_id is None else await info.context.loaders(load_units).load(unit_id)

    @strawberry.field(description="派单时间 (dispatched at)")
    def dispatched_at(self: m.Complaint) -> datetime | None:
        return self.dispatched_at

    @strawberry.field(description="时限标准 (SLA policy)")
    async def sla_policy(self: m.Complaint, info: Info) -> SlaPolicy | None:
        policy_id = self.sla_policy_id  # type: ignore[attr-defined]
        return None if policy_id is None else await info.context.loaders(load_sla_policies).load(policy_id)

    @strawberry.field(description="状态 (status)")
    def status(self: m.Complaint) -> ComplaintStatusEnum:
        return self.status

    @strawberry.field(description="办理结果 (handling result)")
    def handling_result(self: m.Complaint) -> str | None:
        return self.handling_result

    @strawberry.field(description="是否合理诉求 (reasonable complaint 合理诉求; judged at resolution)")
    def is_reasonable(self: m.Complaint) -> bool | None:
        return self.is_reasonable

    @strawberry.field(description="联系期限 (contact deadline)")
    def contact_due_at(self: m.Complaint) -> datetime | None:
        return self.contact_due_at

    @strawberry.field(description="联系时间 (contacted at)")
    def contacted_at(self: m.Complaint) -> datetime | None:
        return self.contacted_at

    @strawberry.field(description="是否按时联系 (contact in time; null until contacted)")
    def contact_in_time(self: m.Complaint) -> bool | None:
        return self.contact_in_time

    @strawberry.field(description="初步回复期限 (first-reply deadline)")
    def reply_due_at(self: m.Complaint) -> datetime | None:
        return self.reply_due_at

    @strawberry.field(description="初步回复时间 (replied at)")
    def replied_at(self: m.Complaint) -> datetime | None:
        return self.replied_at

    @strawberry.field(description="是否按时回复 (reply in time; null until replied)")
    def reply_in_time(self: m.Complaint) -> bool | None:
        return self.reply_in_time

    @strawberry.field(
        description="办结期限 (resolve deadline; restarts at reopen, moves on an approved extension)"
    )
    def resolve_due_at(self: m.Complaint) -> datetime | None:
        return self.resolve_due_at

    @strawberry.field(description="办结时间 (resolved at; cleared by a reopen)")
    def resolved_at(self: m.Complaint) -> datetime | None:
        return self.resolved_at

    @strawberry.field(description="是否按时办结 (resolved in time; null until resolved)")
    def resolve_in_time(self: m.Complaint) -> bool | None:
        return self.resolve_in_time

    @strawberry.field(description="最近一次回访 (latest return visit)")
    async def return_visit(self: m.Complaint, info: Info) -> ReturnVisit | None:
        return await info.context.loaders(load_latest_return_visits).load(self.id)

    @strawberry.field(description="重办次数 (times reopened 重办)")
    def reopen_count(self: m.Complaint) -> int:
        return self.reopen_count

    @strawberry.field(description="提级督办时间 (escalated to the supervision office at)")
    def escalated_at(self: m.Complaint) -> datetime | None:
        return self.escalated_at

    @strawberry.field(description="违约环节 (breaches: stages met late or unmet past their deadline, now)")
    def breaches(self: m.Complaint, info: Info) -> list[SlaBreach]:
        found = complaint_breaches(self, info.context.scope.now())
        return [
            SlaBreach(stage=b.stage, due_at=b.due_at, met_at=b.met_at, detected_at=b.met_at) for b in found
        ]

    @strawberry.field(description="是否逾期 (overdue: a stage unmet past its deadline, now)")
    def is_overdue(self: m.Complaint, info: Info) -> bool:
        return any(b.met_at is None for b in complaint_breaches(self, info.context.scope.now()))

    @strawberry.field(description="期限是否暂定 (deadline provisional: a year's calendar was not loaded)")
    def deadline_provisional(self: m.Complaint) -> bool:
        return self.deadline_provisional

    @strawberry.field(description="派单记录 (dispatch history, returns included)")
    async def dispatches(self: m.Complaint, info: Info) -> list[ComplaintDispatch]:
        return await info.context.loaders(load_complaint_dispatches).load(self.id)

    @strawberry.field(description="延期申请 (extension requests)")
    async def extensions(self: m.Complaint, info: Info) -> list[Extension]:
        return await info.context.loaders(load_complaint_extensions).load(self.id)

    @strawberry.field(description="事件时间线 (its own timeline)")
    async def events(self: m.Complaint, info: Info) -> list[Event]:
        return await info.context.loaders(load_complaint_events).load(self.id)

    @strawberry.field(description="版本号 (version, for expectedVersion)")
    def version(self: m.Complaint) -> int:
        return self.version


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

    @strawberry.field(description="申请人 (requested by)")
    def requested_by(self: m.Extension) -> str:
        return self.requested_by

    @strawberry.field(description="申请时间 (requested at)")
    def requested_at(self: m.Extension) -> datetime:
        return self.requested_at

    @strawberry.field(description="原办结期限 (resolve deadline before)")
    def previous_due_at(self: m.Extension) -> datetime:
        return self.previous_due_at

    @strawberry.field(description="申请的办结期限 (requested resolve deadline)")
    def requested_due_at(self: m.Extension) -> datetime:
        return self.requested_due_at

    @strawberry.field(description="申请理由 (reason)")
    def reason(self: m.Extension) -> str:
        return self.reason

    @strawberry.field(description="状态 (status)")
    def status(self: m.Extension) -> ExtensionStatusEnum:
        return self.status

    @strawberry.field(description="审批人 (decided by)")
    def decided_by(self: m.Extension) -> str | None:
        return self.decided_by

    @strawberry.field(description="审批时间 (decided at)")
    def decided_at(self: m.Extension) -> datetime | None:
        return self.decided_at

    @strawberry.field(description="审批意见 (decision reason)")
    def decision_reason(self: m.Extension) -> str | None:
        return self.decision_reason

    @strawberry.field(description="版本号 (version)")
    def version(self: m.Extension) -> int:
        return self.version


async def _extension_visible(info: Info, extension: m.Extension) -> bool:
    complaint = await info.context.loaders(load_complaints).load(extension.complaint_id)  # type: ignore[attr-defined]
    return complaint is not None and await complaint_visible(info, complaint)


register_node("Complaint", load_complaints, visible=complaint_visible)
register_node("Extension", load_extensions, visible=_extension_visible)
