"""`viewer`: who the caller is."""

from __future__ import annotations

import strawberry

from models.auth import Role
from resolvers.units.loaders import load_units
from schema.context import Info
from schema.enums import described_enum
from schema.units.types import Unit

__all__ = ["RoleEnum", "Viewer", "ViewerQuery"]

RoleEnum = described_enum(
    Role,
    "角色 (role of a token's holder)",
    {
        "ADMIN": "系统管理员 (administrator: everything)",
        "SUPERVISOR": "督查室 (supervision office)",
        "INSPECTOR": "纪检监察 (discipline inspector; sees confidential data)",
        "UNIT_OPERATOR": "承办单位操作员 (handling unit operator; own unit and descendants)",
        "HOTLINE": "热线话务员 (hotline operator: complaints and enterprises)",
        "VIEWER": "只读用户 (read-only; contacts masked)",
    },
)


@strawberry.type(description="当前调用者 (the authenticated caller)")
class Viewer:
    name: str = strawberry.field(description="令牌名称 (token holder's name)")
    role: RoleEnum = strawberry.field(description="角色 (role)")
    unit_id: strawberry.Private[int | None]

    @strawberry.field(description="所属单位 (unit, for unit operators)")
    async def unit(self, info: Info) -> Unit | None:
        if self.unit_id is None:
            return None
        return await info.context.loaders(load_units).load(self.unit_id)


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="当前调用者：名称、角色、单位 (who am I)")
    def viewer(self, info: Info) -> Viewer:
        actor = info.context.actor
        return Viewer(name=actor.name, role=actor.role, unit_id=actor.unit_id)
