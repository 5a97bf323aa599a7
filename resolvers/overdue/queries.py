"""Overdue flag queries: the filtered list, and what subjects and units read from the flags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from models.overdue import OverdueFlag, OverdueKind
from models.unit import Unit
from resolvers.access import Actor

# The subjects' listings, registered before any flag rule asks for them.
from resolvers.complaints import queries as _complaints  # noqa: F401
from resolvers.discipline import queries as _discipline  # noqa: F401
from resolvers.ledger import queries as _ledger  # noqa: F401
from resolvers.listing import LISTINGS, NOTHING, Listing, register
from resolvers.pagination import nothing
from resolvers.supervision import queries as _supervision  # noqa: F401

__all__ = [
    "OVERDUE_FLAGS",
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
    OverdueKind.REPORT_MISSING: "tasks",
    OverdueKind.SUPERVISION_ITEM: "supervision",
}
# The node type of each kind's subject (a flag's `subject_type`).
SUBJECT_TYPES = {
    OverdueKind.TASK: "Task",
    OverdueKind.MILESTONE: "Milestone",
    OverdueKind.COMPLAINT_STAGE: "Complaint",
    OverdueKind.SUPERVISION_ITEM: "SupervisionItem",
    OverdueKind.RECOMMENDATION: "Recommendation",
    OverdueKind.REPORT_MISSING: "Task",
}


def _flag_rule(actor: Actor) -> Q | None:
    """A flag is visible exactly when its subject is (it tells the subject's unit, deadline and delay):
    kinds whose subjects the role may not read are left out, and each other kind's flags are kept
    where the subject's listing keeps the subject."""
    kept: list[Q] = []
    restricted = False
    for kind, type_name in SUBJECT_TYPES.items():
        subjects = LISTINGS[type_name]
        if not subjects.readable(actor):
            restricted = True
            continue
        visible = subjects.id_subquery(actor)
        if visible is None:
            kept.append(Q(kind=kind))
        else:
            restricted = True
            kept.append(Q(kind=kind, subject_id__in=visible))
    if not restricted:
        return None
    return Q(*kept, join_type=Q.OR) if kept else NOTHING


OVERDUE_FLAGS: Listing[OverdueFlag] = register(
    Listing(
        "OverdueFlag",
        OverdueFlag,
        rule=_flag_rule,
        filters=lambda qs, f, now: _filter_flags(qs, f, now),
        default_order=(
            "-overdue_working_days",
            "due_at",
            "id",
        ),
    )
)


def hidden_kinds(actor: Actor) -> list[OverdueKind]:
    """Kinds of flag the actor may not learn of: those whose subjects its role may not read."""
    return [kind for kind, name in SUBJECT_TYPES.items() if not LISTINGS[name].readable(actor)]


@dataclass
class OverdueFilter:
    unit_code: str | None = None
    include_descendants: bool = True
    kinds: list[OverdueKind] | None = None
    min_working_days: int | None = None
    include_cleared: bool = False


async def _filter_flags(qs: QuerySet[Any], f: OverdueFilter, now: datetime) -> QuerySet[Any]:
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
    return qs


async def filter_flags(actor: Actor, f: OverdueFilter | None) -> QuerySet[OverdueFlag]:
    """The list's rows: `OVERDUE_FLAGS`'s rule, then its filters and order."""
    return await OVERDUE_FLAGS.listed(actor, f or OverdueFilter())


async def load_open_flag_by_subject(keys: Sequence[tuple[str, int]]) -> list[OverdueFlag | None]:
    """The earliest open flag of each (subject type, id): what isOverdue/overdueSince read.

    A missing progress report is not the subject's own deadline passing: leaving it out keeps a task's
    isOverdue equal to the stored is_overdue that the `overdue` task filter reads."""
    types = {t for t, _ in keys}
    ids = {i for _, i in keys}
    found: dict[tuple[str, int], OverdueFlag] = {}
    rows = (
        OverdueFlag.filter(subject_type__in=types, subject_id__in=ids, cleared_at=None)
        .exclude(kind=OverdueKind.REPORT_MISSING)
        .order_by("detected_at")
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
