"""Discipline inputs and filters; each converts to a plain command or query."""

from __future__ import annotations

from datetime import date

import strawberry

from schema.commands import node_id
from schema.discipline.enums import (
    AccountabilityTargetEnum,
    CaseStatusEnum,
    ClueConductEnum,
    ClueDisposalEnum,
    ClueSourceEnum,
    DisciplineFormEnum,
    GovernmentSanctionEnum,
    PartySanctionEnum,
)

__all__ = [
    "CaseFilter",
    "ClueFilter",
    "CloseCaseInput",
    "DisposeClueInput",
    "FileCaseInput",
    "IssueRecommendationInput",
    "OfficialInput",
    "RecordSanctionInput",
    "ReplyRecommendationInput",
    "TransferClueInput",
]

ExpectedVersion = strawberry.field(
    default=None, description="读取时的版本 (version read; STALE_VERSION if it changed since)"
)


@strawberry.input(description="线索筛选 (clue filter)")
class ClueFilter:
    disposal: list[ClueDisposalEnum] | None = strawberry.field(default=None, description="处置方式 (any of)")
    undisposed: bool | None = strawberry.field(default=None, description="尚未处置 (not yet disposed)")
    source: list[ClueSourceEnum] | None = strawberry.field(default=None, description="来源 (any of)")
    conduct: list[ClueConductEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="作风问题类型 (any of)"
    )
    received_from: date | None = strawberry.field(
        default=None, description="受理日期不早于 (received on/after)"
    )
    received_to: date | None = strawberry.field(
        default=None, description="受理日期不晚于 (received on/before)"
    )


@strawberry.input(description="案件筛选 (case filter)")
class CaseFilter:
    status: list[CaseStatusEnum] | None = strawberry.field(default=None, description="状态 (any of)")
    filed_from: date | None = strawberry.field(default=None, description="立案日期不早于 (filed on/after)")
    filed_to: date | None = strawberry.field(default=None, description="立案日期不晚于 (filed on/before)")


@strawberry.input(description="涉及人员 (an official concerned)")
class OfficialInput:
    name: str = strawberry.field(description="姓名 (name)")
    position: str = strawberry.field(default="", description="职务 (position)")
    unit_code: str | None = strawberry.field(default=None, description="所在单位编码 (unit)")


@strawberry.input(description="线索移送 (move a clue over from any traced nodes)")
class TransferClueInput:
    source: ClueSourceEnum = strawberry.field(description="来源 (source)")
    summary: str = strawberry.field(description="线索摘要 (summary)")
    received_on: date = strawberry.field(description="受理日期 (received on)")
    origin_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="移送来源对象的全局 ID (supervision item, complaint, task, finding …)",
    )
    unit_codes: list[str] = strawberry.field(
        default_factory=list, description="涉及单位编码 (units concerned)"
    )
    officials: list[OfficialInput] = strawberry.field(
        default_factory=list, description="涉及人员 (officials)"
    )
    conduct: ClueConductEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="作风问题类型 (不作为、慢作为、假作为、乱作为; null: not classified)"
    )


@strawberry.input(description="线索处置 (dispose of a clue, with a reason)")
class DisposeClueInput:
    clue_id: strawberry.ID = node_id("Clue", description="线索 ID (clue id)")
    disposal: ClueDisposalEnum = strawberry.field(description="处置方式 (disposal; file cases with fileCase)")
    reason: str = strawberry.field(description="理由 (reason)")
    expected_version: int | None = ExpectedVersion


@strawberry.input(description="立案 (file a case from a clue)")
class FileCaseInput:
    clue_id: strawberry.ID = node_id("Clue", description="线索 ID (clue id)")
    title: str = strawberry.field(description="案件名称 (title)")
    filed_on: date = strawberry.field(description="立案日期 (filed on)")
    expected_version: int | None = ExpectedVersion


@strawberry.input(description="记录处分或问责 (record a sanction or accountability measure)")
class RecordSanctionInput:
    case_id: strawberry.ID = node_id("Case", description="案件 ID (case id)")
    form: DisciplineFormEnum = strawberry.field(description="四种形态 (form)")
    decided_on: date = strawberry.field(description="决定日期 (decided on)")
    document_no: str = strawberry.field(description="决定文号 (decision document number)")
    person_name: str | None = strawberry.field(default=None, description="被处理人 (person)")
    position: str = strawberry.field(default="", description="职务 (position)")
    unit_code: str | None = strawberry.field(default=None, description="单位编码 (unit)")
    party_sanction: PartySanctionEnum | None = strawberry.field(default=None, description="党纪处分")
    government_sanction: GovernmentSanctionEnum | None = strawberry.field(
        default=None, description="政务处分"
    )
    accountability: AccountabilityTargetEnum | None = strawberry.field(default=None, description="问责对象")
    measure: str = strawberry.field(default="", description="处理措施 (measure, e.g. 诫勉谈话)")


@strawberry.input(description="发出纪检监察建议 (issue a recommendation to a unit)")
class IssueRecommendationInput:
    case_id: strawberry.ID = node_id("Case", description="案件 ID (case id)")
    unit_code: str = strawberry.field(description="收件单位编码 (unit)")
    content: str = strawberry.field(description="建议内容 (content)")
    reply_due_on: date = strawberry.field(description="回复期限 (reply due on)")


@strawberry.input(description="回复纪检监察建议 (the unit's reply)")
class ReplyRecommendationInput:
    recommendation_id: strawberry.ID = node_id("Recommendation", description="建议 ID (recommendation id)")
    reply: str = strawberry.field(description="回复内容 (reply)")
    expected_version: int | None = ExpectedVersion


@strawberry.input(description="结案 (close a case; an exemption 容错免责 needs a reason)")
class CloseCaseInput:
    case_id: strawberry.ID = node_id("Case", description="案件 ID (case id)")
    outcome: str = strawberry.field(description="处理结果 (outcome)")
    exempted: bool = strawberry.field(default=False, description="容错免责 (exempted under 三个区分开来)")
    exemption_reason: str | None = strawberry.field(default=None, description="免责理由 (exemption reason)")
    expected_version: int | None = ExpectedVersion
