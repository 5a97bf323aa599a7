"""Supervision queries: the rectification ledger (整改台账) and the lists, restricted by the caller's unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.queryset import QuerySet

from models.supervision import (
    Bulletin,
    Inspection,
    Interview,
    SupervisionItem,
    SupervisionLevel,
    SupervisionSource,
    SupervisionStatus,
)
from models.unit import Unit
from resolvers.access import Actor, require_reader
from resolvers.pagination import nothing

__all__ = [
    "SupervisionItemFilter",
    "filter_items",
    "list_bulletins",
    "list_inspections",
    "list_interviews",
    "may_read_item_unit",
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


def may_read_item_unit(actor: Actor, unit_path: str) -> bool:
    return not actor.unit_scoped or unit_path.startswith(actor.unit_path or "/-")


def _visible_items(actor: Actor) -> QuerySet[SupervisionItem]:
    require_reader(actor, "supervision")
    qs = SupervisionItem.all()
    if actor.unit_scoped:
        qs = qs.filter(responsible_unit__path__startswith=actor.unit_path or "/-")
    return qs


async def filter_items(actor: Actor, f: SupervisionItemFilter | None) -> QuerySet[SupervisionItem]:
    f = f or SupervisionItemFilter()
    qs = _visible_items(actor)
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
    return qs.order_by("due_on", "id")


def list_inspections(actor: Actor) -> QuerySet[Inspection]:
    require_reader(actor, "supervision")
    return Inspection.all().order_by("-starts_on", "-id")


def list_bulletins(actor: Actor) -> QuerySet[Bulletin]:
    require_reader(actor, "supervision")
    return Bulletin.all().order_by("-year", "-number")


def list_interviews(actor: Actor) -> QuerySet[Interview]:
    require_reader(actor, "supervision")
    qs = Interview.all()
    if actor.unit_scoped:
        qs = qs.filter(unit__path__startswith=actor.unit_path or "/-")
    return qs.order_by("-held_on", "-id")
