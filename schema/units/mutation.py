"""Unit mutations: `createUnit`, `updateUnit` (ADMIN)."""

from __future__ import annotations

import strawberry

from resolvers.units import actions
from schema.commands import command
from schema.context import Info
from schema.errors import UserError, mutate
from schema.units.inputs import CreateUnitInput, UpdateUnitInput
from schema.units.types import Unit

__all__ = ["UnitMutation", "UnitPayload"]


@strawberry.type(description="单位变更结果 (result of a unit mutation)")
class UnitPayload:
    unit: Unit | None = strawberry.field(description="变更后的单位 (the unit; null when refused)")
    user_errors: list[UserError] = strawberry.field(
        description="拒绝原因 (why it was refused; empty on success)"
    )


@strawberry.type
class UnitMutation:
    @strawberry.mutation(description="新建单位 (create a unit; ADMIN)")
    async def create_unit(self, info: Info, input: CreateUnitInput) -> UnitPayload:
        return await mutate(
            UnitPayload, "unit", info.context.scope, actions.create_unit, command(input, actions.CreateUnit)
        )

    @strawberry.mutation(description="修改单位，可移动到新上级 (update or move a unit; ADMIN)")
    async def update_unit(self, info: Info, input: UpdateUnitInput) -> UnitPayload:
        return await mutate(
            UnitPayload, "unit", info.context.scope, actions.update_unit, command(input, actions.UpdateUnit)
        )
