"""Root fields of the seeds' follow-up mechanisms: the key follow-up list (重点推进)."""

from __future__ import annotations

import strawberry

from resolvers.complaints import key_follow_up, queries
from resolvers.complaints.queries import COMPLAINTS
from schema.commands import command
from schema.complaints.inputs import ComplaintFilter
from schema.complaints.types import Complaint
from schema.connection import Connection, listing_connection
from schema.context import Info

__all__ = ["FollowUpQuery"]


@strawberry.type
class FollowUpQuery:
    @strawberry.field(
        description="重点推进清单 (key follow-up list: complaints whose latest return visit was unsatisfied "
        "or found the problem unsolved, oldest visit first; the complaints list's rows and filter, "
        "its followUp condition fixed to true)"
    )
    async def key_follow_ups(
        self,
        info: Info,
        filter: ComplaintFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Complaint]:
        scope = info.context.scope
        qs = await key_follow_up.key_follow_ups(
            scope.actor, command(filter, queries.ComplaintFilter), scope.now()
        )
        return await listing_connection(info, COMPLAINTS, qs, first, after, last, before)
