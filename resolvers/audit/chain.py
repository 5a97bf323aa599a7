"""Appending to the audit hash chain (serialized, in the caller's transaction) and verifying it."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from models.audit import GENESIS_HASH, AuditEntry, AuditSubject, entry_hash
from models.event import Event
from resolvers.access import Scope
from resolvers.events import collect_events

__all__ = ["Integrity", "append_audit", "audit_events", "audited", "operation_name", "verify_chain"]

# Key of the PostgreSQL advisory lock that serializes appends ("duban audit" as a number).
AUDIT_LOCK_KEY = 0x64756261_6E617564 >> 1
VERIFY_BATCH = 500


def operation_name(action_name: str) -> str:
    """`create_unit` → `createUnit`: the mutation an action implements."""
    head, *rest = action_name.split("_")
    return head + "".join(part.title() for part in rest)


def _plain_json(value: Any) -> Any:
    """The value as it will read back from a JSON column, so the hash is computed over the stored form."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


async def _lock_chain() -> None:
    """Hold the chain's write lock until the transaction ends, before reading its head."""
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        await connection.execute_query("SELECT pg_advisory_xact_lock($1)", [AUDIT_LOCK_KEY])
    else:
        # SQLite: a (no-op) write makes this transaction the single writer before the head is read.
        await connection.execute_query("UPDATE audit_entry SET seq = seq WHERE 0 = 1")


async def append_audit(
    scope: Scope, operation: str, subjects: Sequence[str], changes: Any = None
) -> AuditEntry:
    """Append one entry (in the caller's transaction if there is one, else in its own).

    `subjects` are "Type:pk" strings; `changes` any JSON-able before/after summary.
    """
    subjects = list(dict.fromkeys(subjects))
    changes = _plain_json(changes)
    async with in_transaction():
        await _lock_chain()
        head = await AuditEntry.all().order_by("-seq").only("seq", "hash").first()
        seq, prev_hash = (head.seq + 1, head.hash) if head else (1, GENESIS_HASH)
        actor = scope.actor
        content = dict(
            seq=seq,
            at=scope.now(),
            actor=actor.name,
            actor_role=actor.role.value,
            token_id=actor.token_id,
            operation=operation,
            subjects=subjects,
            changes=changes,
            request_id=scope.request_id,
            prev_hash=prev_hash,
        )
        entry = await AuditEntry.create(**content, hash=entry_hash(**content))
        await AuditSubject.bulk_create([AuditSubject(entry=entry, subject=s) for s in subjects])
    return entry


def audit_events(events: Sequence[Event]) -> tuple[list[str], list[dict[str, Any]]]:
    """Subjects and changes of an audit entry from the events a mutation recorded."""
    subjects = [f"{e.subject_type}:{e.subject_id}" for e in events]
    changes = [
        {"subject": f"{e.subject_type}:{e.subject_id}", "kind": e.kind, "summary": e.summary, "data": e.data}
        for e in events
    ]
    return subjects, changes


@contextlib.asynccontextmanager
async def audited(scope: Scope, operation: str, when_empty: bool = True) -> AsyncIterator[list[Event]]:
    """One transaction whose writes get one audit entry summarizing the events recorded inside it;
    an exception rolls back both. `when_empty=False` (for jobs with nothing to do) skips the entry
    when no event was recorded."""
    async with in_transaction():
        with collect_events() as events:
            yield events
        if events or when_empty:
            subjects, changes = audit_events(events)
            await append_audit(scope, operation, subjects, changes)


@dataclass(frozen=True)
class Integrity:
    ok: bool
    entries: int
    first_broken: AuditEntry | None = None


def _broken(entry: AuditEntry, prev_seq: int, prev_hash: str) -> bool:
    return entry.seq != prev_seq + 1 or entry.prev_hash != prev_hash or entry.computed_hash() != entry.hash


async def verify_chain(batch: int = VERIFY_BATCH) -> Integrity:
    """Recompute the chain in seq order, `batch` rows at a time; the first entry whose hash, link or
    position is wrong is where it breaks (an edited entry, or the one after a removed one)."""
    entries = await AuditEntry.all().count()
    prev_seq, prev_hash = 0, GENESIS_HASH
    while rows := await AuditEntry.filter(seq__gt=prev_seq).order_by("seq").limit(batch):
        for entry in rows:
            if _broken(entry, prev_seq, prev_hash):
                return Integrity(ok=False, entries=entries, first_broken=entry)
            prev_seq, prev_hash = entry.seq, entry.hash
    return Integrity(ok=True, entries=entries)
