"""Demo supervision and discipline data: inspections from the seeds, items in every status, a bulletin, an
interview, and one chain from an inspection finding to a filed case with sanctions and a recommendation."""

from __future__ import annotations

from datetime import timedelta

from models.discipline import ClueDisposal, ClueSource, DisciplineForm, GovernmentSanction, PartySanction
from models.supervision import BulletinKind, InspectionKind, InterviewReason, SupervisionSource
from resolvers.access import Scope
from resolvers.discipline import cases, clues
from resolvers.inputs import local_today
from resolvers.supervision import actions, bulletins, inspections, interviews

__all__ = ["discipline_chain", "seed"]

COUNTIES = ["DY.DYQ", "DY.KLQ", "DY.HKQ", "DY.LJX", "DY.GRX"]


async def _inspection(scope: Scope) -> int:
    today = local_today(scope)
    tour = await inspections.create_inspection(
        scope,
        inspections.CreateInspection(
            title="派出四个督查组，对12个县(市、区)及相关市直部门进行综合督查",
            kind=InspectionKind.INSPECTION,
            starts_on=today - timedelta(days=10),
            ends_on=today - timedelta(days=3),
            team_members=["第一督查组 王强", "第二督查组 李娜", "第三督查组 刘洋", "第四督查组 陈静"],
            unit_codes=[*COUNTIES, "DY.SPJ"],
        ),
    )
    await inspections.create_inspection(
        scope,
        inspections.CreateInspection(
            title="神秘客暗访周：政务服务窗口暗访",
            kind=InspectionKind.UNANNOUNCED,
            starts_on=today - timedelta(days=2),
            team_members=["特邀监督员 周敏"],
            unit_codes=["DY.SPJ"],
        ),
    )
    return tour.id


async def _finding(scope: Scope, inspection_id: int, unit: str, text: str, days: int) -> int:
    cmd = inspections.AddFinding(inspection_id, unit, text, local_today(scope) + timedelta(days=days))
    return (await inspections.add_finding(scope, cmd)).id


async def _items(scope: Scope, inspection_id: int) -> int:
    """Items in every status; returns the one that goes on to the discipline inspectors."""
    broken = await _finding(scope, inspection_id, "DY.DYQ", "招商引资承诺的优惠政策未兑现，新官不理旧账", 15)
    reported = await _finding(scope, inspection_id, "DY.KLQ", "政务服务窗口一次性告知不到位", 20)
    closed = await _finding(scope, inspection_id, "DY.GRX", "涉企检查未报备，多头重复检查", 10)
    await _finding(scope, inspection_id, "DY.SPJ", "企业开办环节材料要求不统一", 30)
    report = "已整改到位，建立台账"
    for item_id in (broken, reported, closed):
        await actions.submit_rectification(
            scope, actions.SubmitRectification(item_id, report, "专人负责", ["整改报告.pdf"])
        )
    await actions.verify_rectification(
        scope, actions.VerifyRectification(broken, False, "整改未见实效，企业仍未享受政策")
    )
    await actions.verify_rectification(scope, actions.VerifyRectification(closed, True))
    leader = await actions.open_supervision_item(
        scope,
        actions.OpenSupervisionItem(
            title="市领导批示：加快推进工程建设项目审批提速",
            responsible_unit_code="DY.ZJJ",
            due_on=local_today(scope) + timedelta(days=20),
            source=SupervisionSource.LEADER_INSTRUCTION,
        ),
    )
    await actions.extend_supervision_item(
        scope,
        actions.ExtendSupervisionItem(
            leader.id, leader.due_on + timedelta(days=15), "涉及多部门联审，需协调"
        ),
    )
    return broken


async def discipline_chain(
    scope: Scope, item_id: int, unit_code: str, summary: str, people: list[tuple[str, str]], seq: int
) -> None:
    """A clue moved over from the item, filed as a case, FORM_1 and FORM_2 sanctions, a recommendation."""
    today = local_today(scope)
    clue = await clues.transfer_clue(
        scope,
        clues.TransferClue(
            source=ClueSource.SUPERVISION_ITEM,
            summary=summary,
            received_on=today,
            origins=[("SupervisionItem", item_id)],
            unit_codes=[unit_code],
            officials=[clues.Official(name, position, unit_code) for name, position in people],
        ),
    )
    names = "、".join(name for name, _ in people)
    case = await clues.file_case(scope, clues.FileCase(clue.id, f"{names}不作为问题案", today))
    (first, first_position), (second, second_position) = people
    await cases.record_sanction(
        scope,
        cases.RecordSanction(
            case.id,
            DisciplineForm.FORM_1,
            document_no=f"东纪〔2026〕{seq}号",
            person_name=second,
            measure="诫勉谈话",
            decided_on=today,
            position=second_position,
            unit_code=unit_code,
        ),
    )
    await cases.record_sanction(
        scope,
        cases.RecordSanction(
            case.id,
            DisciplineForm.FORM_2,
            document_no=f"东纪〔2026〕{seq + 1}号",
            person_name=first,
            party_sanction=PartySanction.WARNING,
            government_sanction=GovernmentSanction.DEMERIT,
            decided_on=today,
            position=first_position,
            unit_code=unit_code,
        ),
    )
    await cases.issue_recommendation(
        scope,
        cases.IssueRecommendation(
            case.id, unit_code, "建立问题整改台账，逐项销号，举一反三", today + timedelta(days=30)
        ),
    )


async def _letter(scope: Scope) -> None:
    """A letter about a township, handled by a talk inquiry (谈话函询)."""
    today = local_today(scope)
    letter = await clues.transfer_clue(
        scope,
        clues.TransferClue(ClueSource.LETTER, "反映某镇涉企收费不规范", today, unit_codes=["DY.KLQ.KL"]),
    )
    await clues.dispose_clue(
        scope, clues.DisposeClue(letter.id, ClueDisposal.TALK_INQUIRY, "情节轻微，谈话函询")
    )


async def seed(scope: Scope) -> None:
    inspection_id = await _inspection(scope)
    item_id = await _items(scope, inspection_id)
    await discipline_chain(
        scope,
        item_id,
        "DY.DYQ",
        "东营区有关部门负责人对前任招商承诺不予兑现，整改敷衍",
        [("张某", "区投资促进中心主任"), ("李某", "区投资促进中心副主任")],
        3,
    )
    await _letter(scope)
    today = local_today(scope)
    await bulletins.publish_bulletin(
        scope,
        bulletins.PublishBulletin(
            kind=BulletinKind.REGULAR,
            title="全市优化营商环境督查情况通报",
            body="请各责任单位对照问题清单，限期整改到位。",
            period_start=today.replace(day=1),
            period_end=today,
            generate_draft=True,
        ),
    )
    await interviews.record_interview(
        scope,
        interviews.RecordInterview(
            unit_code="DY.KLQ",
            held_on=today,
            reason=InterviewReason.REPEATED_OVERDUE,
            reason_detail="督办事项多次逾期未整改",
            participants=["市督查室主任", "垦利区分管副区长"],
            outcome="当场表态，限期整改",
            follow_up_due_on=today + timedelta(days=15),
        ),
    )
