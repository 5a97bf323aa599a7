"""Root field `overdue`: everything flagged now, of every kind, longest overdue first."""

from __future__ import annotations

import strawberry

from resolvers.overdue import queries
from schema.commands import command
from schema.connection import After, Connection, First, listing_connection
from schema.context import Info
from schema.overdue.types import OverdueFlag, OverdueKindEnum

__all__ = ["OverdueFilter", "OverdueQuery"]


@strawberry.input(description="逾期筛选 (overdue filter)")
class OverdueFilter:
    unit_code: str | None = strawberry.field(default=None, description="责任单位编码 (unit code)")
    include_descendants: bool = strawberry.field(default=True, description="含下级单位 (include descendants)")
    kinds: list[OverdueKindEnum] | None = strawberry.field(
        default=None, description="类型 (any of these kinds)"
    )
    min_working_days: int | None = strawberry.field(
        default=None, description="逾期超过 N 个工作日 (overdue for more than N working days)"
    )
    include_cleared: bool = strawberry.field(
        default=False, description="含已解除 (include cleared flags: the breach history)"
    )


@strawberry.type
class OverdueQuery:
    @strawberry.field(
        description="当前全部逾期事项，逾期最久者在前 (everything overdue now, of every kind; longest overdue first)"
    )
    async def overdue(
        self, info: Info, filter: OverdueFilter | None = None, first: First = None, after: After = None
    ) -> Connection[OverdueFlag]:
        qs = await queries.filter_flags(info.context.actor, command(filter, queries.OverdueFilter))
        return await listing_connection(info, queries.OVERDUE_FLAGS, qs, first, after)
