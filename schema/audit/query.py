"""Audit root fields: `auditEvents`, `auditIntegrity` (INSPECTOR, ADMIN)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.access import require_reader
from resolvers.audit.queries import AUDIT_EVENTS, filter_audit
from resolvers.audit.verify import parse_checkpoint, verify_chain
from schema.audit.inputs import AuditFilter
from schema.audit.types import AuditCheckpoint, AuditEvent, AuditIntegrity
from schema.connection import Connection, listing_connection
from schema.context import Info
from schema.node import encode_id

__all__ = ["AuditQuery"]


@strawberry.type
class AuditQuery:
    @strawberry.field(description="审计日志 (audit entries, oldest first; INSPECTOR and ADMIN)")
    async def audit_events(
        self,
        info: Info,
        filter: AuditFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditEvent]:
        qs = await filter_audit(info.context.actor, filter.to_query() if filter else None)
        return await listing_connection(info, AUDIT_EVENTS, qs, first, after)

    @strawberry.field(
        description="审计链校验 (recompute the keyed audit hash chain; where it breaks; INSPECTOR and ADMIN)"
    )
    async def audit_integrity(
        self,
        info: Info,
        checkpoints: Annotated[
            list[str] | None,
            strawberry.argument(
                description="已公布的检查点 (published checkpoints SEQ:HASH the chain must still reach)"
            ),
        ] = None,
    ) -> AuditIntegrity:
        require_reader(info.context.actor, "audit")
        result = await verify_chain(checkpoints=[parse_checkpoint(c) for c in checkpoints or []])
        broken = result.first_broken
        return AuditIntegrity(
            ok=result.ok,
            entries=result.entries,
            first_broken_at=strawberry.ID(encode_id("AuditEvent", broken.id)) if broken else None,
            head=AuditCheckpoint.of(result.head) if result.head else None,
            missed_checkpoints=[AuditCheckpoint.of(c) for c in result.missed],
        )
