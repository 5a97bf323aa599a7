"""Recording events: every write appends who/when/what to the subject's timeline, in its transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from models.bulk import insert_rows
from models.event import Event
from resolvers.access import Scope

__all__ = ["collect_events", "record_event", "record_events"]

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


def _event(
    scope: Scope,
    subject_type: str,
    subject_id: int,
    kind: str,
    summary: str,
    data: dict[str, Any] | None,
    at: datetime | None = None,
) -> Event:
    return Event(
        subject_type=subject_type,
        subject_id=subject_id,
        kind=kind,
        summary=summary[:500],
        actor=scope.actor.name,
        actor_role=scope.actor.role.value,
        at=at or scope.now(),
        data=data,
        request_id=scope.request_id,
    )


def _collect(events: list[Event]) -> None:
    collected = _collected.get()
    if collected is not None:
        collected.extend(events)


async def record_event(
    scope: Scope,
    subject_type: str,
    subject_id: int,
    kind: str,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    event = _event(scope, subject_type, subject_id, kind, summary, data)
    await event.save(force_create=True)
    _collect([event])
    return event


_COLUMNS = (
    "subject_type",
    "subject_id",
    "kind",
    "summary",
    "actor",
    "actor_role",
    "at",
    "data",
    "request_id",
)


async def record_events(
    scope: Scope,
    events: list[tuple[str, int, str, str, dict[str, Any] | None]],
    at: datetime | None = None,
) -> None:
    """Many `record_event`s in batched INSERTs: (subject type, id, kind, summary, data) each.

    `at` stamps them all with one instant (default: now, read per event), e.g. the time a write
    stored on its row, so the timeline and the row agree."""
    rows = [_event(scope, *event, at=at) for event in events]
    encode = Event._meta.fields_map["data"].to_db_value
    values = ([getattr(e, c) for c in _COLUMNS[:-2]] + [encode(e.data, e), e.request_id] for e in rows)
    await insert_rows(Event, _COLUMNS, values)
    _collect(rows)
