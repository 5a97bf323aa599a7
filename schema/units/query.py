"""Unit root fields: `units`, `unit`."""

from __future__ import annotations

import strawberry

from resolvers.units import queries
from schema.commands import command
from schema.connection import After, Before, Connection, First, Last, listing_connection
from schema.context import Info
from schema.units.inputs import UnitFilter
from schema.units.types import Unit

__all__ = ["UnitQuery"]


@strawberry.type
class UnitQuery:
    @strawberry.field(description="单位列表 (units, ordered by code)")
    async def units(
        self,
        info: Info,
        filter: UnitFilter | None = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Unit]:
        qs = await queries.filter_units(info.context.actor, command(filter, queries.UnitFilter))
        return await listing_connection(info, queries.UNITS, qs, first, after, last, before)

    @strawberry.field(description="按编码取单位 (a unit by its code)")
    async def unit(self, info: Info, code: str) -> Unit | None:
        return await queries.unit_by_code(code)
