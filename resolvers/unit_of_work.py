"""The unit of work: one transaction, the events its writes record, and one audit entry summarizing them.

Every door that writes goes through it — GraphQL mutations (`schema.errors.mutate`), the CLI loads
(`import-tasks`, `calendar load`) and the scheduled jobs — so no write commits without its audit entry,
and a failure leaves neither the writes, nor their events, nor an entry.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tortoise.transactions import in_transaction

from models import epoch
from models.event import Event
from resolvers.access import SYSTEM, Actor, Scope
from resolvers.audit.chain import append_audit, audit_events
from resolvers.events import collect_events

__all__ = ["CLI", "Work", "unit_of_work"]

# Who the shell's writes (`import-tasks`, `calendar load`) are recorded as, in events and audit entries.
CLI: Actor = replace(SYSTEM, name="cli")


@dataclass
class Work:
    """What a unit of work has done so far: the events recorded in it, and how its entry will read."""

    events: list[Event]
    subjects: list[str] | None = None
    changes: Any = None
    skipped: bool = field(default=False)

    def audit_as(self, subjects: Sequence[str], changes: Any) -> None:
        """Audit the unit as these subjects instead of one per event (a job's set-based run: `JobRun:<id>`
        with counts, so thousands of rows touched cost one subject row, not thousands)."""
        self.subjects, self.changes = list(subjects), changes

    def skip_audit(self) -> None:
        """Nothing was written (a job with nothing due): no entry."""
        self.skipped = True

    def summary(self) -> tuple[list[str], Any] | None:
        if self.skipped:
            return None
        if self.subjects is not None:
            return self.subjects, self.changes
        return audit_events(self.events)


@contextlib.asynccontextmanager
async def unit_of_work(scope: Scope, operation: str, transactional: bool = True) -> AsyncIterator[Work]:
    """`async with unit_of_work(scope, "importTasks") as work:` — the block's writes, its events and one
    audit entry (`operation`, actor of `scope`) commit together; an exception rolls all of them back.

    `transactional=False` is for a job that commits per item itself (deliveries: HTTP calls must not hold
    a transaction open); its entry is appended after the block, even when it fails part-way having
    committed events (then one subject per event).
    """
    try:
        async with in_transaction() if transactional else contextlib.nullcontext():
            with collect_events() as events:
                work = Work(events)
                try:
                    yield work
                except Exception:
                    if not transactional and events:
                        # Committed item by item: what was written before the failure stays, so does its entry.
                        await append_audit(scope, operation, *audit_events(events))
                    raise
            summary = work.summary()
            if summary is not None:
                await append_audit(scope, operation, *summary)
    finally:
        # What committed may have changed units or tokens: later lookups in this request read the
        # cache epoch again (models/epoch.py).
        epoch.forget()
