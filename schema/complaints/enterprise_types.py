"""The `Enterprise` and `SlaPolicy` types; runtime objects are rows."""

from __future__ import annotations

import strawberry

from models import complaint as mc
from models import enterprise as m
from models.enterprise import EnterpriseTag
from resolvers.complaints import enterprises as _listing  # noqa: F401  (registers the listing)
from resolvers.complaints.loaders import load_enterprises
from resolvers.units.loaders import load_units
from schema.calendar.enums import DurationUnitEnum
from schema.complaints.enums import EnterpriseTagEnum, SlaStageEnum
from schema.context import Info
from schema.node import Node, encode_id, register_node
from schema.units.types import Unit, mask_name, mask_phone

__all__ = ["Enterprise", "EnterpriseLiaison", "SlaPolicy", "SlaStageLimit"]


@strawberry.type(
    description='帮包责任人 (the cadre answering for an enterprise, "一企一策一人"; their unit\'s digest lists '
    "the enterprise's open complaints)"
)
class EnterpriseLiaison:
    row: strawberry.Private[m.Enterprise]

    @strawberry.field(description="姓名 (name; masked for VIEWER)")
    def name(self, info: Info) -> str:
        name = self.row.liaison_name or ""
        return (mask_name(name) or "") if info.context.actor.masks_contacts else name

    @strawberry.field(description="联系电话 (phone; masked for VIEWER)")
    def phone(self, info: Info) -> str | None:
        phone = self.row.liaison_phone
        return mask_phone(phone) if info.context.actor.masks_contacts else phone

    @strawberry.field(description="所在单位 (the cadre's unit)")
    async def unit(self, info: Info) -> Unit | None:
        return await info.context.loaders(load_units).load(self.row.liaison_unit_id)  # type: ignore[attr-defined]


@strawberry.type(
    description="企业 (an enterprise, identified by its unified social credit code 统一社会信用代码)"
)
class Enterprise(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Enterprise)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Enterprise) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Enterprise", self.id)

    name: str = strawberry.field(description="企业名称 (name)")

    credit_code: str = strawberry.field(
        description="统一社会信用代码 (unified social credit code, GB 32100-2015)"
    )

    @strawberry.field(description="企业标签 (tags: 规上, 专精特新, 瞪羚, 高新技术, 小微, 个体工商户)")
    def tags(self: m.Enterprise) -> list[EnterpriseTagEnum]:
        return [EnterpriseTag(t) for t in self.tags or []]

    industry: str | None = strawberry.field(description="所属行业 (industry)")

    @strawberry.field(description="联系人 (contact person; masked for VIEWER)")
    def contact_name(self: m.Enterprise, info: Info) -> str | None:
        return mask_name(self.contact_name) if info.context.actor.masks_contacts else self.contact_name

    @strawberry.field(description="联系电话 (contact phone; masked for VIEWER)")
    def contact_phone(self: m.Enterprise, info: Info) -> str | None:
        return mask_phone(self.contact_phone) if info.context.actor.masks_contacts else self.contact_phone

    @strawberry.field(description="帮包责任人 (the enterprise's liaison cadre; null when none is assigned)")
    def liaison(self: m.Enterprise) -> EnterpriseLiaison | None:
        return None if self.liaison_unit_id is None else EnterpriseLiaison(row=self)  # type: ignore[attr-defined]

    version: int = strawberry.field(description="版本号 (version)")


@strawberry.type(description="环节时限 (one stage's time limit: amount and unit)")
class SlaStageLimit:
    stage: SlaStageEnum = strawberry.field(description="环节 (stage)")
    amount: int = strawberry.field(description="时限数量 (amount)")
    unit: DurationUnitEnum = strawberry.field(
        description="时限单位 (unit: hours, working days, calendar days)"
    )


@strawberry.type(description="诉求办理时限标准 (SLA policy, e.g. “2110”: 2 hours, 1 and 10 working days)")
class SlaPolicy:
    code: str = strawberry.field(description="编码 (code, e.g. 2110)")

    name: str = strawberry.field(description="名称 (name)")

    @strawberry.field(description="各环节时限 (limits of CONTACT, REPLY, RESOLVE)")
    def stages(self: mc.SlaPolicy) -> list[SlaStageLimit]:
        return [
            SlaStageLimit(
                stage=stage,
                amount=getattr(self, f"{stage.value.lower()}_amount"),
                unit=getattr(self, f"{stage.value.lower()}_unit"),
            )
            for stage in mc.SlaStage
        ]

    version: int = strawberry.field(description="版本号 (version)")


register_node("Enterprise", load_enterprises)
