"""Supervision root fields: `supervisionItems` (整改台账), `inspections`, `bulletins`, `interviews`."""

from __future__ import annotations

import strawberry

from resolvers.supervision import queries
from schema.commands import command
from schema.connection import After, Connection, First, listing_connection
from schema.context import Info
from schema.supervision.inputs import SupervisionItemFilter
from schema.supervision.office_types import Bulletin, Interview
from schema.supervision.types import Inspection, SupervisionItem

__all__ = ["SupervisionQuery"]


@strawberry.type
class SupervisionQuery:
    @strawberry.field(
        description="整改台账 (supervision items by deadline; unit operators see their subtree)"
    )
    async def supervision_items(
        self,
        info: Info,
        filter: SupervisionItemFilter | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[SupervisionItem]:
        qs = await queries.filter_items(info.context.actor, command(filter, queries.SupervisionItemFilter))
        return await listing_connection(info, queries.SUPERVISION_ITEMS, qs, first, after)

    @strawberry.field(description="督查列表，最新在前 (inspections, newest first)")
    async def inspections(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Inspection]:
        return await listing_connection(
            info, queries.INSPECTIONS, await queries.list_inspections(info.context.actor), first, after
        )

    @strawberry.field(description="通报列表，最新一期在前 (bulletins, newest issue first)")
    async def bulletins(self, info: Info, first: First = None, after: After = None) -> Connection[Bulletin]:
        return await listing_connection(
            info, queries.BULLETINS, await queries.list_bulletins(info.context.actor), first, after
        )

    @strawberry.field(description="约谈列表 (interviews, newest first; unit operators see their subtree)")
    async def interviews(self, info: Info, first: First = None, after: After = None) -> Connection[Interview]:
        return await listing_connection(
            info, queries.INTERVIEWS, await queries.list_interviews(info.context.actor), first, after
        )
