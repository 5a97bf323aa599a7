"""Reading the audit trail: filtered entries, in chain order (INSPECTOR and ADMIN only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from models.audit import AuditEntry, AuditSubject
from resolvers.access import READERS, Actor
from resolvers.listing import Listing, register

__all__ = ["AUDIT_EVENTS", "AuditFilter", "filter_audit"]


@dataclass
class AuditFilter:
    subject: str | None = None  # "Type:pk"
    actor: str | None = None
    operation: str | None = None
    start: datetime | None = None
    end: datetime | None = None


# The audit trail is for administrators and inspectors only (resolvers/access.py READERS).
AUDIT_EVENTS: Listing[AuditEntry] = register(
    Listing(
        "AuditEvent",
        AuditEntry,
        readers=READERS["audit"],
        denied="无权查看 (forbidden: audit)",
        filters=lambda qs, f, now: _filter_audit(qs, f, now),
        default_order=("seq",),
    )
)


async def _filter_audit(qs: QuerySet[Any], f: AuditFilter, now: datetime) -> QuerySet[Any]:
    if f.subject:
        entries = AuditSubject.filter(subject=f.subject).values("entry_id")
        qs = qs.filter(id__in=Subquery(entries))
    if f.actor:
        qs = qs.filter(actor=f.actor)
    if f.operation:
        qs = qs.filter(operation=f.operation)
    if f.start:
        qs = qs.filter(at__gte=f.start)
    if f.end:
        qs = qs.filter(at__lt=f.end)
    return qs


async def filter_audit(actor: Actor, f: AuditFilter | None) -> QuerySet[AuditEntry]:
    """Oldest first (by seq): new entries land after the last page, so offset cursors stay stable."""
    return await AUDIT_EVENTS.listed(actor, f)
