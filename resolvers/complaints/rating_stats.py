"""好差评 figures: 好评率 and 差评按期整改率 for a unit (its subtree) or every unit the caller sees, per period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.rating import BAD_SCORES, GOOD_SCORES, ComplaintRating
from models.unit import Unit
from resolvers.access import Actor
from resolvers.complaints.stats import period_bounds
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError

__all__ = ["RatingFigures", "rating_figures"]


@dataclass(frozen=True)
class RatingFigures:
    start_day: date
    end_day: date
    rated: int
    good: int
    bad: int
    bad_due: int
    rectified_in_time: int

    @staticmethod
    def _rate(numerator: int, denominator: int) -> float | None:
        return None if denominator == 0 else round(numerator / denominator, 4)

    @property
    def good_rate(self) -> float | None:
        return self._rate(self.good, self.rated)

    @property
    def rectified_on_time_rate(self) -> float | None:
        return self._rate(self.rectified_in_time, self.bad_due)


async def _scoped(actor: Actor, unit_code: str | None, descendants: bool) -> QuerySet[ComplaintRating]:
    qs = ComplaintRating.all()
    if actor.unit_scoped:
        qs = qs.filter(unit__path__startswith=actor.unit_path or "/nothing/")
    if unit_code:
        unit = await Unit.get_or_none(code=unit_code)
        if unit is None:
            raise RequestError(ErrorCode.NOT_FOUND, f"单位不存在 (unknown unit): {unit_code}")
        qs = qs.filter(unit__path__startswith=unit.path) if descendants else qs.filter(unit_id=unit.id)
    return qs


async def rating_figures(
    actor: Actor,
    now: datetime,
    start_day: date,
    end_day: date,
    unit_code: str | None = None,
    descendants: bool = True,
) -> RatingFigures:
    """好评率 = 好评 (3-5) ÷ ratings made in the period. 差评按期整改率 = 差评 rectified by their deadline ÷
    差评 whose rectification deadline fell in the period (a deadline belongs to the day it ends) or that
    were rectified in it; only what is due counts: one whose deadline has not passed yet (now) and not
    rectified is neither on time nor late."""
    if end_day < start_day:
        raise RequestError(
            ErrorCode.INVALID_PERIOD, f"结束日期早于开始日期 (to {end_day} is before from {start_day})"
        )
    # As UTC instants: SQLite compares the stored UTC text.
    start, end = (moment.astimezone(UTC) for moment in period_bounds(start_day, end_day))
    qs = await _scoped(actor, unit_code, descendants)
    made = qs.filter(rated_at__gte=start, rated_at__lt=end)
    due = qs.filter(
        Q(rectify_due_at__gt=start, rectify_due_at__lte=min(end, now.astimezone(UTC)))
        | Q(rectified_at__gte=start, rectified_at__lt=end),
        score__in=list(BAD_SCORES),
    )
    return RatingFigures(
        start_day,
        end_day,
        rated=await made.count(),
        good=await made.filter(score__in=list(GOOD_SCORES)).count(),
        bad=await made.filter(score__in=list(BAD_SCORES)).count(),
        bad_due=await due.count(),
        rectified_in_time=await due.filter(rectify_in_time=True).count(),
    )
