"""The audit trail (审计日志): append-only entries chained by SHA-256, so any edit or removal shows."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from tortoise import fields

from models.base import Row

__all__ = ["GENESIS_HASH", "AuditEntry", "AuditSubject", "entry_hash"]

# The `prev_hash` of the first entry.
GENESIS_HASH = "0" * 64


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    actor_role: str | None,
    token_id: int | None,
    operation: str,
    subjects: list[str],
    changes: Any,
    request_id: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON of the entry's content and the previous entry's hash."""
    content = {
        "seq": seq,
        "at": _instant(at),
        "actor": actor,
        "actor_role": actor_role,
        "token_id": token_id,
        "operation": operation,
        "subjects": subjects,
        "changes": changes,
        "request_id": request_id,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class AuditEntry(Row):
    """One mutation or job run: who, when, what, on which subjects. Never updated or deleted."""

    id = fields.BigIntField(primary_key=True)
    # Position in the chain: previous entry's seq + 1, unique, so two appends can never fork it.
    seq = fields.BigIntField(unique=True)
    at = fields.DatetimeField(db_index=True)
    actor = fields.CharField(max_length=100, db_index=True)
    actor_role = fields.CharField(max_length=20, null=True)
    token_id = fields.BigIntField(null=True)
    operation = fields.CharField(max_length=80, db_index=True)
    subjects = fields.JSONField(default=list)
    changes = fields.JSONField(null=True)
    request_id = fields.CharField(max_length=40, null=True)
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64)

    class Meta:
        table = "audit_entry"

    def computed_hash(self) -> str:
        return entry_hash(
            seq=self.seq,
            at=self.at,
            actor=self.actor,
            actor_role=self.actor_role,
            token_id=self.token_id,
            operation=self.operation,
            subjects=self.subjects,
            changes=self.changes,
            request_id=self.request_id,
            prev_hash=self.prev_hash,
        )


class AuditSubject(Row):
    """The subjects of an entry (Type:pk), one row each, so filtering by subject is an index lookup."""

    id = fields.BigIntField(primary_key=True)
    entry: fields.ForeignKeyRelation[AuditEntry] = fields.ForeignKeyField(
        "models.AuditEntry", related_name="subject_rows", on_delete=fields.RESTRICT
    )
    subject = fields.CharField(max_length=120, db_index=True)

    class Meta:
        table = "audit_subject"
