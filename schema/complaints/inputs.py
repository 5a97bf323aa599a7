"""Complaint and enterprise inputs: filters, orderings and one input per mutation."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from resolvers.complaints import queries, sla
from schema.calendar.enums import DurationUnitEnum
from schema.commands import command, described_input, node_id
from schema.complaints.enums import (
    ComplaintChannelEnum,
    ComplaintKindEnum,
    ComplaintOrderFieldEnum,
    ComplaintScopeEnum,
    EnterpriseTagEnum,
    SatisfactionEnum,
)

__all__ = [
    "ComplaintFilter",
    "ComplaintOrder",
    "DecideExtensionInput",
    "DispatchComplaintInput",
    "AssignLiaisonInput",
    "EnterpriseFilter",
    "EscalateComplaintInput",
    "ReceiveComplaintInput",
    "RecordContactInput",
    "RecordReplyInput",
    "RecordReturnVisitInput",
    "RegisterEnterpriseInput",
    "ReopenComplaintInput",
    "RequestExtensionInput",
    "ResolveComplaintInput",
    "ReturnComplaintInput",
    "SlaLimitInput",
    "UpsertSlaPolicyInput",
    "WithdrawComplaintInput",
]

VERSION = "读取时的版本 (version read; STALE_VERSION if it changed since)"
COMPLAINT_ID = "诉求 ID (the complaint's global id)"


# The filter's fields, types and defaults are the resolver's (`resolvers.complaints.queries`); the
# GraphQL input is derived from it, so here are only the descriptions.
ComplaintFilter = described_input(
    queries.ComplaintFilter,
    "诉求筛选 (complaint filter); all given conditions must hold",
    {
        "status": "状态 (any of)",
        "unit_code": "承办单位编码 (handling unit)",
        "include_descendants": "含下级单位 (include the unit's descendants)",
        "channel": "渠道 (any of)",
        "kind": "类别 (any of)",
        "enterprise_id": "企业 ID (enterprise)",
        "credit_code": "统一社会信用代码 (credit code)",
        "received_from": "受理时间起 (received at or after)",
        "received_to": "受理时间止 (received before)",
        "due_before": "办结期限早于 (open, with the resolve deadline before this time)",
        "overdue": "当前是否逾期 (a stage unmet past due now)",
        "breached_stage": "违约环节 (this stage met late or unmet past due)",
        "reopened": "是否重办过 (reopened at least once)",
        "escalated": "是否提级督办 (escalated)",
        "satisfaction": "满意度 (latest return visit's satisfaction, any of)",
        "follow_up": "重点推进标注 (marked for key follow-up: the latest return visit was unsatisfied or the "
        "problem unsolved)",
        "text": "关键词 (title or content contains)",
    },
    node_ids={"enterprise_id": "Enterprise"},
)


@strawberry.input(description="诉求排序 (ordering of complaints)")
class ComplaintOrder:
    field: ComplaintOrderFieldEnum = strawberry.field(description="排序字段 (field)")
    descending: bool = strawberry.field(default=False, description="降序 (descending)")


@strawberry.input(description="企业筛选 (enterprise filter)")
class EnterpriseFilter:
    name_contains: str | None = strawberry.field(default=None, description="名称包含 (name contains)")
    credit_code: str | None = strawberry.field(default=None, description="统一社会信用代码 (credit code)")
    tag: EnterpriseTagEnum | None = strawberry.field(default=None, description="标签 (carries this tag)")
    industry: str | None = strawberry.field(default=None, description="行业 (industry)")
    liaison_unit_code: str | None = strawberry.field(
        default=None, description="帮包单位编码 (its liaison cadre is of this unit)"
    )


@strawberry.input(description="登记企业 (register an enterprise)")
class RegisterEnterpriseInput:
    name: str = strawberry.field(description="企业名称 (name)")
    credit_code: str = strawberry.field(
        description="统一社会信用代码 (18 characters, GB 32100-2015 checksum)"
    )
    tags: list[EnterpriseTagEnum] = strawberry.field(default_factory=list, description="标签 (tags)")
    industry: str | None = strawberry.field(default=None, description="行业 (industry)")
    contact_name: str | None = strawberry.field(default=None, description="联系人 (contact person)")
    contact_phone: str | None = strawberry.field(default=None, description="联系电话 (contact phone)")


@strawberry.input(description="受理诉求 (receive a complaint; idempotent on channel + externalRef)")
class ReceiveComplaintInput:
    channel: ComplaintChannelEnum = strawberry.field(description="渠道 (channel)")
    kind: ComplaintKindEnum = strawberry.field(description="类别 (kind)")
    title: str = strawberry.field(description="标题 (title)")
    content: str = strawberry.field(description="诉求内容 (content)")
    external_ref: str | None = strawberry.field(
        default=None,
        description="外部编号 (the channel's reference; the same pair returns the same complaint)",
    )
    enterprise_id: strawberry.ID | None = node_id(
        "Enterprise", default=None, description="已登记企业 ID (enterprise)"
    )
    credit_code: str | None = strawberry.field(default=None, description="已登记企业的信用代码 (credit code)")
    new_enterprise: RegisterEnterpriseInput | None = strawberry.field(
        default=None, description="新企业 (register inline; an existing credit code reuses that enterprise)"
    )
    scope: ComplaintScopeEnum = strawberry.field(
        default=ComplaintScopeEnum.INDIVIDUAL, description="问题性质 (individual or systemic)"
    )
    received_at: datetime | None = strawberry.field(default=None, description="受理时间 (default: now)")


@strawberry.input(description="派单 (dispatch to a handling unit under an SLA policy)")
class DispatchComplaintInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    unit_code: str = strawberry.field(description="承办单位编码 (handling unit)")
    policy_code: str | None = strawberry.field(
        default=None, description="时限标准 (SLA policy; default 2110)"
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="退单 (hand a mis-dispatched complaint back)")
class ReturnComplaintInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    reason: str = strawberry.field(description="退单理由 (reason)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="撤回诉求 (the enterprise withdraws it, before handling starts)")
class WithdrawComplaintInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    reason: str = strawberry.field(description="撤回原因 (reason)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="记录联系 (the unit contacted the enterprise or arrived on site)")
class RecordContactInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    note: str | None = strawberry.field(default=None, description="说明 (note)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="记录初步回复 (first reply)")
class RecordReplyInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    note: str | None = strawberry.field(default=None, description="回复内容 (the reply)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="办结 (resolve, with the handling result)")
class ResolveComplaintInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    handling_result: str = strawberry.field(description="办理结果 (handling result)")
    is_reasonable: bool = strawberry.field(description="是否合理诉求 (reasonable complaint 合理诉求)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(
    description="回访 (return visit); closes when (basically) satisfied unless `close` says otherwise"
)
class RecordReturnVisitInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    satisfaction: SatisfactionEnum = strawberry.field(description="满意度 (satisfaction)")
    problem_solved: bool = strawberry.field(description="问题是否解决 (problem solved)")
    comments: str | None = strawberry.field(default=None, description="回访意见 (comments)")
    close: bool | None = strawberry.field(
        default=None,
        description="是否结案 (close: default true when SATISFIED/BASICALLY_SATISFIED, else false → VISITED)",
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="重办 (reopen: a new resolve deadline from now)")
class ReopenComplaintInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    reason: str = strawberry.field(description="重办理由 (reason)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="提级督办 (escalate to the supervision office)")
class EscalateComplaintInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    reason: str = strawberry.field(description="督办理由 (reason)")
    due_on: date | None = strawberry.field(
        default=None, description="整改期限 (rectification deadline; default: 5 working days from now)"
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="申请延期 (request a later resolve deadline)")
class RequestExtensionInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    requested_due_at: datetime = strawberry.field(description="申请的办结期限 (requested resolve deadline)")
    reason: str = strawberry.field(description="理由 (reason)")


@strawberry.input(description="审批延期 (decide an extension request)")
class DecideExtensionInput:
    extension_id: strawberry.ID = node_id("Extension", description="延期申请 ID (the extension's global id)")
    approve: bool = strawberry.field(description="是否批准 (approve)")
    reason: str | None = strawberry.field(default=None, description="审批意见 (required when refusing)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="环节时限 (a stage's limit)")
class SlaLimitInput:
    amount: int = strawberry.field(description="数量 (amount, > 0)")
    unit: DurationUnitEnum = strawberry.field(description="单位 (unit)")


@strawberry.input(description="新增或修改时限标准 (create or change an SLA policy; ADMIN)")
class UpsertSlaPolicyInput:
    code: str = strawberry.field(description="编码 (code, e.g. 1515)")
    name: str = strawberry.field(description="名称 (name)")
    contact: SlaLimitInput = strawberry.field(description="联系时限 (contact limit)")
    reply: SlaLimitInput = strawberry.field(description="初步回复时限 (first-reply limit)")
    resolve: SlaLimitInput = strawberry.field(description="办结时限 (resolve limit)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)

    def to_command(self) -> sla.UpsertSlaPolicy:
        # Hand-written in part: the command (like the sla_policy table and the policy file) holds each
        # stage's limit as two flat columns, `<stage>_amount` and `<stage>_unit`.
        limits = {
            f"{stage}_{part}": getattr(getattr(self, stage), part)
            for stage in ("contact", "reply", "resolve")
            for part in ("amount", "unit")
        }
        return command(self, sla.UpsertSlaPolicy, unused=("contact", "reply", "resolve"), **limits)


@strawberry.input(description="指定帮包责任人 (assign an enterprise's liaison cadre, replacing any before)")
class AssignLiaisonInput:
    enterprise_id: strawberry.ID = node_id("Enterprise", description="企业 ID (enterprise)")
    name: str = strawberry.field(description="姓名 (the cadre's name)")
    phone: str | None = strawberry.field(default=None, description="联系电话 (phone)")
    unit_code: str = strawberry.field(description="所在单位编码 (the cadre's unit code)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)
