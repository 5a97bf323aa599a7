"""Discipline enums, each value described with its Chinese term."""

from __future__ import annotations

from models import discipline as m
from schema.enums import described_enum

__all__ = [
    "AccountabilityTargetEnum",
    "CaseStatusEnum",
    "ClueConductEnum",
    "ClueDisposalEnum",
    "ClueSourceEnum",
    "DisciplineFormEnum",
    "GovernmentSanctionEnum",
    "PartySanctionEnum",
]

ClueSourceEnum = described_enum(
    m.ClueSource,
    "线索来源 (where a clue came from)",
    {
        "SUPERVISION_ITEM": "督办事项 (supervision item)",
        "COMPLAINT": "企业诉求 (complaint)",
        "TASK": "重点任务 (task)",
        "INSPECTION": "督查检查 (inspection finding)",
        "LETTER": "信访举报 (letters and reports)",
        "HOTLINE_12345": "12345 热线 (the 12345 hotline)",
        "ENTERPRISE_RATING": "企业评价 (enterprise ratings: 企业评部门, 好差评 差评)",
        "MONITORING_POINT": "营商环境监测点 (business-environment monitoring points' feedback)",
        "ENTERPRISE_REPORT": "企业举报 (an enterprise's report)",
        "OTHER": "其他 (other)",
    },
)
ClueConductEnum = described_enum(
    m.ClueConduct,
    "作风问题类型 (the kind of misconduct: 不作为、慢作为、假作为、乱作为)",
    {
        "INACTION": "不作为 (inaction: not doing what the post requires)",
        "SLOW_ACTION": "慢作为 (slow action: dragging out what should be done)",
        "SHAM_ACTION": "假作为 (sham action: doing it for show, 形式主义)",
        "ARBITRARY_ACTION": "乱作为 (arbitrary action: acting beyond or against the rules)",
    },
)
ClueDisposalEnum = described_enum(
    m.ClueDisposal,
    "线索处置方式 (clue disposal)",
    {
        "TALK_INQUIRY": "谈话函询 (talk or letter inquiry)",
        "PRELIMINARY_VERIFICATION": "初步核实 (preliminary verification)",
        "SHELVED": "暂存待查 (shelved pending)",
        "CLOSED_NO_ACTION": "予以了结 (closed without action)",
        "CASE_FILED": "立案 (case filed)",
    },
)
DisciplineFormEnum = described_enum(
    m.DisciplineForm,
    "四种形态 (the four forms)",
    {
        "FORM_1": "第一种形态：批评教育、谈话提醒、诫勉 (criticism, talk reminder, admonishment)",
        "FORM_2": "第二种形态：党纪轻处分、组织调整 (light sanctions, organisational adjustment)",
        "FORM_3": "第三种形态：党纪重处分、重大职务调整 (heavy sanctions, major adjustment)",
        "FORM_4": "第四种形态：严重违纪涉嫌违法立案审查 (serious violations, criminal cases)",
    },
)
PartySanctionEnum = described_enum(
    m.PartySanction,
    "党纪处分 (party sanction)",
    {
        "WARNING": "警告 (warning)",
        "SERIOUS_WARNING": "严重警告 (serious warning)",
        "REMOVAL_FROM_PARTY_POST": "撤销党内职务 (removal from party post)",
        "PROBATION": "留党察看 (probation within the party)",
        "EXPULSION": "开除党籍 (expulsion from the party)",
    },
)
GovernmentSanctionEnum = described_enum(
    m.GovernmentSanction,
    "政务处分 (government sanction)",
    {
        "WARNING": "警告 (warning)",
        "DEMERIT": "记过 (demerit)",
        "MAJOR_DEMERIT": "记大过 (major demerit)",
        "DEMOTION": "降级 (demotion)",
        "DISMISSAL_FROM_POST": "撤职 (dismissal from post)",
        "EXPULSION": "开除 (expulsion)",
    },
)
AccountabilityTargetEnum = described_enum(
    m.AccountabilityTarget,
    "问责对象 (accountability target)",
    {"UNIT": "单位问责 (a unit)", "LEADER": "领导干部问责 (a leader)"},
)
CaseStatusEnum = described_enum(
    m.CaseStatus, "案件状态 (case status)", {"FILED": "已立案 (filed)", "CLOSED": "已结案 (closed)"}
)
