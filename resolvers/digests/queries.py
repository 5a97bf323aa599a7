"""Digest queries: who may read which digests, and the filtered list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models.auth import Role
from models.digest import Digest, DigestPeriod
from models.unit import Unit
from resolvers.access import Actor
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from resolvers.pagination import nothing

__all__ = ["DigestFilter", "filter_digests", "may_read_digest"]

READERS = {Role.ADMIN, Role.SUPERVISOR, Role.INSPECTOR, Role.UNIT_OPERATOR, Role.VIEWER}


@dataclass
class DigestFilter:
    recipient_unit_code: str | None = None
    recipient_role: Role | None = None
    period: DigestPeriod | None = None
    from_date: date | None = None
    to_date: date | None = None
    acknowledged: bool | None = None


def _units_under(path: str) -> Subquery:
    return Subquery(Unit.filter(path__startswith=path).values("id"))


def visible_digests(actor: Actor) -> QuerySet[Digest]:
    if actor.role not in READERS:
        raise RequestError(ErrorCode.FORBIDDEN, "无权查看提醒 (digests are not for this role)")
    qs = Digest.all()
    if actor.unit_scoped:
        return qs.filter(recipient_unit_id__in=_units_under(actor.unit_path or "/-"))
    if not actor.sees_confidential:
        # The inspectors' digests name discipline matters: nobody else learns they exist.
        qs = qs.filter(Q(recipient_role__isnull=True) | ~Q(recipient_role=Role.INSPECTOR.value))
    return qs


def may_read_digest(actor: Actor, digest: Digest, unit_path: str | None) -> bool:
    if actor.role not in READERS:
        return False
    if actor.unit_scoped:
        return unit_path is not None and unit_path.startswith(actor.unit_path or "/-")
    return actor.sees_confidential or digest.recipient_role != Role.INSPECTOR.value


async def filter_digests(actor: Actor, f: DigestFilter | None) -> QuerySet[Digest]:
    f = f or DigestFilter()
    qs = visible_digests(actor)
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
    return qs.order_by("-period_start", "recipient_key", "id")
