"""Supervision types; runtime objects are `models.supervision` rows."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import strawberry

from models import supervision as m
from resolvers.supervision import loaders
from resolvers.supervision import queries as _listings  # noqa: F401  (registers the listings)
from resolvers.units.loaders import load_units
from schema.context import Info
from schema.node import Node, encode_id, readable_or_none, register_node
from schema.supervision.enums import (
    InspectionKindEnum,
    RectificationVerdictEnum,
    SupervisionLevelEnum,
    SupervisionSourceEnum,
    SupervisionStatusEnum,
)
from schema.units.types import Unit

__all__ = ["Finding", "Inspection", "Rectification", "SupervisionExtension", "SupervisionItem"]


async def _unit(info: Info, unit_id: int | None) -> m.Unit | None:
    return await info.context.loaders(load_units).load(unit_id) if unit_id else None


@strawberry.type(description="整改报告 (a rectification report and its verdict)")
class Rectification:
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Rectification)

    @strawberry.field(description="整改情况 (what was done)")
    def text(self: m.Rectification) -> str:
        return self.text

    @strawberry.field(description="整改措施 (measures taken)")
    def measures(self: m.Rectification) -> str:
        return self.measures

    @strawberry.field(description="佐证材料 (evidence references)")
    def evidence(self: m.Rectification) -> list[str]:
        return list(self.evidence or [])

    @strawberry.field(description="报送时间 (submitted at)")
    def submitted_at(self: m.Rectification) -> datetime:
        return self.submitted_at

    @strawberry.field(description="报送人 (submitted by)")
    def submitted_by(self: m.Rectification) -> str:
        return self.submitted_by

    @strawberry.field(description="核查结论 (verdict; null while pending)")
    def verdict(self: m.Rectification) -> RectificationVerdictEnum | None:
        return self.verdict

    @strawberry.field(description="退回理由 (reason of a rejection)")
    def verdict_reason(self: m.Rectification) -> str | None:
        return self.verdict_reason

    @strawberry.field(description="核查时间 (verified at)")
    def verified_at(self: m.Rectification) -> datetime | None:
        return self.verified_at


@strawberry.type(description="延期记录 (a deadline extension)")
class SupervisionExtension:
    @strawberry.field(description="原期限 (old deadline)")
    def old_due_on(self: m.SupervisionExtension) -> date:
        return self.old_due_on

    @strawberry.field(description="新期限 (new deadline)")
    def new_due_on(self: m.SupervisionExtension) -> date:
        return self.new_due_on

    @strawberry.field(description="延期理由 (reason)")
    def reason(self: m.SupervisionExtension) -> str:
        return self.reason

    @strawberry.field(description="批准时间 (granted at)")
    def at(self: m.SupervisionExtension) -> datetime:
        return self.at

    @strawberry.field(description="批准人 (granted by)")
    def actor(self: m.SupervisionExtension) -> str:
        return self.actor


@strawberry.type(description="督办事项 (a supervision item, one row of the rectification ledger 整改台账)")
class SupervisionItem(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.SupervisionItem)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.SupervisionItem) -> strawberry.ID:  # type: ignore[override]
        return encode_id("SupervisionItem", self.id)

    @strawberry.field(description="督办编号 (serial, e.g. DB2026-0001)")
    def serial(self: m.SupervisionItem) -> str:
        return self.serial

    @strawberry.field(description="标题 (title)")
    def title(self: m.SupervisionItem) -> str:
        return self.title

    @strawberry.field(description="事项说明 (description)")
    def description(self: m.SupervisionItem) -> str:
        return self.description

    @strawberry.field(description="来源 (source)")
    def source(self: m.SupervisionItem) -> SupervisionSourceEnum:
        return self.source

    @strawberry.field(description="督办级别 (level)")
    def level(self: m.SupervisionItem) -> SupervisionLevelEnum:
        return self.level

    @strawberry.field(description="状态 (status)")
    def status(self: m.SupervisionItem) -> SupervisionStatusEnum:
        return self.status

    @strawberry.field(description="整改期限 (rectification deadline 限期整改, last day)")
    def due_on(self: m.SupervisionItem) -> date:
        return self.due_on

    @strawberry.field(description="是否逾期 (overdue now, per the overdue job)")
    def is_overdue(self: m.SupervisionItem) -> bool:
        return self.is_overdue

    @strawberry.field(description="销号时间 (closed at)")
    def closed_at(self: m.SupervisionItem) -> datetime | None:
        return self.closed_at

    @strawberry.field(description="立项时间 (opened at)")
    def opened_at(self: m.SupervisionItem) -> datetime:
        return self.created_at

    @strawberry.field(description="版本号 (version, for expectedVersion)")
    def version(self: m.SupervisionItem) -> int:
        return self.version

    @strawberry.field(description="责任单位 (responsible unit)")
    async def responsible_unit(self: m.SupervisionItem, info: Info) -> Unit:
        return await _unit(info, self.responsible_unit_id)  # type: ignore[return-value]

    @strawberry.field(description="督办单位 (supervising unit)")
    async def supervising_unit(self: m.SupervisionItem, info: Info) -> Unit | None:
        return await _unit(info, self.supervising_unit_id)

    @strawberry.field(description="所属督查 (the inspection it came from)")
    async def inspection(self: m.SupervisionItem, info: Info) -> Inspection | None:
        if self.inspection_id is None:
            return None
        return await info.context.loaders(loaders.load_inspections).load(self.inspection_id)

    @strawberry.field(description="来源对象 (origin nodes the caller may read: complaint, task, finding …)")
    async def origins(self: m.SupervisionItem, info: Info) -> list[Node]:
        pairs = await info.context.loaders(loaders.load_item_origins).load(self.id)
        found = await asyncio.gather(*(readable_or_none(info, encode_id(t, i)) for t, i in pairs))
        return [n for n in found if n is not None]

    @strawberry.field(description="整改报告 (rectification reports, oldest first)")
    async def rectifications(self: m.SupervisionItem, info: Info) -> list[Rectification]:
        return await info.context.loaders(loaders.load_rectifications).load(self.id)

    @strawberry.field(description="延期记录 (deadline extensions)")
    async def extensions(self: m.SupervisionItem, info: Info) -> list[SupervisionExtension]:
        return await info.context.loaders(loaders.load_extensions).load(self.id)


@strawberry.type(description="督查 (an inspection: 督查, 暗访 or 回头看)")
class Inspection(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Inspection)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Inspection) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Inspection", self.id)

    @strawberry.field(description="标题 (title)")
    def title(self: m.Inspection) -> str:
        return self.title

    @strawberry.field(description="方式 (kind)")
    def kind(self: m.Inspection) -> InspectionKindEnum:
        return self.kind

    @strawberry.field(description="开始日期 (starts on)")
    def starts_on(self: m.Inspection) -> date:
        return self.starts_on

    @strawberry.field(description="结束日期 (ends on)")
    def ends_on(self: m.Inspection) -> date | None:
        return self.ends_on

    @strawberry.field(description="督查组成员 (team members)")
    def team_members(self: m.Inspection) -> list[str]:
        return list(self.team_members or [])

    @strawberry.field(description="被督查单位 (inspected units)")
    async def units(self: m.Inspection, info: Info) -> list[Unit]:
        return await info.context.loaders(loaders.load_inspection_units).load(self.id)

    @strawberry.field(description="发现的问题 (findings, oldest first)")
    async def findings(self: m.Inspection, info: Info) -> list[Finding]:
        return await info.context.loaders(loaders.load_inspection_findings).load(self.id)


@strawberry.type(description="督查发现的问题 (a finding of an inspection)")
class Finding(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Finding)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Finding) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Finding", self.id)

    @strawberry.field(description="问题描述 (description)")
    def description(self: m.Finding) -> str:
        return self.description

    @strawberry.field(description="发现时间 (found at)")
    def found_at(self: m.Finding) -> datetime:
        return self.found_at

    @strawberry.field(description="所在单位 (unit concerned)")
    async def unit(self: m.Finding, info: Info) -> Unit:
        return await _unit(info, self.unit_id)  # type: ignore[return-value]

    @strawberry.field(description="所属督查 (inspection)")
    async def inspection(self: m.Finding, info: Info) -> Inspection:
        return await info.context.loaders(loaders.load_inspections).load(self.inspection_id)

    @strawberry.field(description="督办事项 (the supervision item it opened)")
    async def item(self: m.Finding, info: Info) -> SupervisionItem | None:
        return (
            await readable_or_none(info, encode_id("SupervisionItem", self.item_id)) if self.item_id else None
        )  # type: ignore[return-value]


register_node("SupervisionItem", loaders.load_items)
register_node("Inspection", loaders.load_inspections)
register_node("Finding", loaders.load_findings)
