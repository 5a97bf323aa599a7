"""Acknowledging a digest: who confirmed receipt and when, recorded on every item's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.digest import Digest
from resolvers.access import Scope, require_role
from resolvers.digests.queries import DIGESTS
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_events

__all__ = ["AcknowledgeDigest", "acknowledge_digest"]


@dataclass
class AcknowledgeDigest:
    digest_id: int


async def acknowledge_digest(scope: Scope, cmd: AcknowledgeDigest) -> Digest:
    require_role(scope.actor, "digest_ack")
    # A digest the caller may not read is answered exactly as a missing one: nothing tells them apart.
    missing = UserError(ErrorCode.NOT_FOUND, f"提醒不存在 (no digest {cmd.digest_id})", "digestId")
    digest = await DIGESTS.get(scope.actor, cmd.digest_id, missing)
    now = scope.now()
    # A conditional UPDATE: of two concurrent acknowledgements exactly one is recorded.
    if (
        await Digest.filter(id=digest.id, acknowledged_at=None).update(
            acknowledged_at=now, acknowledged_by=scope.actor.name
        )
        != 1
    ):
        raise UserError(
            ErrorCode.ALREADY_ACKNOWLEDGED,
            f"该提醒已确认 (already acknowledged by {digest.acknowledged_by})",
            "digestId",
        )
    digest.acknowledged_at, digest.acknowledged_by = now, scope.actor.name
    summary = f"{scope.actor.name} 确认收到提醒 (acknowledged digest {digest.id})"
    events: list[tuple[str, int, str, str, dict[str, Any] | None]] = [
        (i["subjectType"], i["subjectId"], "ACKNOWLEDGED", summary, {"digestId": digest.id})
        for i in digest.items
    ]
    events.append(("Digest", digest.id, "ACKNOWLEDGED", "确认收到 (acknowledged)", None))
    await record_events(scope, events, at=now)
    return digest
