"""The audit filter."""

from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.audit import queries
from schema.node import decode_id

__all__ = ["AuditFilter"]


def _subject(value: str) -> str:
    """A global id, or `Type:pk` as stored, to the stored form."""
    if ":" in value:
        return value
    type_name, pk = decode_id(value)
    return f"{type_name}:{pk}"


@strawberry.input(description="审计日志筛选 (audit filter); all given conditions must hold")
class AuditFilter:
    subject: str | None = strawberry.field(
        default=None, description="涉及对象 (a subject's global id, or Type:pk)"
    )
    actor: str | None = strawberry.field(default=None, description="操作人 (actor's name)")
    operation: str | None = strawberry.field(default=None, description="操作 (mutation or job name)")
    from_: datetime | None = strawberry.field(default=None, name="from", description="起始时间 (at or after)")
    to: datetime | None = strawberry.field(default=None, description="截止时间 (before)")

    def to_query(self) -> queries.AuditFilter:
        # Hand-written: nothing here is a same-named copy. `subject` takes a global id of any type or
        # the stored `Type:pk`, and `from`/`to` are the query's start and end.
        return queries.AuditFilter(
            subject=_subject(self.subject) if self.subject else None,
            actor=self.actor,
            operation=self.operation,
            start=self.from_,
            end=self.to,
        )
