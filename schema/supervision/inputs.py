"""Supervision inputs and the ledger filter; each converts to a plain command or query."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.scalars import JSON

from resolvers.supervision import bulletins
from schema.commands import command, node_id
from schema.supervision.enums import (
    BulletinKindEnum,
    InspectionKindEnum,
    InterviewReasonEnum,
    SupervisionLevelEnum,
    SupervisionSourceEnum,
    SupervisionStatusEnum,
)

__all__ = [
    "AddFindingInput",
    "CreateInspectionInput",
    "ExtendSupervisionItemInput",
    "OpenSupervisionItemInput",
    "PublishBulletinInput",
    "RecordInterviewInput",
    "SubmitRectificationInput",
    "SupervisionItemFilter",
    "VerifyRectificationInput",
]

ExpectedVersion = strawberry.field(
    default=None, description="读取时的版本 (version read; STALE_VERSION if it changed since)"
)


@strawberry.input(description="整改台账筛选 (rectification ledger filter); all given conditions must hold")
class SupervisionItemFilter:
    inspection_id: strawberry.ID | None = node_id(
        "Inspection", default=None, description="所属督查 (inspection id)"
    )
    unit_code: str | None = strawberry.field(default=None, description="责任单位编码 (responsible unit)")
    include_descendants: bool = strawberry.field(default=True, description="含下级单位 (with descendants)")
    status: list[SupervisionStatusEnum] | None = strawberry.field(default=None, description="状态 (any of)")
    overdue: bool | None = strawberry.field(default=None, description="是否逾期 (overdue now)")
    level: list[SupervisionLevelEnum] | None = strawberry.field(default=None, description="级别 (any of)")
    source: list[SupervisionSourceEnum] | None = strawberry.field(default=None, description="来源 (any of)")
    due_from: date | None = strawberry.field(default=None, description="期限不早于 (deadline on or after)")
    due_to: date | None = strawberry.field(default=None, description="期限不晚于 (deadline on or before)")


@strawberry.input(description="立项督办 (open a supervision item)")
class OpenSupervisionItemInput:
    title: str = strawberry.field(description="标题 (title)")
    responsible_unit_code: str = strawberry.field(description="责任单位编码 (responsible unit)")
    due_on: date = strawberry.field(description="整改期限 (rectification deadline, last day)")
    source: SupervisionSourceEnum = strawberry.field(description="来源 (source)")
    level: SupervisionLevelEnum = strawberry.field(
        default=SupervisionLevelEnum.ORDINARY, description="级别 (level)"
    )
    description: str = strawberry.field(default="", description="事项说明 (description)")
    supervising_unit_code: str | None = strawberry.field(
        default=None, description="督办单位 (supervising unit)"
    )
    origin_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="来源对象 (what it is opened from: an overdue task or milestone, a complaint …; linked ESCALATED_TO)",
    )


@strawberry.input(description="报送整改报告 (report rectification; responsible unit)")
class SubmitRectificationInput:
    item_id: strawberry.ID = node_id("SupervisionItem", description="督办事项 ID (item id)")
    text: str = strawberry.field(description="整改情况 (what was done)")
    measures: str = strawberry.field(default="", description="整改措施 (measures taken)")
    evidence: list[str] = strawberry.field(default_factory=list, description="佐证材料 (evidence references)")
    expected_version: int | None = ExpectedVersion


@strawberry.input(description="核查整改 (verify: accept → 销号, or reject with a reason)")
class VerifyRectificationInput:
    item_id: strawberry.ID = node_id("SupervisionItem", description="督办事项 ID (item id)")
    accept: bool = strawberry.field(description="是否通过 (true: close 销号; false: send back)")
    reason: str | None = strawberry.field(default=None, description="退回理由 (required when rejecting)")
    expected_version: int | None = ExpectedVersion


@strawberry.input(description="延长整改期限 (extend an item's deadline; supervision office)")
class ExtendSupervisionItemInput:
    item_id: strawberry.ID = node_id("SupervisionItem", description="督办事项 ID (item id)")
    new_due_on: date = strawberry.field(description="新期限 (new deadline)")
    reason: str = strawberry.field(description="延期理由 (reason)")
    expected_version: int | None = ExpectedVersion


@strawberry.input(description="新建督查 (create an inspection)")
class CreateInspectionInput:
    title: str = strawberry.field(description="标题 (title)")
    kind: InspectionKindEnum = strawberry.field(description="方式 (kind)")
    starts_on: date = strawberry.field(description="开始日期 (starts on)")
    ends_on: date | None = strawberry.field(default=None, description="结束日期 (ends on)")
    team_members: list[str] = strawberry.field(default_factory=list, description="督查组成员 (team members)")
    unit_codes: list[str] = strawberry.field(
        default_factory=list, description="被督查单位编码 (inspected units)"
    )


@strawberry.input(description="记录督查发现并立项督办 (record a finding and open its item)")
class AddFindingInput:
    inspection_id: strawberry.ID = node_id("Inspection", description="督查 ID (inspection id)")
    unit_code: str = strawberry.field(description="问题所在单位 (unit concerned)")
    description: str = strawberry.field(description="问题描述 (description)")
    due_on: date = strawberry.field(description="整改期限 (deadline)")
    title: str | None = strawberry.field(
        default=None, description="督办标题 (item title; default: description)"
    )
    level: SupervisionLevelEnum = strawberry.field(
        default=SupervisionLevelEnum.ORDINARY, description="级别 (level)"
    )


@strawberry.input(description="发布通报 (publish a bulletin; numbered 第N期 per year)")
class PublishBulletinInput:
    kind: BulletinKindEnum = strawberry.field(description="类型 (kind)")
    title: str = strawberry.field(description="标题 (title)")
    body: str = strawberry.field(default="", description="正文 (body; appended to the draft if generated)")
    period_start: date | None = strawberry.field(default=None, description="统计期间起 (period start)")
    period_end: date | None = strawberry.field(default=None, description="统计期间止 (period end)")
    cited: JSON | None = strawberry.field(
        default=None, description="引用的单位与数据 (cited units and figures)"
    )
    generate_draft: bool = strawberry.field(
        default=False, description="生成草稿 (start from the period's overdue lists and ranking)"
    )

    def to_command(self) -> bulletins.PublishBulletin:
        # Hand-written in part: an omitted `cited` is stored as an empty object, never null.
        return command(self, bulletins.PublishBulletin, cited={} if self.cited is None else self.cited)


@strawberry.input(description="记录约谈 (record an interview)")
class RecordInterviewInput:
    unit_code: str = strawberry.field(description="被约谈单位编码 (unit)")
    held_on: date = strawberry.field(description="约谈日期 (held on)")
    reason: InterviewReasonEnum = strawberry.field(description="原因 (reason)")
    reason_detail: str = strawberry.field(default="", description="原因说明 (reason detail)")
    participants: list[str] = strawberry.field(default_factory=list, description="参加人员 (participants)")
    outcome: str = strawberry.field(default="", description="约谈结果 (outcome)")
    follow_up_due_on: date | None = strawberry.field(default=None, description="跟踪整改期限 (follow-up due)")
