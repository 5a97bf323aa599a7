"""Unit queries: the filtered list, lookup by code, subtree ids for "with descendants" filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.unit import Unit, UnitKind
from resolvers.access import Actor
from resolvers.listing import Listing, register
from resolvers.pagination import nothing

__all__ = ["UNITS", "UnitFilter", "filter_units", "subtree_q", "unit_by_code", "units_by_codes"]


@dataclass
class UnitFilter:
    kind: list[UnitKind] | None = None
    parent_code: str | None = None
    code_prefix: str | None = None
    name_contains: str | None = None
    active: bool | None = None
    under_code: str | None = None


# Units are reference data: every role reads every unit.
UNITS: Listing[Unit] = register(
    Listing("Unit", Unit, filters=lambda qs, f, now: _filter_units(qs, f, now), default_order=("code",))
)


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows in the subtree rooted at the unit with this path (itself included): one index range."""
    return Q(**{f"{field}__startswith": path})


async def unit_by_code(code: str) -> Unit | None:
    return await Unit.get_or_none(code=code)


async def units_by_codes(codes: list[str]) -> dict[str, Unit]:
    return {u.code: u for u in await Unit.filter(code__in=codes)}


async def _filter_units(qs: QuerySet[Any], f: UnitFilter, now: datetime) -> QuerySet[Any]:
    if f.kind:
        qs = qs.filter(kind__in=f.kind)
    if f.parent_code is not None:
        qs = qs.filter(parent__code=f.parent_code)
    if f.code_prefix:
        qs = qs.filter(code__startswith=f.code_prefix)
    if f.name_contains:
        qs = qs.filter(Q(name__icontains=f.name_contains) | Q(short_name__icontains=f.name_contains))
    if f.active is not None:
        qs = qs.filter(active=f.active)
    if f.under_code:
        root = await Unit.get_or_none(code=f.under_code)
        qs = qs.filter(subtree_q(root.path)) if root else nothing(qs)
    return qs


async def filter_units(actor: Actor, f: UnitFilter | None) -> QuerySet[Unit]:
    """The list's rows: `UNITS`'s rule, then its filters and order."""
    return await UNITS.listed(actor, f)
