"""Supervision queries: the rectification ledger (整改台账) and the lists, restricted by the caller's unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.queryset import QuerySet

from models.supervision import (
    Bulletin,
    Finding,
    Inspection,
    Interview,
    SupervisionItem,
    SupervisionLevel,
    SupervisionSource,
    SupervisionStatus,
)
from models.unit import Unit
from resolvers.access import READERS, Actor
from resolvers.listing import Listing, register, subtree_rule
from resolvers.pagination import nothing

__all__ = [
    "SupervisionItemFilter",
    "filter_items",
    "list_bulletins",
    "list_inspections",
    "list_interviews",
    "BULLETINS",
    "FINDINGS",
    "INSPECTIONS",
    "INTERVIEWS",
    "SUPERVISION_ITEMS",
]


@dataclass
class SupervisionItemFilter:
    inspection_id: int | None = None
    unit_code: str | None = None
    include_descendants: bool = True
    status: list[SupervisionStatus] | None = None
    overdue: bool | None = None
    level: list[SupervisionLevel] | None = None
    source: list[SupervisionSource] | None = None
    due_from: date | None = None
    due_to: date | None = None


_READERS = READERS["supervision"]
_DENIED = "无权查看 (forbidden: supervision)"
# Supervision items and interviews belong to one unit: unit operators see their subtree's only.
SUPERVISION_ITEMS: Listing[SupervisionItem] = register(
    Listing(
        "SupervisionItem",
        SupervisionItem,
        rule=subtree_rule("responsible_unit"),
        readers=_READERS,
        denied=_DENIED,
        filters=lambda qs, f, now: _filter_items(qs, f, now),
        default_order=("due_on", "id"),
    )
)
INTERVIEWS: Listing[Interview] = register(
    Listing(
        "Interview",
        Interview,
        rule=subtree_rule("unit"),
        readers=_READERS,
        denied=_DENIED,
        default_order=("-held_on", "-id"),
    )
)
INSPECTIONS: Listing[Inspection] = register(
    Listing("Inspection", Inspection, readers=_READERS, denied=_DENIED, default_order=("-starts_on", "-id"))
)
FINDINGS: Listing[Finding] = register(Listing("Finding", Finding, readers=_READERS, denied=_DENIED))
BULLETINS: Listing[Bulletin] = register(
    Listing("Bulletin", Bulletin, readers=_READERS, denied=_DENIED, default_order=("-year", "-number"))
)


async def _filter_items(qs: QuerySet[Any], f: SupervisionItemFilter, now: datetime) -> QuerySet[Any]:
    if f.inspection_id is not None:
        qs = qs.filter(inspection_id=f.inspection_id)
    if f.unit_code:
        unit = await Unit.get_or_none(code=f.unit_code)
        if unit is None:
            return nothing(qs)
        if f.include_descendants:
            qs = qs.filter(responsible_unit__path__startswith=unit.path)
        else:
            qs = qs.filter(responsible_unit_id=unit.id)
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.overdue is not None:
        qs = qs.filter(is_overdue=f.overdue)
    if f.level:
        qs = qs.filter(level__in=f.level)
    if f.source:
        qs = qs.filter(source__in=f.source)
    if f.due_from:
        qs = qs.filter(due_on__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(due_on__lte=f.due_to)
    return qs


async def filter_items(actor: Actor, f: SupervisionItemFilter | None) -> QuerySet[SupervisionItem]:
    """The list's rows: `SUPERVISION_ITEMS`'s rule, then its filters and order."""
    return await SUPERVISION_ITEMS.listed(actor, f or SupervisionItemFilter())


async def list_inspections(actor: Actor) -> QuerySet[Inspection]:
    return await INSPECTIONS.listed(actor)


async def list_bulletins(actor: Actor) -> QuerySet[Bulletin]:
    return await BULLETINS.listed(actor)


async def list_interviews(actor: Actor) -> QuerySet[Interview]:
    return await INTERVIEWS.listed(actor)
