"""Digest root fields: `digests` and `acknowledgeDigest`."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.digests import actions, queries
from schema.commands import command
from schema.connection import After, Connection, First, listing_connection
from schema.context import Info
from schema.digests.types import Digest, DigestPeriodEnum
from schema.errors import UserError, mutate
from schema.node import decode_id
from schema.viewer import RoleEnum

__all__ = ["DigestMutation", "DigestQuery"]


@strawberry.input(description="提醒筛选 (digest filter)")
class DigestFilter:
    recipient_unit_code: str | None = strawberry.field(
        default=None, description="接收单位编码 (recipient unit code)"
    )
    recipient_role: RoleEnum | None = strawberry.field(default=None, description="接收角色 (recipient role)")
    period: DigestPeriodEnum | None = strawberry.field(default=None, description="周期 (period)")
    from_date: date | None = strawberry.field(default=None, description="起始日不早于 (issued on or after)")
    to_date: date | None = strawberry.field(default=None, description="起始日不晚于 (issued on or before)")
    acknowledged: bool | None = strawberry.field(default=None, description="是否已确认 (acknowledged)")


@strawberry.input(description="确认收到提醒 (acknowledge a digest)")
class AcknowledgeDigestInput:
    digest_id: strawberry.ID = strawberry.field(description="提醒 ID (digest global id)")


@strawberry.type(description="确认结果 (result of acknowledging a digest)")
class DigestPayload:
    digest: Digest | None = strawberry.field(description="提醒 (the digest)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


@strawberry.type
class DigestQuery:
    @strawberry.field(
        description="提醒列表，最新在前 (digests, newest first; unit operators see their units')"
    )
    async def digests(
        self, info: Info, filter: DigestFilter | None = None, first: First = None, after: After = None
    ) -> Connection[Digest]:
        qs = await queries.filter_digests(info.context.actor, command(filter, queries.DigestFilter))
        return await listing_connection(info, queries.DIGESTS, qs, first, after)


@strawberry.type
class DigestMutation:
    @strawberry.mutation(description="确认收到提醒 (acknowledge a digest; recorded on each item's timeline)")
    async def acknowledge_digest(self, info: Info, input: AcknowledgeDigestInput) -> DigestPayload:
        _, pk = decode_id(input.digest_id, "Digest")
        cmd = actions.AcknowledgeDigest(digest_id=pk)
        return await mutate(DigestPayload, "digest", info.context.scope, actions.acknowledge_digest, cmd)
