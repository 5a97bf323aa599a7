"""Complaint and enterprise enums with their Chinese terms."""

from models.complaint import (
    ComplaintChannel,
    ComplaintKind,
    ComplaintScope,
    ComplaintStatus,
    ExtensionStatus,
    Satisfaction,
    SlaStage,
)
from models.enterprise import EnterpriseTag
from models.follow_up import FollowUpReason
from resolvers.complaints.queries import ComplaintOrderField
from resolvers.complaints.stats import RankingMetric, StatsGrouping
from schema.enums import described_enum

__all__ = [
    "ComplaintChannelEnum",
    "ComplaintKindEnum",
    "ComplaintOrderFieldEnum",
    "ComplaintScopeEnum",
    "ComplaintStatusEnum",
    "EnterpriseTagEnum",
    "ExtensionStatusEnum",
    "FollowUpReasonEnum",
    "RankingMetricEnum",
    "SatisfactionEnum",
    "SlaStageEnum",
    "StatsGroupingEnum",
]

ComplaintStatusEnum = described_enum(
    ComplaintStatus,
    "诉求状态 (complaint status)",
    {
        "RECEIVED": "已受理 (received, not dispatched; also after a return 退单)",
        "DISPATCHED": "已派单 (dispatched to a handling unit; the SLA clocks run)",
        "CONTACTED": "已联系 (the unit contacted the enterprise or arrived on site)",
        "REPLIED": "已初步回复 (first reply given)",
        "RESOLVED": "已办结 (resolved or service confirmed 办结/服务确认)",
        "VISITED": "已回访 (return visit done, not satisfied: awaiting reopen)",
        "CLOSED": "已结案 (closed)",
        "REOPENED": "重办中 (reopened 重办; a new resolve deadline runs)",
        "WITHDRAWN": "已撤回 (withdrawn by the enterprise)",
    },
)
ComplaintChannelEnum = described_enum(
    ComplaintChannel,
    "诉求渠道 (channel)",
    {
        "HOTLINE_12345": "12345 热线 (12345 hotline)",
        "ONLINE_PLATFORM": "网上平台 (online platform: 营商汇, 自贸360 …)",
        "VISIT": "走访 (visit to the enterprise)",
        "FORUM": "企业家恳谈会 (entrepreneurs' forum)",
        "SUPERVISOR_PANEL": "督导委/体验官/神秘客 (supervisor panel)",
        "LETTER": "信访 (letters and visits)",
        "OTHER": "其他 (other)",
    },
)
ComplaintKindEnum = described_enum(
    ComplaintKind,
    "诉求类别 (kind)",
    {
        "CONSULTATION": "咨询 (consultation)",
        "HELP": "求助 (request for help)",
        "COMPLAINT": "投诉 (complaint)",
        "SUGGESTION": "建议 (suggestion)",
        "REPORT": "举报 (report)",
    },
)
ComplaintScopeEnum = described_enum(
    ComplaintScope,
    "问题性质 (scope)",
    {"INDIVIDUAL": "个性化问题 (an individual problem)", "SYSTEMIC": "普遍性问题 (a systemic problem)"},
)
SatisfactionEnum = described_enum(
    Satisfaction,
    "满意度 (satisfaction at the return visit)",
    {
        "SATISFIED": "满意 (satisfied)",
        "BASICALLY_SATISFIED": "基本满意 (basically satisfied)",
        "UNSATISFIED": "不满意 (unsatisfied)",
    },
)
SlaStageEnum = described_enum(
    SlaStage,
    "时限环节 (SLA stage)",
    {
        "CONTACT": "联系/到场 (contact or arrival on site, e.g. 2 hours)",
        "REPLY": "初步回复 (first reply, e.g. 1 working day)",
        "RESOLVE": "办结/服务确认 (resolution, e.g. 10 working days)",
    },
)
ExtensionStatusEnum = described_enum(
    ExtensionStatus,
    "延期申请状态 (extension request status)",
    {"PENDING": "待审批 (pending)", "APPROVED": "已批准 (approved)", "REJECTED": "未批准 (rejected)"},
)
EnterpriseTagEnum = described_enum(
    EnterpriseTag,
    "企业标签 (enterprise tag)",
    {
        "ABOVE_SCALE": "规上企业 (above designated size)",
        "SPECIALIZED": "专精特新 (specialised, refined, distinctive, innovative)",
        "GAZELLE": "瞪羚企业 (gazelle: fast-growing)",
        "HIGH_TECH": "高新技术企业 (high-tech)",
        "SMALL_MICRO": "小微企业 (small and micro)",
        "SOLE_TRADER": "个体工商户 (individual business)",
    },
)
ComplaintOrderFieldEnum = described_enum(
    ComplaintOrderField,
    "诉求排序字段 (complaint ordering field)",
    {
        "RECEIVED_AT": "受理时间 (received time)",
        "SERIAL_NO": "诉求编号 (serial number)",
        "RESOLVE_DUE_AT": "办结期限 (resolve deadline)",
        "STATUS": "状态 (status)",
    },
)
StatsGroupingEnum = described_enum(
    StatsGrouping,
    "统计分组 (grouping of the figures)",
    {
        "UNIT": "按单位 (per unit)",
        "MONTH": "按月 (per month, Asia/Shanghai)",
        "UNIT_MONTH": "按单位和月 (per unit and month)",
    },
)
RankingMetricEnum = described_enum(
    RankingMetric,
    "排名指标 (ranking metric)",
    {
        "ON_TIME_RATE": "按时办结率 (on-time completion rate; higher ranks first)",
        "RESPONSE_RATE": "2小时响应率 (response rate; higher ranks first)",
        "SATISFACTION_RATE": "满意率 (satisfaction rate over reasonable complaints; higher ranks first)",
        "REDO_RATE": "重办率 (redo rate; lower ranks first)",
        "OVERDUE_TASKS": "逾期任务数 (overdue tasks; fewer ranks first — from the tasks domain)",
    },
)
FollowUpReasonEnum = described_enum(
    FollowUpReason,
    "重点推进原因 (why a complaint is marked for key follow-up 重点推进)",
    {
        "UNSATISFIED": "办理不满意 (the latest return visit found the enterprise unsatisfied)",
        "UNSOLVED": "问题未解决 (the latest return visit found the problem unsolved)",
    },
)
