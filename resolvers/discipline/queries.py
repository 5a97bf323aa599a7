"""Discipline queries: clues and cases, for discipline inspectors and administrators only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.queryset import QuerySet

from models.discipline import (
    Case,
    CaseStatus,
    Clue,
    ClueConduct,
    ClueDisposal,
    ClueSource,
    Recommendation,
    Sanction,
)
from resolvers.access import CONFIDENTIAL_READERS, Actor
from resolvers.listing import Listing, register

__all__ = [
    "CASES",
    "CLUES",
    "RECOMMENDATIONS",
    "SANCTIONS",
    "CaseFilter",
    "ClueFilter",
    "filter_cases",
    "filter_clues",
    "require_confidential",
]


@dataclass
class ClueFilter:
    disposal: list[ClueDisposal] | None = None
    undisposed: bool | None = None
    source: list[ClueSource] | None = None
    conduct: list[ClueConduct] | None = None
    received_from: date | None = None
    received_to: date | None = None


@dataclass
class CaseFilter:
    status: list[CaseStatus] | None = None
    filed_from: date | None = None
    filed_to: date | None = None


# Discipline data is for inspectors and administrators only: any other role is refused before any
# lookup, the same answer whether a row exists or not, so nothing leaks.
_DENIED = "无权查看纪检监察信息 (discipline data is confidential)"
CLUES: Listing[Clue] = register(
    Listing(
        "Clue",
        Clue,
        readers=CONFIDENTIAL_READERS,
        denied=_DENIED,
        filters=lambda qs, f, now: _filter_clues(qs, f, now),
        default_order=(
            "-received_on",
            "-id",
        ),
    )
)
CASES: Listing[Case] = register(
    Listing(
        "Case",
        Case,
        readers=CONFIDENTIAL_READERS,
        denied=_DENIED,
        filters=lambda qs, f, now: _filter_cases(qs, f, now),
        default_order=(
            "-filed_on",
            "-id",
        ),
    )
)
SANCTIONS: Listing[Sanction] = register(
    Listing("Sanction", Sanction, readers=CONFIDENTIAL_READERS, denied=_DENIED)
)
RECOMMENDATIONS: Listing[Recommendation] = register(
    Listing("Recommendation", Recommendation, readers=CONFIDENTIAL_READERS, denied=_DENIED)
)


def require_confidential(actor: Actor) -> None:
    """The one check for reading discipline data (the discipline listings' readers)."""
    CLUES.require_readable(actor)


async def _filter_clues(qs: QuerySet[Any], f: ClueFilter, now: datetime) -> QuerySet[Any]:
    if f.disposal:
        qs = qs.filter(disposal__in=f.disposal)
    if f.undisposed is not None:
        qs = qs.filter(disposal__isnull=f.undisposed)
    if f.source:
        qs = qs.filter(source__in=f.source)
    if f.conduct:
        qs = qs.filter(conduct__in=f.conduct)
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    return qs


async def filter_clues(actor: Actor, f: ClueFilter | None) -> QuerySet[Clue]:
    """The list's rows: `CLUES`'s rule, then its filters and order."""
    return await CLUES.listed(actor, f or ClueFilter())


async def _filter_cases(qs: QuerySet[Any], f: CaseFilter, now: datetime) -> QuerySet[Any]:
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.filed_from:
        qs = qs.filter(filed_on__gte=f.filed_from)
    if f.filed_to:
        qs = qs.filter(filed_on__lte=f.filed_to)
    return qs


async def filter_cases(actor: Actor, f: CaseFilter | None) -> QuerySet[Case]:
    """The list's rows: `CASES`'s rule, then its filters and order."""
    return await CASES.listed(actor, f or CaseFilter())
