"""Recording events: every write appends who/when/what to the subject's timeline, in its transaction."""

from __future__ import annotations

from typing import Any

from models.event import Event
from resolvers.access import Scope

__all__ = ["record_event"]


async def record_event(
    scope: Scope,
    subject_type: str,
    subject_id: int,
    kind: str,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    return await Event.create(
        subject_type=subject_type,
        subject_id=subject_id,
        kind=kind,
        summary=summary[:500],
        actor=scope.actor.name,
        actor_role=scope.actor.role.value,
        at=scope.now(),
        data=data,
        request_id=scope.request_id,
    )
