"""Demo of the seeds' mechanisms (issue 19): a complaint closed unsatisfied and unsolved (重点推进),
consultations answered at intake (即接即答), and ratings with 差评 rectified on time, late, or pending (好差评)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from models.complaint import Complaint
from models.complaint import ComplaintChannel as Ch
from models.complaint import ComplaintKind as K
from models.complaint import Satisfaction as Sat
from models.discipline import ClueConduct, ClueDisposal, ClueSource
from models.discipline_outcome import FormOneMeasure
from resolvers.access import Scope
from resolvers.complaints import followup, handling, intake, ratings
from resolvers.complaints.enterprises import RegisterEnterprise
from resolvers.complaints.intake_answer import AnswerAtIntake, answer_at_intake
from resolvers.demo.complaints import ENTERPRISES, _Play
from resolvers.discipline import clues
from resolvers.discipline.outcomes import RecordFormOneOutcome, record_form_one_outcome
from resolvers.inputs import local_today

__all__ = ["seed", "seed_discipline"]


async def _closed_unsatisfied(scope: Scope) -> None:
    """Closed at the enterprise's insistence though unsatisfied and unsolved: closed, yet marked."""
    spec = (3, Ch.HOTLINE_12345, K.COMPLAINT, "小区配套商铺燃气接入迟迟未办", "DY.DYQ.WH", 21, "")
    play = _Play(scope, scope.now() - timedelta(days=21))
    await play.receive(spec, 101)
    await play.dispatch("DY.DYQ.WH")
    await play.stage(handling.record_contact, 1)
    await play.stage(handling.record_reply, 20)
    await play.resolve(24 * 6)
    visit = followup.RecordReturnVisit(
        play.cid, Sat.UNSATISFIED, False, "企业不满意，同意先行结案", close=True
    )
    await followup.record_return_visit(play.at(24 * 7), visit)


# (enterprise index, title, days ago, the policy specialist's answer)
ANSWERED_AT_INTAKE = [
    (
        6,
        "高标准农田建设补助申报条件咨询",
        9,
        "补助对象为新型农业经营主体，申报材料经镇街初审后报市农业农村局，截止12月底。",
    ),
    (
        9,
        "软件企业增值税即征即退政策咨询",
        2,
        "销售自行开发软件产品，增值税实际税负超过3%的部分即征即退，可在电子税务局申请。",
    ),
]


async def _answered_at_intake(scope: Scope, n: int, spec: tuple[int, str, float, str]) -> None:
    idx, title, days_ago, answer = spec
    name, code = ENTERPRISES[idx][:2]
    at = scope.now() - timedelta(days=days_ago)
    cmd = intake.ReceiveComplaint(
        channel=Ch.HOTLINE_12345,
        kind=K.CONSULTATION,
        title=title,
        content=f"{name}咨询：{title}。",
        external_ref=f"DEMO-QA-{n}",
        new_enterprise=RegisterEnterprise(name=name, credit_code=code),
        received_at=at,
    )
    moment = replace(scope, clock=lambda: at)
    complaint = await intake.receive_complaint(moment, cmd)
    later = replace(scope, clock=lambda: at + timedelta(minutes=4))
    await answer_at_intake(later, AnswerAtIntake(complaint.id, answer))


async def seed(scope: Scope) -> None:
    """Runs after the demo complaints (their enterprises are registered)."""
    await _closed_unsatisfied(scope)
    for n, spec in enumerate(ANSWERED_AT_INTAKE, start=1):
        await _answered_at_intake(scope, n, spec)
    for rated in RATINGS:
        await _rated(scope, rated)


# (the demo complaint rated, score, days ago, (complex, verify after hours, rectify after days) for a 差评)
RATINGS = [
    ("DEMO-001", 5, 48, None),
    ("DEMO-004", 2, 41, (False, 5, 3)),
    ("DEMO-008", 1, 35, (True, 60, 25)),
    ("DEMO-101", 1, 13, (True, 6, None)),
]


async def _rated(scope: Scope, spec: tuple[str, int, float, tuple[bool, float, float | None] | None]) -> None:
    ref, score, days_ago, rectification = spec
    at = scope.now() - timedelta(days=days_ago)
    complaint = await Complaint.get(external_ref=ref)
    rating = await ratings.rate_complaint(
        replace(scope, clock=lambda: at), ratings.RateComplaint(complaint.id, score, "企业评价")
    )
    if rectification is None:
        return
    complex_, verify_hours, rectify_days = rectification
    verified = at + timedelta(hours=verify_hours)
    note = "已与企业核实，情况复杂" if complex_ else "已与企业核实"
    await ratings.verify_rating(
        replace(scope, clock=lambda: verified), ratings.VerifyRating(rating.id, complex_, note)
    )
    if rectify_days is not None:
        fixed = at + timedelta(days=rectify_days)
        await ratings.rectify_rating(
            replace(scope, clock=lambda: fixed), ratings.RectifyRating(rating.id, "已整改并向企业反馈")
        )


async def seed_discipline(scope: Scope) -> None:
    """After the discipline chains: the 差评 still pending becomes a clue (source: the enterprise's rating;
    慢作为), settled by a talk inquiry with a
    form-1 outcome (谈话提醒) and no case (第一种形态, 未立案)."""
    complaint = await Complaint.get(external_ref="DEMO-101")
    today = local_today(scope)
    clue = await clues.transfer_clue(
        scope,
        clues.TransferClue(
            source=ClueSource.ENTERPRISE_RATING,
            summary="企业诉求办结后企业不满意，差评核实后仍未整改，有关负责人推诿",
            received_on=today,
            origins=[("Complaint", complaint.id)],
            unit_codes=["DY.DYQ.WH"],
            officials=[clues.Official("赵某", "镇经济发展办主任", "DY.DYQ.WH")],
            conduct=ClueConduct.SLOW_ACTION,
        ),
    )
    await clues.dispose_clue(
        scope, clues.DisposeClue(clue.id, ClueDisposal.TALK_INQUIRY, "情节较轻，谈话函询")
    )
    outcome = RecordFormOneOutcome(
        clue.id, "赵某", FormOneMeasure.TALK_REMINDER, today, "镇经济发展办主任", "DY.DYQ.WH", "函询说明属实"
    )
    await record_form_one_outcome(scope, outcome)
