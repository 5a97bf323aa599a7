"""Audit root fields: `auditEvents`, `auditIntegrity` (INSPECTOR, ADMIN)."""

from __future__ import annotations

import strawberry

from resolvers.access import require_reader
from resolvers.audit.chain import verify_chain
from resolvers.audit.queries import filter_audit
from resolvers.pagination import paginate
from schema.audit.inputs import AuditFilter
from schema.audit.types import AuditEvent, AuditIntegrity
from schema.connection import Connection, to_connection
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
        qs = filter_audit(info.context.actor, filter.to_query() if filter else None)
        return to_connection(await paginate(qs, first, after))

    @strawberry.field(
        description="审计链校验 (recompute the audit hash chain; where it breaks; INSPECTOR and ADMIN)"
    )
    async def audit_integrity(self, info: Info) -> AuditIntegrity:
        require_reader(info.context.actor, "audit")
        result = await verify_chain()
        broken = result.first_broken
        return AuditIntegrity(
            ok=result.ok,
            entries=result.entries,
            first_broken_at=strawberry.ID(encode_id("AuditEvent", broken.id)) if broken else None,
        )
