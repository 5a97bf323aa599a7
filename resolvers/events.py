"""Recording events: every write appends who/when/what to the subject's timeline, in its transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from models.event import Event
from resolvers.access import Scope

__all__ = ["collect_events", "record_event"]

# The events recorded by the running mutation (set by `collect_events`), summarized in its audit entry.
_collected: ContextVar[list[Event] | None] = ContextVar("collected_events", default=None)


@contextlib.contextmanager
def collect_events() -> Iterator[list[Event]]:
    """Within the block, every `record_event` of this task is also appended to the yielded list."""
    events: list[Event] = []
    token = _collected.set(events)
    try:
        yield events
    finally:
        _collected.reset(token)


async def record_event(
    scope: Scope,
    subject_type: str,
    subject_id: int,
    kind: str,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    event = await Event.create(
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
    collected = _collected.get()
    if collected is not None:
        collected.append(event)
    return event
