"""Overdue flag queries: the filtered list, and what subjects and units read from the flags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from models.overdue import OverdueFlag, OverdueKind
from models.unit import Unit
from resolvers.access import Actor, may_read
from resolvers.pagination import nothing

__all__ = [
    "subtree_overdue_counts",
    "OverdueFilter",
    "filter_flags",
    "hidden_kinds",
    "load_open_flag_by_subject",
    "load_unit_complaint_overdue_by_kind",
    "load_unit_overdue_by_kind",
]

CONFIDENTIAL_KINDS = (OverdueKind.RECOMMENDATION,)
# The area a flag's subject belongs to (resolvers/access.py READERS); complaint stages everyone reads.
KIND_AREAS = {
    OverdueKind.TASK: "tasks",
    OverdueKind.MILESTONE: "tasks",
    OverdueKind.SUPERVISION_ITEM: "supervision",
}


@dataclass
class OverdueFilter:
    unit_code: str | None = None
    include_descendants: bool = True
    kinds: list[OverdueKind] | None = None
    min_working_days: int | None = None
    include_cleared: bool = False


def hidden_kinds(actor: Actor) -> list[OverdueKind]:
    """Kinds of flag the actor may not learn of: discipline kinds, and kinds of areas it does not read."""
    hidden = [] if actor.sees_confidential else list(CONFIDENTIAL_KINDS)
    return hidden + [kind for kind, area in KIND_AREAS.items() if not may_read(actor, area)]


def visible_flags(actor: Actor) -> QuerySet[OverdueFlag]:
    """Flags the actor may see: unit operators their subtree only; discipline kinds for inspectors only."""
    qs = OverdueFlag.all()
    hidden = hidden_kinds(actor)
    if hidden:
        qs = qs.exclude(kind__in=hidden)
    if actor.unit_scoped:
        qs = qs.filter(
            unit_id__in=Subquery(Unit.filter(path__startswith=actor.unit_path or "/-").values("id"))
        )
    return qs


async def filter_flags(actor: Actor, f: OverdueFilter | None) -> QuerySet[OverdueFlag]:
    f = f or OverdueFilter()
    qs = visible_flags(actor)
    if not f.include_cleared:
        qs = qs.filter(cleared_at=None)
    if f.kinds:
        qs = qs.filter(kind__in=f.kinds)
    if f.min_working_days is not None:
        qs = qs.filter(overdue_working_days__gt=f.min_working_days)
    if f.unit_code:
        unit = await Unit.get_or_none(code=f.unit_code)
        if unit is None:
            return nothing(qs)
        if f.include_descendants:
            qs = qs.filter(unit_id__in=Subquery(Unit.filter(path__startswith=unit.path).values("id")))
        else:
            qs = qs.filter(unit_id=unit.id)
    return qs.order_by("-overdue_working_days", "due_at", "id")


async def load_open_flag_by_subject(keys: Sequence[tuple[str, int]]) -> list[OverdueFlag | None]:
    """The earliest open flag of each (subject type, id): what isOverdue/overdueSince read."""
    types = {t for t, _ in keys}
    ids = {i for _, i in keys}
    found: dict[tuple[str, int], OverdueFlag] = {}
    rows = OverdueFlag.filter(subject_type__in=types, subject_id__in=ids, cleared_at=None).order_by(
        "detected_at"
    )
    for flag in await rows:
        found.setdefault((flag.subject_type, flag.subject_id), flag)
    return [found.get(k) for k in keys]


async def load_unit_overdue_by_kind(unit_ids: Sequence[int]) -> list[dict[OverdueKind, int]]:
    """Open flags per kind (those every reader of tasks and supervision may see) per responsible unit."""
    return await _unit_counts(unit_ids, CONFIDENTIAL_KINDS)


async def load_unit_complaint_overdue_by_kind(unit_ids: Sequence[int]) -> list[dict[OverdueKind, int]]:
    """The same counts for callers that read complaints only (the hotline): complaint stages alone."""
    return await _unit_counts(unit_ids, (*CONFIDENTIAL_KINDS, *KIND_AREAS))


async def _unit_counts(
    unit_ids: Sequence[int], hidden: Sequence[OverdueKind]
) -> list[dict[OverdueKind, int]]:
    """Open flags per responsible unit and kind, leaving out `hidden` kinds: one GROUP BY per batch."""
    rows = (
        await OverdueFlag.filter(cleared_at=None, unit_id__in=set(unit_ids))
        .exclude(kind__in=hidden)
        .annotate(n=Count("id"))
        .group_by("unit_id", "kind")
        .values("unit_id", "kind", "n")
    )
    counts: dict[int, dict[OverdueKind, int]] = {}
    for r in rows:
        counts.setdefault(r["unit_id"], {})[OverdueKind(r["kind"])] = r["n"]
    return [counts.get(i, {}) for i in unit_ids]


async def subtree_overdue_counts(units: Sequence[Unit], kinds: Sequence[OverdueKind]) -> list[int]:
    """Open flags of these kinds for which each unit or a unit below it is responsible (one GROUP BY)."""
    rows = (
        await OverdueFlag.filter(cleared_at=None, kind__in=list(kinds), unit_id__not_isnull=True)
        .annotate(n=Count("id"))
        .group_by("unit__path")
        .values("unit__path", "n")
    )
    per_path = {r["unit__path"]: r["n"] for r in rows}
    return [sum(n for path, n in per_path.items() if path.startswith(unit.path)) for unit in units]
