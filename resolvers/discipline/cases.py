"""Case actions: sanctions and accountability (问责), recommendations and their replies, closing a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.discipline import (
    FORM_NAMES,
    GOVERNMENT_SANCTION_NAMES,
    PARTY_SANCTION_NAMES,
    AccountabilityTarget,
    Case,
    CaseStatus,
    DisciplineForm,
    GovernmentSanction,
    PartySanction,
    Recommendation,
    Sanction,
    form_mismatch,
)
from models.link import LinkRelation
from models.unit import Unit
from resolvers.access import Scope, require_role
from resolvers.discipline.queries import CASES
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.inputs import local_today, require_in_subtree, require_text, unit_for_code
from resolvers.links import add_link
from resolvers.versioning import update_versioned

__all__ = [
    "CloseCase",
    "IssueRecommendation",
    "RecordSanction",
    "ReplyRecommendation",
    "close_case",
    "issue_recommendation",
    "record_sanction",
    "reply_recommendation",
]


@dataclass
class RecordSanction:
    case_id: int
    form: DisciplineForm
    decided_on: date
    document_no: str
    person_name: str | None = None
    position: str = ""
    unit_code: str | None = None
    party_sanction: PartySanction | None = None
    government_sanction: GovernmentSanction | None = None
    accountability: AccountabilityTarget | None = None
    measure: str = ""


@dataclass
class IssueRecommendation:
    case_id: int
    unit_code: str
    content: str
    reply_due_on: date


@dataclass
class ReplyRecommendation:
    recommendation_id: int
    reply: str
    expected_version: int | None = None


@dataclass
class CloseCase:
    case_id: int
    outcome: str
    exempted: bool = False
    exemption_reason: str | None = None
    expected_version: int | None = None


async def _filed_case(scope: Scope, case_id: int) -> Case:
    case = await CASES.get(
        scope.actor, case_id, UserError(ErrorCode.NOT_FOUND, f"案件不存在 (no case {case_id})", "caseId")
    )
    if case.status is not CaseStatus.FILED:
        raise UserError(ErrorCode.INVALID_TRANSITION, "案件已结案 (the case is closed)", "caseId")
    return case


def _check_sanction(cmd: RecordSanction) -> None:
    if not (cmd.party_sanction or cmd.government_sanction or cmd.accountability or cmd.measure.strip()):
        raise UserError(
            ErrorCode.SANCTION_REQUIRED,
            "须给出党纪处分、政务处分、问责或处理措施之一 (name a sanction, accountability or measure)",
            "partySanction",
        )
    _check_form(cmd)
    if cmd.accountability is AccountabilityTarget.UNIT:
        if not cmd.unit_code:
            raise UserError(
                ErrorCode.REQUIRED, "问责单位不能为空 (unit accountability needs the unit)", "unitCode"
            )
    elif not (cmd.person_name and cmd.person_name.strip()):
        raise UserError(
            ErrorCode.REQUIRED, "被处理人姓名不能为空 (personName must not be blank)", "personName"
        )


def _check_form(cmd: RecordSanction) -> None:
    """The four forms follow the sanction: a sanction the form does not allow is refused, naming both."""
    wrong = form_mismatch(cmd.form, cmd.party_sanction, cmd.government_sanction)
    if wrong is None:
        return
    if isinstance(wrong, PartySanction):
        name, kind, field = PARTY_SANCTION_NAMES[wrong], "party sanction", "partySanction"
    else:
        name, kind, field = GOVERNMENT_SANCTION_NAMES[wrong], "government sanction", "governmentSanction"
    raise UserError(
        ErrorCode.FORM_MISMATCH,
        f"{FORM_NAMES[cmd.form]}不适用{name} ({cmd.form.value} does not allow the {kind} {wrong.value}): "
        "第一种形态不给予党纪政务处分，第二种形态为轻处分，第三、四种形态为重处分 "
        "(form 1 has no sanction, form 2 light sanctions, forms 3 and 4 heavy ones)",
        field,
    )


async def record_sanction(scope: Scope, cmd: RecordSanction) -> Case:
    require_role(scope.actor, "discipline")
    case = await _filed_case(scope, cmd.case_id)
    _check_sanction(cmd)
    document_no = require_text(cmd.document_no, "documentNo", "处分决定文号")
    unit = await unit_for_code(cmd.unit_code, "unitCode") if cmd.unit_code else None
    sanction = await Sanction.create(
        case=case,
        person_name=cmd.person_name.strip() if cmd.person_name else None,
        position=cmd.position,
        unit=unit,
        form=cmd.form,
        party_sanction=cmd.party_sanction,
        government_sanction=cmd.government_sanction,
        accountability=cmd.accountability,
        measure=cmd.measure,
        decided_on=cmd.decided_on,
        document_no=document_no,
        recorded_at=scope.now(),
    )
    await add_link(scope, "Case", case.id, LinkRelation.SANCTIONED, "Sanction", sanction.id)
    await record_event(
        scope, "Sanction", sanction.id, "DECIDED", f"{cmd.form.value} {document_no}", {"form": cmd.form.value}
    )
    return case


async def issue_recommendation(scope: Scope, cmd: IssueRecommendation) -> Case:
    require_role(scope.actor, "discipline")
    case = await _filed_case(scope, cmd.case_id)
    content = require_text(cmd.content, "content", "建议内容")
    unit = await unit_for_code(cmd.unit_code, "unitCode")
    today = local_today(scope)
    if cmd.reply_due_on < today:
        raise UserError(
            ErrorCode.INVALID_DUE_DATE, "回复期限不能早于今天 (reply deadline is past)", "replyDueOn"
        )
    recommendation = await Recommendation.create(
        case=case, unit=unit, content=content, issued_on=today, reply_due_on=cmd.reply_due_on
    )
    await add_link(scope, "Case", case.id, LinkRelation.RECOMMENDED, "Recommendation", recommendation.id)
    await record_event(
        scope,
        "Recommendation",
        recommendation.id,
        "ISSUED",
        f"发出纪检监察建议 (recommendation to {unit.name}), 限 {cmd.reply_due_on} 前回复",
        {"replyDueOn": cmd.reply_due_on.isoformat()},
    )
    return case


async def reply_recommendation(scope: Scope, cmd: ReplyRecommendation) -> Recommendation:
    """The unit's reply: unit operators only for recommendations to their own subtree."""
    require_role(scope.actor, "recommendation_reply")
    recommendation = await Recommendation.get_or_none(id=cmd.recommendation_id)
    missing = UserError(ErrorCode.NOT_FOUND, "建议不存在 (no such recommendation)", "recommendationId")
    if recommendation is None:
        raise missing
    require_in_subtree(scope.actor, (await Unit.get(id=recommendation.unit_id)).path, missing)
    if recommendation.replied_at is not None:
        raise UserError(ErrorCode.INVALID_TRANSITION, "该建议已回复 (already replied)", "recommendationId")
    reply = require_text(cmd.reply, "reply", "回复内容")
    await update_versioned(recommendation, cmd.expected_version, reply=reply, replied_at=scope.now())
    await record_event(scope, "Recommendation", recommendation.id, "REPLIED", f"单位回复: {reply[:200]}")
    return recommendation


async def close_case(scope: Scope, cmd: CloseCase) -> Case:
    """Close with an outcome; an exemption under 三个区分开来 (容错免责) needs its reason recorded."""
    require_role(scope.actor, "discipline")
    case = await _filed_case(scope, cmd.case_id)
    outcome = require_text(cmd.outcome, "outcome", "处理结果")
    reason = cmd.exemption_reason.strip() if cmd.exemption_reason else None
    if cmd.exempted and not reason:
        raise UserError(
            ErrorCode.EXEMPTION_REASON_REQUIRED,
            "容错免责须记录理由 (an exemption needs a recorded reason)",
            "exemptionReason",
        )
    await update_versioned(
        case,
        cmd.expected_version,
        status=CaseStatus.CLOSED,
        outcome=outcome,
        exempted=cmd.exempted,
        exemption_reason=reason if cmd.exempted else None,
        closed_at=scope.now(),
    )
    await record_event(
        scope,
        "Case",
        case.id,
        "CLOSED",
        f"结案: {outcome}" + (f"（容错免责: {reason}）" if cmd.exempted else ""),
        {"before": "FILED", "after": "CLOSED", "exempted": cmd.exempted},
    )
    return case
