"""好差评: rating a complaint's handling, and the "1、5、15" rectification of a 差评 (verify, rectify)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from models.by_id import load_by_id
from models.calendar import DurationUnit
from models.complaint import Complaint, ComplaintStatus
from models.rating import BAD_SCORES, COMPLEX_DAYS, SCORES, SIMPLE_DAYS, VERIFY_DAYS, ComplaintRating, is_bad
from resolvers.access import Actor, Scope, require_role
from resolvers.calendar.actions import ScheduleChange
from resolvers.complaints.common import get_complaint
from resolvers.complaints.sla import stage_due
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.listing import Listing, register, subtree_rule
from resolvers.versioning import update_versioned

__all__ = [
    "RateComplaint",
    "RectifyRating",
    "VerifyRating",
    "load_complaint_ratings",
    "load_ratings",
    "rate_complaint",
    "RATINGS",
    "rectify_rating",
    "verify_rating",
]

# A complaint is rated on its handling once resolved, and not while it is being handled again.
RATABLE = frozenset({ComplaintStatus.RESOLVED, ComplaintStatus.VISITED, ComplaintStatus.CLOSED})


# A rating belongs to the unit that handled its complaint: seen (and acted on) by whoever sees that
# unit's complaints.
RATINGS: Listing[ComplaintRating] = register(
    Listing("ComplaintRating", ComplaintRating, rule=subtree_rule("unit"))
)


@dataclass
class RateComplaint:
    complaint_id: int
    score: int
    comment: str | None = None


@dataclass
class VerifyRating:
    rating_id: int
    is_complex: bool
    note: str
    expected_version: int | None = None


@dataclass
class RectifyRating:
    rating_id: int
    note: str
    expected_version: int | None = None


async def _working_days(start: datetime, days: int) -> tuple[datetime, bool]:
    return await stage_due(start, days, DurationUnit.WORKING_DAYS)


def _note(text: str | None, field: str = "note") -> str:
    if text is None or not text.strip():
        raise UserError(ErrorCode.REQUIRED, f"说明不能为空 ({field} must not be blank)", field)
    return text.strip()


async def _ratable(actor: Actor, pk: int) -> Complaint:
    complaint = await get_complaint(actor, pk)
    if complaint.handling_unit_id is None or complaint.status not in RATABLE:  # type: ignore[attr-defined]
        raise UserError(
            ErrorCode.NOT_RESOLVED,
            f"诉求办结后才能评价 (rate a complaint once resolved; status {complaint.status.value})",
            "complaintId",
        )
    if await ComplaintRating.exists(complaint_id=complaint.id):
        raise UserError(ErrorCode.ALREADY_RATED, "该诉求已评价 (already rated)", "complaintId")
    return complaint


async def rate_complaint(scope: Scope, cmd: RateComplaint) -> ComplaintRating:
    """The enterprise's rating, taken by the hotline; a 差评 starts its verify and rectify clocks."""
    require_role(scope.actor, "return_visits")
    complaint = await _ratable(scope.actor, cmd.complaint_id)
    if cmd.score not in SCORES:
        raise UserError(ErrorCode.INVALID_SCORE, f"评分须为 1-5 (score must be 1 to 5): {cmd.score}", "score")
    now = scope.now()
    clocks: dict[str, Any] = {}
    if is_bad(cmd.score):
        verify_due, p1 = await _working_days(now, VERIFY_DAYS)
        rectify_due, p2 = await _working_days(now, SIMPLE_DAYS)
        clocks = {
            "verify_due_at": verify_due,
            "rectify_due_at": rectify_due,
            "deadline_provisional": p1 or p2,
        }
    rating = await ComplaintRating.create(
        complaint=complaint,
        unit_id=complaint.handling_unit_id,  # type: ignore[attr-defined]
        score=cmd.score,
        comment=(cmd.comment or "").strip() or None,
        rated_at=now,
        rated_by=scope.actor.name,
        **clocks,
    )
    verdict = "差评" if is_bad(cmd.score) else "好评"
    data = {"ratingId": rating.id, "score": cmd.score, "bad": is_bad(cmd.score)}
    await record_event(
        scope, "Complaint", complaint.id, "RATED", f"好差评：{cmd.score} 分（{verdict}）", data
    )
    return rating


async def _bad_rating(actor: Actor, pk: int) -> ComplaintRating:
    """A 差评 the actor may act on: a unit operator only its subtree's, any other answered as missing."""
    rating = await RATINGS.get(
        actor, pk, UserError(ErrorCode.NOT_FOUND, f"评价不存在 (unknown rating): {pk}", "ratingId")
    )
    if not is_bad(rating.score):
        raise UserError(
            ErrorCode.NOT_A_BAD_RATING, "好评无需整改 (only a 差评 is verified and rectified)", "ratingId"
        )
    return rating


async def verify_rating(scope: Scope, cmd: VerifyRating) -> ComplaintRating:
    """核实: the unit has verified the 差评 with the enterprise and judged it clear-cut (5 working days
    from the rating to rectify) or complex (15)."""
    require_role(scope.actor, "complaint_handling")
    rating = await _bad_rating(scope.actor, cmd.rating_id)
    if rating.verified_at is not None:
        raise UserError(ErrorCode.ALREADY_VERIFIED, "该差评已核实 (already verified)", "ratingId")
    note = _note(cmd.note)
    now = scope.now()
    rectify_due, provisional = await _working_days(
        rating.rated_at, COMPLEX_DAYS if cmd.is_complex else SIMPLE_DAYS
    )
    verify_in_time = rating.verify_due_at is None or now <= rating.verify_due_at
    await update_versioned(
        rating,
        cmd.expected_version,
        verified_at=now,
        verify_in_time=verify_in_time,
        verification_note=note,
        is_complex=cmd.is_complex,
        rectify_due_at=rectify_due,
        deadline_provisional=rating.deadline_provisional or provisional,
    )
    kind = "情况复杂" if cmd.is_complex else "情况清楚"
    data = {"ratingId": rating.id, "complex": cmd.is_complex, "inTime": verify_in_time, "note": note}
    complaint_id: int = rating.complaint_id  # type: ignore[attr-defined]
    await record_event(
        scope, "Complaint", complaint_id, "RATING_VERIFIED", f"差评核实（{kind}）：{note}", data
    )
    return rating


async def rectify_rating(scope: Scope, cmd: RectifyRating) -> ComplaintRating:
    """整改: the 差评's rectification is done, in time when by its deadline (a breach that happened stays)."""
    require_role(scope.actor, "complaint_handling")
    rating = await _bad_rating(scope.actor, cmd.rating_id)
    if rating.verified_at is None:
        raise UserError(ErrorCode.NOT_VERIFIED, "请先核实差评 (verify the 差评 first)", "ratingId")
    if rating.rectified_at is not None:
        raise UserError(ErrorCode.ALREADY_RECTIFIED, "该差评已整改 (already rectified)", "ratingId")
    note = _note(cmd.note)
    now = scope.now()
    in_time = rating.rectify_due_at is None or now <= rating.rectify_due_at
    await update_versioned(
        rating, cmd.expected_version, rectified_at=now, rectify_in_time=in_time, rectification_note=note
    )
    data = {"ratingId": rating.id, "inTime": in_time, "note": note}
    await record_event(scope, "Complaint", rating.complaint_id, "RATING_RECTIFIED", f"差评整改：{note}", data)  # type: ignore[attr-defined]
    return rating


async def load_ratings(ids: Sequence[int]) -> list[ComplaintRating | None]:
    return await load_by_id(ComplaintRating, ids)


async def load_complaint_ratings(ids: Sequence[int]) -> list[ComplaintRating | None]:
    found = {r.complaint_id: r for r in await ComplaintRating.filter(complaint_id__in=set(ids))}  # type: ignore[attr-defined]
    return [found.get(i) for i in ids]


async def recompute_rating_deadlines(scope: Scope, change: ScheduleChange) -> None:
    """Hook of `on_calendar_loaded`: a 差评's deadlines, met or not, whose count touches the changed days
    (provisional ones on a first load) are counted again from the rating on the new calendar, each change
    an event on the complaint's timeline (a met one's on-time verdict follows its deadline)."""
    bounds = change.window()
    if bounds is None:
        return
    start, end = bounds
    touched = Q(deadline_provisional=True) | Q(
        Q(rated_at__lt=end), Q(verify_due_at__gte=start) | Q(rectify_due_at__gte=start)
    )
    year = change.year
    for rating in await ComplaintRating.filter(touched, score__in=sorted(BAD_SCORES)):
        changes: dict[str, object] = {}
        provisional = False
        days = COMPLEX_DAYS if rating.is_complex else SIMPLE_DAYS
        for column, amount in (("verify_due_at", VERIFY_DAYS), ("rectify_due_at", days)):
            due, still = await _working_days(rating.rated_at, amount)
            provisional = provisional or still
            if due != getattr(rating, column):
                changes[column] = due
        before = {k: str(getattr(rating, k)) for k in changes}
        await update_versioned(rating, None, **changes, deadline_provisional=provisional)
        data = {"ratingId": rating.id, "before": before, "after": {k: str(v) for k, v in changes.items()}}
        summary = (
            f"载入 {year} 年工作日历后重算差评整改期限 (rating deadlines recomputed after loading {year})"
        )
        complaint_id: int = rating.complaint_id  # type: ignore[attr-defined]
        await record_event(scope, "Complaint", complaint_id, "RATING_DEADLINES_RECOMPUTED", summary, data)
