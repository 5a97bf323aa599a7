"""Complaint queries: the filtered, ordered list a caller may see, and lookup by serial number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from tortoise import connections
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.complaint import (
    Complaint,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
    Extension,
    Satisfaction,
    SlaStage,
)
from models.complaint_rules import OPEN_STATUSES
from resolvers.access import Actor
from resolvers.complaints.loaders import load_enterprises
from resolvers.listing import Listing, Prime, pages_per_parent, register, subtree_rule
from resolvers.pagination import Page, first_mentions
from resolvers.units.loaders import load_units

__all__ = [
    "ComplaintFilter",
    "ComplaintOrder",
    "ComplaintOrderField",
    "complaint_by_serial",
    "COMPLAINTS",
    "filter_complaints",
    "EXTENSIONS",
    "overdue_q",
    "subtree_ids",
    "subtrees_ids",
    "unit_complaint_pages",
    "breached_q",
    "visible_complaints",
    "visible_to",
]

STAGE_COLUMNS = {
    SlaStage.CONTACT: ("contact_due_at", "contacted_at", "contact_in_time"),
    SlaStage.REPLY: ("reply_due_at", "replied_at", "reply_in_time"),
    SlaStage.RESOLVE: ("resolve_due_at", "resolved_at", "resolve_in_time"),
}


class ComplaintOrderField(str, Enum):
    RECEIVED_AT = "RECEIVED_AT"
    SERIAL_NO = "SERIAL_NO"
    RESOLVE_DUE_AT = "RESOLVE_DUE_AT"
    STATUS = "STATUS"


@dataclass
class ComplaintOrder:
    field: ComplaintOrderField
    descending: bool = False


@dataclass
class ComplaintFilter:
    status: list[ComplaintStatus] | None = None
    unit_code: str | None = None
    include_descendants: bool = True
    channel: list[ComplaintChannel] | None = None
    kind: list[ComplaintKind] | None = None
    enterprise_id: int | None = None
    credit_code: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    due_before: datetime | None = None
    overdue: bool | None = None
    breached_stage: SlaStage | None = None
    reopened: bool | None = None
    escalated: bool | None = None
    satisfaction: list[Satisfaction] | None = None
    text: str | None = None


def _unmet_past_due(stage: SlaStage, now: datetime) -> Q:
    due, met, _ = STAGE_COLUMNS[stage]
    return Q(status__in=list(OPEN_STATUSES), **{f"{met}__isnull": True, f"{due}__lt": now})


def overdue_q(now: datetime) -> Q:
    """Open complaints with a stage unmet past its deadline, computed from the columns."""
    return Q(*(_unmet_past_due(stage, now) for stage in SlaStage), join_type=Q.OR)


def breached_q(stage: SlaStage, now: datetime) -> Q:
    """The stage was met late, or is still unmet past its deadline."""
    return Q(**{STAGE_COLUMNS[stage][2]: False}) | _unmet_past_due(stage, now)


async def subtree_ids(code: str, include_descendants: bool) -> list[int]:
    """The ids of the unit with this code and (optionally) its descendants: one statement.

    The page then filters `handling_unit_id IN (…)` instead of joining `unit` on its path: one unit's
    page is a seek in its (handling_unit_id, received_at) index (PostgreSQL, scale 1: the largest
    leaf 2,728 rows read, 8.5 ms -> 102 rows, 0.2 ms). A subtree's page walks the received-time
    index and drops other units' rows (the county: 845 rows for 101, 0.4 ms); one ordered branch
    per unit, merged, read 143 but cost 10.8 ms of planning for 44 branches (`bench/plans.py`).
    """
    conn = connections.get("default")
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    sql = f"SELECT u.id FROM unit u JOIN unit p ON p.code = {mark} AND " + (
        "substr(u.path, 1, length(p.path)) = p.path" if include_descendants else "u.id = p.id"
    )
    _, rows = await conn.execute_query(sql + " ORDER BY u.id", [code])
    return [row["id"] for row in rows]


async def subtrees_ids(codes: Sequence[str], include_descendants: bool) -> dict[str, list[int]]:
    """`subtree_ids` of several units in one statement: code -> ids (no entry for an unknown code)."""
    if not codes:
        return {}
    conn = connections.get("default")
    postgres = conn.capabilities.dialect == "postgres"
    marks = ", ".join(f"${n}" if postgres else "?" for n in range(1, len(codes) + 1))
    sql = f"SELECT p.code AS code, u.id AS id FROM unit u JOIN unit p ON p.code IN ({marks}) AND " + (
        "substr(u.path, 1, length(p.path)) = p.path" if include_descendants else "u.id = p.id"
    )
    _, rows = await conn.execute_query(sql + " ORDER BY u.id", list(codes))
    found: dict[str, list[int]] = {}
    for row in rows:
        found.setdefault(row["code"], []).append(row["id"])
    return found


async def unit_complaint_pages(
    actor: Actor,
    codes: Sequence[str],
    f: ComplaintFilter | None,
    first: int | None,
    after: str | None,
    now: datetime,
    columns: Sequence[str] | None,
) -> list[Page[Complaint]]:
    """Each unit's complaints (its subtree's unless the filter says otherwise) under the same filter, in
    the list's order: a page per unit for all the units at once (`pages_per_parent`)."""
    base_filter = replace(f, unit_code=None) if f is not None else None
    base = await COMPLAINTS.listed(actor, base_filter, None, now)
    subtrees = await subtrees_ids(codes, f.include_descendants if f is not None else True)
    return await pages_per_parent(
        base, [Q(handling_unit_id__in=subtrees.get(code, [])) for code in codes], first, after, columns
    )


async def _unit_q(f: ComplaintFilter) -> Q | None:
    if not f.unit_code:
        return None
    ids = await subtree_ids(f.unit_code, f.include_descendants)
    return Q(handling_unit_id__in=ids) if ids else Q(id__in=[])


def _plain_filters(f: ComplaintFilter, now: datetime) -> list[Q]:
    found: list[Q] = []
    for column, value in (("status__in", f.status), ("channel__in", f.channel), ("kind__in", f.kind)):
        if value:
            found.append(Q(**{column: value}))
    if f.satisfaction:
        found.append(Q(satisfaction__in=f.satisfaction))
    if f.enterprise_id is not None:
        found.append(Q(enterprise_id=f.enterprise_id))
    if f.credit_code:
        found.append(Q(enterprise__credit_code=f.credit_code.strip().upper()))
    if f.received_from is not None:
        found.append(Q(received_at__gte=f.received_from))
    if f.received_to is not None:
        found.append(Q(received_at__lt=f.received_to))
    if f.due_before is not None:
        found.append(Q(status__in=list(OPEN_STATUSES), resolve_due_at__lt=f.due_before))
    if f.overdue is not None:
        found.append(overdue_q(now) if f.overdue else ~overdue_q(now))
    if f.breached_stage is not None:
        found.append(breached_q(f.breached_stage, now))
    if f.reopened is not None:
        found.append(Q(reopen_count__gt=0) if f.reopened else Q(reopen_count=0))
    if f.escalated is not None:
        found.append(Q(escalated_at__isnull=not f.escalated))
    if f.text:
        found.append(Q(title__icontains=f.text) | Q(content__icontains=f.text))
    return found


ORDER_COLUMNS = {
    ComplaintOrderField.RECEIVED_AT: "received_at",
    ComplaintOrderField.SERIAL_NO: "serial_no",
    ComplaintOrderField.RESOLVE_DUE_AT: "resolve_due_at",
    ComplaintOrderField.STATUS: "status",
}


async def _filtered(qs: QuerySet[Complaint], f: ComplaintFilter, now: datetime) -> QuerySet[Complaint]:
    unit_q = await _unit_q(f)
    for q in [*([unit_q] if unit_q is not None else []), *_plain_filters(f, now)]:
        qs = qs.filter(q)
    return qs


def _ordered(qs: QuerySet[Complaint], order: list[ComplaintOrder] | None) -> QuerySet[Complaint]:
    firsts = first_mentions(order or [], lambda o: o.field)
    columns = [("-" if o.descending else "") + ORDER_COLUMNS[o.field] for o in firsts]
    return qs.order_by(*(columns or ["-received_at"]), "-id")


# The columns each non-column field of `Complaint` reads off the row (see `Listing.needs`): a list
# selects ~15 of 36 columns.
_STAGE_COLUMNS = (
    "status",
    "contact_due_at",
    "contacted_at",
    "reply_due_at",
    "replied_at",
    "resolve_due_at",
    "resolved_at",
)
NEEDS: dict[str, tuple[str, ...]] = {
    "__typename": (),
    "id": ("id",),
    "enterprise": ("enterprise_id",),
    "handlingUnit": ("handling_unit_id",),
    "slaPolicy": ("sla_policy_id",),
    "returnVisit": ("id",),
    # The verdict says whether a late extension's breach must be looked up (`Complaint.breaches`).
    "breaches": (*_STAGE_COLUMNS, "resolve_in_time"),
    "isOverdue": _STAGE_COLUMNS,
    "dispatches": ("id",),
    "extensions": ("id",),
    "events": ("id",),
}

# Complaints: unit operators see those dispatched to their unit's subtree; every other role all.
COMPLAINTS: Listing[Complaint] = register(
    Listing(
        "Complaint",
        Complaint,
        rule=subtree_rule("handling_unit"),
        owner="handling_unit",
        filters=_filtered,
        order=_ordered,
        needs=NEEDS,
        primes={
            "enterprise": Prime(load_enterprises, "enterprise_id"),
            "handlingUnit": Prime(load_units, "handling_unit_id"),
        },
    )
)


def _extension_rule(actor: Actor) -> Q | None:
    """An extension is visible exactly when its complaint is."""
    visible = COMPLAINTS.id_subquery(actor)
    return None if visible is None else Q(complaint_id__in=visible)


EXTENSIONS: Listing[Extension] = register(Listing("Extension", Extension, rule=_extension_rule))


async def filter_complaints(
    qs: QuerySet[Complaint], f: ComplaintFilter | None, order: list[ComplaintOrder] | None, now: datetime
) -> QuerySet[Complaint]:
    """The list's filters and ordering over any rows (the benchmarks' plans start from all rows)."""
    return _ordered(await _filtered(qs, f, now) if f is not None else qs, order)


def visible_to(actor: Actor) -> QuerySet[Complaint]:
    """Every complaint the actor may see (the complaints' row rule: `COMPLAINTS`)."""
    return COMPLAINTS.rows(actor)


async def visible_complaints(
    actor: Actor, f: ComplaintFilter | None, order: list[ComplaintOrder] | None, now: datetime
) -> QuerySet[Complaint]:
    return await COMPLAINTS.listed(actor, f, order, now)


async def complaint_by_serial(actor: Actor, serial_no: str) -> Complaint | None:
    return await visible_to(actor).get_or_none(serial_no=serial_no)
