"""`AuditEvent` (runtime objects are `models.audit.AuditEntry` rows) and `AuditIntegrity`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from models import audit as m
from models.auth import Role
from models.by_id import load_by_id
from resolvers.audit import queries as _listing  # noqa: F401  (registers the listing)
from resolvers.audit.verify import Checkpoint
from schema.context import Info
from schema.node import Node, encode_id, register_node
from schema.viewer import RoleEnum

__all__ = ["AuditCheckpoint", "AuditEvent", "AuditIntegrity", "load_audit_entries"]


def _global_id(subject: str) -> str:
    type_name, _, pk = subject.partition(":")
    return encode_id(type_name, int(pk))


@strawberry.type(description="审计日志条目 (an audit entry: one mutation or job run, hash-chained)")
class AuditEvent(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.AuditEntry)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.AuditEntry) -> strawberry.ID:  # type: ignore[override]
        return encode_id("AuditEvent", self.id)

    @strawberry.field(description="链上序号 (position in the chain, from 1)")
    def seq(self: m.AuditEntry) -> int:
        return self.seq

    @strawberry.field(description="时间 (when)")
    def at(self: m.AuditEntry) -> datetime:
        return self.at

    @strawberry.field(description="操作人 (actor: the token holder's name, or system)")
    def actor(self: m.AuditEntry) -> str:
        return self.actor

    @strawberry.field(description="操作人角色 (actor's role)")
    def actor_role(self: m.AuditEntry) -> RoleEnum | None:
        return Role(self.actor_role) if self.actor_role else None

    @strawberry.field(description="令牌编号 (id of the token used; null for jobs and the system)")
    def token_id(self: m.AuditEntry) -> int | None:
        return self.token_id

    @strawberry.field(description="操作 (operation: the mutation's or job's name)")
    def operation(self: m.AuditEntry) -> str:
        return self.operation

    @strawberry.field(description="涉及对象 (subjects as Type:pk)")
    def subjects(self: m.AuditEntry) -> list[str]:
        return list(self.subjects)

    @strawberry.field(description="涉及对象的全局 ID (subjects' global ids, for node())")
    def subject_ids(self: m.AuditEntry) -> list[strawberry.ID]:
        return [strawberry.ID(_global_id(s)) for s in self.subjects]

    @strawberry.field(description="变更内容 (changes: per subject, the event kind and before/after data)")
    def changes(self: m.AuditEntry) -> JSON | None:
        return self.changes

    @strawberry.field(description="请求编号 (request id, as in the logs)")
    def request_id(self: m.AuditEntry) -> str | None:
        return self.request_id

    @strawberry.field(description="前一条的哈希 (hash of the previous entry)")
    def prev_hash(self: m.AuditEntry) -> str:
        return self.prev_hash

    @strawberry.field(
        description="本条哈希 (HMAC-SHA256 under the audit key of this entry's content, subject rows and "
        "prev_hash; plain SHA-256 for entries written before the key existed)"
    )
    def hash(self: m.AuditEntry) -> str:
        return self.hash


@strawberry.type(description="审计检查点 (the chain's head at a moment: publish it, check it later)")
class AuditCheckpoint:
    seq: int = strawberry.field(description="序号 (seq of the head entry)")
    hash: str = strawberry.field(description="哈希 (its hash)")
    text: str = strawberry.field(description="文本形式 (SEQ:HASH, as `audit verify --checkpoint` takes it)")

    @classmethod
    def of(cls, checkpoint: Checkpoint) -> AuditCheckpoint:
        return cls(seq=checkpoint.seq, hash=checkpoint.hash, text=str(checkpoint))


@strawberry.type(description="审计链完整性 (result of recomputing the audit hash chain)")
class AuditIntegrity:
    ok: bool = strawberry.field(
        description="链条完整 (every entry's hash, link and subject rows are intact, every checkpoint reached)"
    )
    entries: int = strawberry.field(description="条目数 (number of entries)")
    first_broken_at: strawberry.ID | None = strawberry.field(
        description="第一处断裂 (global id of the first entry whose hash, link or subject rows are wrong)"
    )
    head: AuditCheckpoint | None = strawberry.field(
        description="完整链的末端 (last entry of the intact chain, as a checkpoint to publish)"
    )
    missed_checkpoints: list[AuditCheckpoint] = strawberry.field(
        description="未到达的检查点 (given checkpoints the intact chain does not reach with the same hash)"
    )


async def load_audit_entries(ids: Sequence[int]) -> list[m.AuditEntry | None]:
    return await load_by_id(m.AuditEntry, ids)


register_node("AuditEvent", load_audit_entries)
