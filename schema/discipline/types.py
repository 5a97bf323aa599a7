"""Discipline types (confidential): `Clue`, `ClueOfficial`, `Case`, `Sanction`, `Recommendation`."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import strawberry

from models import discipline as m
from resolvers.discipline import loaders
from resolvers.discipline import queries as _listings  # noqa: F401  (registers the listings)
from resolvers.units.loaders import load_units
from schema.context import Info
from schema.discipline.enums import (
    AccountabilityTargetEnum,
    CaseStatusEnum,
    ClueDisposalEnum,
    ClueSourceEnum,
    DisciplineFormEnum,
    GovernmentSanctionEnum,
    PartySanctionEnum,
)
from schema.node import Node, encode_id, readable_or_none, register_node
from schema.units.types import Unit

__all__ = ["Case", "Clue", "ClueOfficial", "Recommendation", "Sanction"]


async def _unit(info: Info, unit_id: int | None) -> m.Unit | None:
    return await info.context.loaders(load_units).load(unit_id) if unit_id else None


@strawberry.type(description="线索涉及人员 (an official a clue concerns)")
class ClueOfficial:
    @strawberry.field(description="姓名 (name)")
    def name(self: m.ClueOfficial) -> str:
        return self.name

    @strawberry.field(description="职务 (position)")
    def position(self: m.ClueOfficial) -> str:
        return self.position

    @strawberry.field(description="所在单位 (unit)")
    async def unit(self: m.ClueOfficial, info: Info) -> Unit | None:
        return await _unit(info, self.unit_id)


@strawberry.type(description="问题线索 (a problem clue; INSPECTOR and ADMIN only)")
class Clue(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Clue)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Clue) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Clue", self.id)

    @strawberry.field(description="线索编号 (serial, e.g. XS2026-0001)")
    def serial(self: m.Clue) -> str:
        return self.serial

    @strawberry.field(description="来源 (source)")
    def source(self: m.Clue) -> ClueSourceEnum:
        return self.source

    @strawberry.field(description="线索摘要 (summary)")
    def summary(self: m.Clue) -> str:
        return self.summary

    @strawberry.field(description="受理日期 (received on)")
    def received_on(self: m.Clue) -> date:
        return self.received_on

    @strawberry.field(description="处置方式 (disposal; null while pending)")
    def disposal(self: m.Clue) -> ClueDisposalEnum | None:
        return self.disposal

    @strawberry.field(description="处置理由 (disposal reason)")
    def disposal_reason(self: m.Clue) -> str | None:
        return self.disposal_reason

    @strawberry.field(description="处置时间 (disposed at)")
    def disposed_at(self: m.Clue) -> datetime | None:
        return self.disposed_at

    @strawberry.field(description="版本号 (version)")
    def version(self: m.Clue) -> int:
        return self.version

    @strawberry.field(description="涉及单位 (units concerned)")
    async def units(self: m.Clue, info: Info) -> list[Unit]:
        found = await info.context.loaders(load_units).load_many(list(self.unit_ids or []))
        return [u for u in found if u is not None]

    @strawberry.field(description="涉及人员 (officials concerned)")
    async def officials(self: m.Clue, info: Info) -> list[ClueOfficial]:
        return await info.context.loaders(loaders.load_clue_officials).load(self.id)

    @strawberry.field(description="移送来源对象 (the nodes it was moved over from)")
    async def origins(self: m.Clue, info: Info) -> list[Node]:
        pairs = await info.context.loaders(loaders.load_clue_origins).load(self.id)
        found = await asyncio.gather(*(readable_or_none(info, encode_id(t, i)) for t, i in pairs))
        return [n for n in found if n is not None]

    @strawberry.field(description="立案案件 (the case filed from it)")
    async def case(self: m.Clue, info: Info) -> Case | None:
        return await info.context.loaders(loaders.load_clue_case).load(self.id)


@strawberry.type(description="处分或问责 (a sanction or accountability measure; INSPECTOR and ADMIN only)")
class Sanction(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Sanction)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Sanction) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Sanction", self.id)

    @strawberry.field(description="被处理人 (person; null for unit accountability)")
    def person_name(self: m.Sanction) -> str | None:
        return self.person_name

    @strawberry.field(description="职务 (position)")
    def position(self: m.Sanction) -> str:
        return self.position

    @strawberry.field(description="单位 (unit)")
    async def unit(self: m.Sanction, info: Info) -> Unit | None:
        return await _unit(info, self.unit_id)

    @strawberry.field(description="四种形态 (form)")
    def form(self: m.Sanction) -> DisciplineFormEnum:
        return self.form

    @strawberry.field(description="党纪处分 (party sanction)")
    def party_sanction(self: m.Sanction) -> PartySanctionEnum | None:
        return self.party_sanction

    @strawberry.field(description="政务处分 (government sanction)")
    def government_sanction(self: m.Sanction) -> GovernmentSanctionEnum | None:
        return self.government_sanction

    @strawberry.field(description="问责 (accountability of a unit or leader)")
    def accountability(self: m.Sanction) -> AccountabilityTargetEnum | None:
        return self.accountability

    @strawberry.field(description="处理措施 (measure, e.g. 诫勉谈话)")
    def measure(self: m.Sanction) -> str:
        return self.measure

    @strawberry.field(description="决定日期 (decided on)")
    def decided_on(self: m.Sanction) -> date:
        return self.decided_on

    @strawberry.field(description="决定文号 (decision document number)")
    def document_no(self: m.Sanction) -> str:
        return self.document_no


@strawberry.type(description="纪检监察建议 (a supervision recommendation to a unit)")
class Recommendation(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Recommendation)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Recommendation) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Recommendation", self.id)

    @strawberry.field(description="收件单位 (unit)")
    async def unit(self: m.Recommendation, info: Info) -> Unit:
        return await _unit(info, self.unit_id)  # type: ignore[return-value]

    @strawberry.field(description="建议内容 (content)")
    def content(self: m.Recommendation) -> str:
        return self.content

    @strawberry.field(description="发出日期 (issued on)")
    def issued_on(self: m.Recommendation) -> date:
        return self.issued_on

    @strawberry.field(description="回复期限 (reply due on)")
    def reply_due_on(self: m.Recommendation) -> date:
        return self.reply_due_on

    @strawberry.field(description="回复时间 (replied at)")
    def replied_at(self: m.Recommendation) -> datetime | None:
        return self.replied_at

    @strawberry.field(description="回复内容 (reply)")
    def reply(self: m.Recommendation) -> str | None:
        return self.reply

    @strawberry.field(description="是否逾期未复 (overdue, per the overdue job)")
    def is_overdue(self: m.Recommendation) -> bool:
        return self.is_overdue

    @strawberry.field(description="版本号 (version)")
    def version(self: m.Recommendation) -> int:
        return self.version


@strawberry.type(description="纪检监察案件 (a filed case; INSPECTOR and ADMIN only)")
class Case(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Case)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Case) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Case", self.id)

    @strawberry.field(description="案件编号 (serial, e.g. LA2026-0001)")
    def serial(self: m.Case) -> str:
        return self.serial

    @strawberry.field(description="案件名称 (title)")
    def title(self: m.Case) -> str:
        return self.title

    @strawberry.field(description="立案日期 (filed on)")
    def filed_on(self: m.Case) -> date:
        return self.filed_on

    @strawberry.field(description="状态 (status)")
    def status(self: m.Case) -> CaseStatusEnum:
        return self.status

    @strawberry.field(description="处理结果 (outcome)")
    def outcome(self: m.Case) -> str | None:
        return self.outcome

    @strawberry.field(description="容错免责 (closed with exemption under 三个区分开来)")
    def exempted(self: m.Case) -> bool:
        return self.exempted

    @strawberry.field(description="免责理由 (exemption reason)")
    def exemption_reason(self: m.Case) -> str | None:
        return self.exemption_reason

    @strawberry.field(description="结案时间 (closed at)")
    def closed_at(self: m.Case) -> datetime | None:
        return self.closed_at

    @strawberry.field(description="版本号 (version)")
    def version(self: m.Case) -> int:
        return self.version

    @strawberry.field(description="来源线索 (the clue)")
    async def clue(self: m.Case, info: Info) -> Clue:
        return await info.context.loaders(loaders.load_clues).load(self.clue_id)  # type: ignore[attr-defined]

    @strawberry.field(description="处分与问责 (sanctions)")
    async def sanctions(self: m.Case, info: Info) -> list[Sanction]:
        return await info.context.loaders(loaders.load_case_sanctions).load(self.id)

    @strawberry.field(description="纪检监察建议 (recommendations)")
    async def recommendations(self: m.Case, info: Info) -> list[Recommendation]:
        return await info.context.loaders(loaders.load_case_recommendations).load(self.id)


register_node("Clue", loaders.load_clues)
register_node("Case", loaders.load_cases)
register_node("Sanction", loaders.load_sanctions)
register_node("Recommendation", loaders.load_recommendations)
