"""The key follow-up list (重点推进): marked complaints a caller may see, longest-waiting first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tortoise.queryset import QuerySet

from models.complaint import Complaint
from resolvers.access import Actor
from resolvers.complaints.queries import ComplaintFilter, visible_complaints

__all__ = ["key_follow_ups"]


async def key_follow_ups(actor: Actor, f: ComplaintFilter | None, now: datetime) -> QuerySet[Complaint]:
    """Marked complaints under the complaints list's row rule and filter, ordered by the latest visit
    (the oldest verdict first: it has waited longest to be put right), then by id.

    The mark is this list's condition, so a filter's `followUp` is overridden, never combined."""
    marked = replace(f or ComplaintFilter(), follow_up=True)
    qs = await visible_complaints(actor, marked, None, now)
    return qs.order_by("visited_at", "id")
