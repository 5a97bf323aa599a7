"""Appending to the keyed audit hash chain (serialized, in the caller's transaction)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from models.audit import GENESIS_HASH, AuditEntry, AuditSubject, keyed_hash
from models.event import Event
from models.settings import audit_hmac_key
from resolvers.access import Scope

__all__ = ["append_audit", "audit_events", "operation_name"]

# Key of the PostgreSQL advisory lock that serializes appends ("duban audit" as a number).
AUDIT_LOCK_KEY = 0x64756261_6E617564 >> 1


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

    `subjects` are "Type:pk" strings; `changes` any JSON-able before/after summary. The hash is
    keyed with DUBAN_AUDIT_KEY and covers the subject rows written beside the entry.
    """
    subjects = list(dict.fromkeys(subjects))
    changes = _plain_json(changes)
    key = audit_hmac_key()
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
        entry = await AuditEntry.create(**content, hash=keyed_hash(key, subjects, **content))
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
