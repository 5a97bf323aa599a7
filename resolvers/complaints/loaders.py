"""Dataloaders for complaints and enterprises: one SELECT per batch, whatever the page size."""

from __future__ import annotations

from collections.abc import Sequence

from models.by_id import load_by_id
from models.complaint import Complaint, ComplaintDispatch, Extension, ReturnVisit, SlaPolicy
from models.enterprise import Enterprise
from models.event import Event

__all__ = [
    "load_complaint_dispatches",
    "load_complaint_events",
    "load_complaint_extensions",
    "load_complaints",
    "load_enterprises",
    "load_extensions",
    "load_latest_return_visits",
    "load_sla_policies",
]


async def load_enterprises(ids: Sequence[int]) -> list[Enterprise | None]:
    return await load_by_id(Enterprise, ids)


async def load_sla_policies(ids: Sequence[int]) -> list[SlaPolicy | None]:
    return await load_by_id(SlaPolicy, ids)


async def load_complaints(ids: Sequence[int]) -> list[Complaint | None]:
    return await load_by_id(Complaint, ids)


async def load_extensions(ids: Sequence[int]) -> list[Extension | None]:
    return await load_by_id(Extension, ids)


async def load_complaint_dispatches(ids: Sequence[int]) -> list[list[ComplaintDispatch]]:
    grouped: dict[int, list[ComplaintDispatch]] = {i: [] for i in ids}
    for row in await ComplaintDispatch.filter(complaint_id__in=set(ids)).order_by("dispatched_at", "id"):
        grouped[row.complaint_id].append(row)  # type: ignore[attr-defined]
    return [grouped[i] for i in ids]


async def load_complaint_extensions(ids: Sequence[int]) -> list[list[Extension]]:
    grouped: dict[int, list[Extension]] = {i: [] for i in ids}
    for row in await Extension.filter(complaint_id__in=set(ids)).order_by("requested_at", "id"):
        grouped[row.complaint_id].append(row)  # type: ignore[attr-defined]
    return [grouped[i] for i in ids]


async def load_latest_return_visits(ids: Sequence[int]) -> list[ReturnVisit | None]:
    latest: dict[int, ReturnVisit] = {}
    for row in await ReturnVisit.filter(complaint_id__in=set(ids)).order_by("visited_at", "id"):
        latest[row.complaint_id] = row  # type: ignore[attr-defined]
    return [latest.get(i) for i in ids]


async def load_complaint_events(ids: Sequence[int]) -> list[list[Event]]:
    grouped: dict[int, list[Event]] = {i: [] for i in ids}
    for row in await Event.filter(subject_type="Complaint", subject_id__in=set(ids)).order_by("at", "id"):
        grouped[row.subject_id].append(row)
    return [grouped[i] for i in ids]
