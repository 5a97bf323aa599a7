"""Digest queries: who may read which digests, and the filtered list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.auth import Role
from models.digest import Digest, DigestPeriod
from models.unit import Unit
from resolvers.access import Actor
from resolvers.listing import Listing, register, subtree_rule
from resolvers.pagination import nothing

__all__ = ["DIGESTS", "DigestFilter", "filter_digests"]

READERS = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.INSPECTOR, Role.UNIT_OPERATOR, Role.VIEWER})


@dataclass
class DigestFilter:
    recipient_unit_code: str | None = None
    recipient_role: Role | None = None
    period: DigestPeriod | None = None
    from_date: date | None = None
    to_date: date | None = None
    acknowledged: bool | None = None


def _digest_rule(actor: Actor) -> Q | None:
    """Unit operators read their subtree's digests; the inspectors' digests name discipline matters,
    so nobody but inspectors and administrators learns they exist."""
    if actor.unit_scoped:
        return subtree_rule("recipient_unit")(actor)
    if not actor.sees_confidential:
        return Q(recipient_role__isnull=True) | ~Q(recipient_role=Role.INSPECTOR.value)
    return None


DIGESTS: Listing[Digest] = register(
    Listing(
        "Digest",
        Digest,
        rule=_digest_rule,
        readers=READERS,
        denied="无权查看提醒 (digests are not for this role)",
        filters=lambda qs, f, now: _filter_digests(qs, f, now),
        default_order=("-period_start", "recipient_key", "id"),
    )
)


async def _filter_digests(qs: QuerySet[Any], f: DigestFilter, now: datetime) -> QuerySet[Any]:
    if f.recipient_unit_code:
        unit = await Unit.get_or_none(code=f.recipient_unit_code)
        qs = qs.filter(recipient_unit_id=unit.id) if unit else nothing(qs)
    if f.recipient_role:
        qs = qs.filter(recipient_role=f.recipient_role.value)
    if f.period:
        qs = qs.filter(period=f.period)
    if f.from_date:
        qs = qs.filter(period_start__gte=f.from_date)
    if f.to_date:
        qs = qs.filter(period_start__lte=f.to_date)
    if f.acknowledged is not None:
        qs = qs.filter(acknowledged_at__isnull=not f.acknowledged)
    return qs


async def filter_digests(actor: Actor, f: DigestFilter | None) -> QuerySet[Digest]:
    """The list's rows: `DIGESTS`'s rule, then its filters and order."""
    return await DIGESTS.listed(actor, f or DigestFilter())
