"""即接即答: a consultation answered and closed at intake ("政策专员…随时在线精准解答企业咨询类问题,
实现'即接、即答'"), and its figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from models.complaint import Complaint, ComplaintDispatch, ComplaintKind
from resolvers.access import Actor, Scope, require_role
from resolvers.complaints.common import check_transition, get_complaint, transition
from resolvers.complaints.queries import visible_to
from resolvers.complaints.stats import period_bounds
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError, UserError

__all__ = ["AnswerAtIntake", "IntakeAnswerFigures", "answer_at_intake", "intake_answer_figures"]


@dataclass
class AnswerAtIntake:
    complaint_id: int
    answer: str
    expected_version: int | None = None


async def answer_at_intake(scope: Scope, cmd: AnswerAtIntake) -> Complaint:
    """The hotline answers a consultation it has just received and closes it: no dispatch, so no
    handling unit and no SLA clock. Only a consultation never dispatched qualifies: one a unit handed
    back (退单) was not answered at intake, and is dispatched again instead."""
    require_role(scope.actor, "complaint_intake")
    complaint = await get_complaint(scope.actor, cmd.complaint_id)
    check_transition(complaint, "answer")
    if complaint.kind is not ComplaintKind.CONSULTATION:
        raise UserError(
            ErrorCode.NOT_A_CONSULTATION,
            f"只有咨询类诉求可即接即答 (only a consultation can be answered at intake; this is "
            f"{complaint.kind.value})",
            "complaintId",
        )
    if await ComplaintDispatch.exists(complaint_id=complaint.id):
        raise UserError(
            ErrorCode.ALREADY_DISPATCHED,
            "该诉求已派过单，不属即接即答，请重新派单 (dispatched before: not answered at intake; dispatch it again)",
            "complaintId",
        )
    answer = (cmd.answer or "").strip()
    if not answer:
        raise UserError(ErrorCode.REQUIRED, "答复内容不能为空 (answer must not be blank)", "answer")
    return await transition(
        scope,
        complaint,
        "answer",
        cmd.expected_version,
        f"即接即答：{answer}",
        None,
        handling_result=answer,
        intake_answered_at=scope.now(),
    )


@dataclass(frozen=True)
class IntakeAnswerFigures:
    start_day: date
    end_day: date
    consultations: int
    answered_at_intake: int

    @property
    def rate(self) -> float | None:
        return None if self.consultations == 0 else round(self.answered_at_intake / self.consultations, 4)


async def intake_answer_figures(actor: Actor, start_day: date, end_day: date) -> IntakeAnswerFigures:
    """Over the consultations received in the period (Asia/Shanghai days, withdrawn ones included) that the
    caller may see: how many were answered at intake. A unit operator sees only consultations dispatched
    to its subtree, none of them answered at intake, so its count is 0: the figure is the hotline's."""
    if end_day < start_day:
        raise RequestError(
            ErrorCode.INVALID_PERIOD, f"结束日期早于开始日期 (to {end_day} is before from {start_day})"
        )
    # As UTC instants: SQLite compares the stored UTC text, so a bound with another offset would miscompare.
    start, end = (moment.astimezone(UTC) for moment in period_bounds(start_day, end_day))
    received = visible_to(actor).filter(
        kind=ComplaintKind.CONSULTATION, received_at__gte=start, received_at__lt=end
    )
    consultations = await received.count()
    answered = await received.filter(intake_answered_at__isnull=False).count()
    return IntakeAnswerFigures(start_day, end_day, consultations, answered)
