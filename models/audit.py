"""The audit trail (审计日志): append-only entries chained by HMAC-SHA256 under a key kept outside the
database, each covering its subject rows, so an edit, a removal or a rewrite without the key shows.

Entries written before the key existed (up to `AuditChain.legacy_until_seq`) keep their plain
SHA-256 hashes and are verified that way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise import fields

from models.base import Row

__all__ = ["GENESIS_HASH", "AuditChain", "AuditEntry", "AuditSubject", "entry_hash", "keyed_hash"]

# The `prev_hash` of the first entry.
GENESIS_HASH = "0" * 64
# Names the keyed encoding inside what is hashed, so no legacy content can collide with a keyed one.
KEYED_SCHEME = "hmac-sha256/1"


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _content(
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
) -> dict[str, Any]:
    return {
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


def entry_hash(**content: Any) -> str:
    """Legacy (entries before the key): SHA-256 over a canonical JSON of the content and `prev_hash`.
    Anyone can recompute it, and it does not cover the `audit_subject` rows."""
    return hashlib.sha256(_canonical(_content(**content))).hexdigest()


def keyed_hash(key: bytes, subject_rows: Sequence[str], **content: Any) -> str:
    """HMAC-SHA256 under `key` over the canonical JSON of the content, `prev_hash` and the entry's
    `audit_subject` rows (sorted: they are a set), so only a key holder can write a valid entry."""
    signed = {**_content(**content), "subject_rows": sorted(subject_rows), "scheme": KEYED_SCHEME}
    return hmac.new(key, _canonical(signed), hashlib.sha256).hexdigest()


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

    def content(self) -> dict[str, Any]:
        """What the hash covers, as stored."""
        return dict(
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

    def computed_hash(self, key: bytes | None, subject_rows: Sequence[str]) -> str:
        """The keyed hash over this entry and `subject_rows`; without a key, the legacy hash."""
        if key is None:
            return entry_hash(**self.content())
        return keyed_hash(key, subject_rows, **self.content())


class AuditSubject(Row):
    """The subjects of an entry (Type:pk), one row each, so filtering by subject is an index lookup."""

    id = fields.BigIntField(primary_key=True)
    entry: fields.ForeignKeyRelation[AuditEntry] = fields.ForeignKeyField(
        "models.AuditEntry", related_name="subject_rows", on_delete=fields.RESTRICT
    )
    subject = fields.CharField(max_length=120, db_index=True)

    class Meta:
        table = "audit_subject"
        # Verification reads each batch's rows by entry: without it, a scan of the table per batch.
        indexes = (("entry_id", "subject"),)


class AuditChain(Row):
    """Where the keyed chain starts: entries up to `legacy_until_seq` were written before the key
    existed and keep their plain SHA-256 hashes. One row, written by migration 0020; no row means 0."""

    id = fields.IntField(primary_key=True)
    legacy_until_seq = fields.BigIntField()

    class Meta:
        table = "audit_chain"
