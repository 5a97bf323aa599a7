"""The supervision office's outputs: `Bulletin` (通报) and `Interview` (约谈); runtime objects are rows."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from models import supervision as m
from resolvers.supervision import loaders
from resolvers.supervision import queries as _listings  # noqa: F401  (registers the listings)
from resolvers.units.loaders import load_units
from schema.context import Info
from schema.node import Node, encode_id, register_node
from schema.supervision.enums import BulletinKindEnum, InterviewReasonEnum
from schema.units.types import Unit

__all__ = ["Bulletin", "Interview"]


@strawberry.type(description="通报 (a bulletin issue, 第N期)")
class Bulletin(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Bulletin)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Bulletin) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Bulletin", self.id)

    @strawberry.field(description="年度 (year)")
    def year(self: m.Bulletin) -> int:
        return self.year

    @strawberry.field(description="期号 (issue number within the year, gap-free)")
    def number(self: m.Bulletin) -> int:
        return self.number

    @strawberry.field(description="类型 (kind)")
    def kind(self: m.Bulletin) -> BulletinKindEnum:
        return self.kind

    @strawberry.field(description="统计期间起 (period start)")
    def period_start(self: m.Bulletin) -> date | None:
        return self.period_start

    @strawberry.field(description="统计期间止 (period end)")
    def period_end(self: m.Bulletin) -> date | None:
        return self.period_end

    @strawberry.field(description="标题 (title)")
    def title(self: m.Bulletin) -> str:
        return self.title

    @strawberry.field(description="正文 (body)")
    def body(self: m.Bulletin) -> str:
        return self.body

    @strawberry.field(description="引用的单位与数据 (cited units and figures, JSON)")
    def cited(self: m.Bulletin) -> JSON:
        return self.cited

    @strawberry.field(description="发布时间 (published at)")
    def published_at(self: m.Bulletin) -> datetime:
        return self.published_at


@strawberry.type(description="约谈 (an interview of a unit's head)")
class Interview(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Interview)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Interview) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Interview", self.id)

    @strawberry.field(description="被约谈单位 (unit)")
    async def unit(self: m.Interview, info: Info) -> Unit:
        return await info.context.loaders(load_units).load(self.unit_id)

    @strawberry.field(description="约谈日期 (held on)")
    def held_on(self: m.Interview) -> date:
        return self.held_on

    @strawberry.field(description="约谈原因 (reason)")
    def reason(self: m.Interview) -> InterviewReasonEnum:
        return self.reason

    @strawberry.field(description="原因说明 (reason detail)")
    def reason_detail(self: m.Interview) -> str:
        return self.reason_detail

    @strawberry.field(description="参加人员 (participants)")
    def participants(self: m.Interview) -> list[str]:
        return list(self.participants or [])

    @strawberry.field(description="约谈结果 (outcome)")
    def outcome(self: m.Interview) -> str:
        return self.outcome

    @strawberry.field(description="跟踪整改期限 (follow-up due on)")
    def follow_up_due_on(self: m.Interview) -> date | None:
        return self.follow_up_due_on


register_node("Bulletin", loaders.load_bulletins)
register_node("Interview", loaders.load_interviews)
