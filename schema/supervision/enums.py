"""Supervision enums, each value described with its Chinese term."""

from __future__ import annotations

from models import supervision as m
from schema.enums import described_enum

__all__ = [
    "BulletinKindEnum",
    "InspectionKindEnum",
    "InterviewReasonEnum",
    "RectificationVerdictEnum",
    "SupervisionLevelEnum",
    "SupervisionSourceEnum",
    "SupervisionStatusEnum",
]

SupervisionStatusEnum = described_enum(
    m.SupervisionStatus,
    "督办状态 (supervision item status)",
    {
        "OPEN": "已立项 (opened, awaiting the unit's report)",
        "RECTIFYING": "整改中 (sent back, being rectified)",
        "REPORTED": "已报送整改 (rectification reported, awaiting verification)",
        "CLOSED": "已销号 (verified and closed)",
    },
)
SupervisionSourceEnum = described_enum(
    m.SupervisionSource,
    "督办来源 (where a supervision item came from)",
    {
        "ESCALATED_COMPLAINT": "诉求提级督办 (escalated complaint)",
        "OVERDUE_TASK": "逾期任务 (overdue task)",
        "INSPECTION_FINDING": "督查发现 (inspection finding)",
        "LEADER_INSTRUCTION": "领导批示 (leader's instruction)",
        "MEDIA_REPORT": "媒体曝光 (media report)",
        "PROPOSAL": "建议提案 (deputies' proposal)",
        "OTHER": "其他 (other)",
    },
)
SupervisionLevelEnum = described_enum(
    m.SupervisionLevel,
    "督办级别 (level)",
    {"ORDINARY": "一般督办 (ordinary)", "KEY": "重点督办 (key)", "ESCALATED": "提级督办 (escalated)"},
)
RectificationVerdictEnum = described_enum(
    m.RectificationVerdict,
    "核查结论 (verification verdict)",
    {"ACCEPTED": "通过销号 (accepted)", "REJECTED": "退回整改 (rejected)"},
)
InspectionKindEnum = described_enum(
    m.InspectionKind,
    "督查方式 (inspection kind)",
    {
        "INSPECTION": "督查 (inspection)",
        "UNANNOUNCED": "暗访 (unannounced visit)",
        "FOLLOW_UP": "回头看 (follow-up)",
    },
)
BulletinKindEnum = described_enum(
    m.BulletinKind,
    "通报类型 (bulletin kind)",
    {
        "REGULAR": "定期通报 (regular)",
        "COMMENDATION": "通报表扬 (commendation)",
        "CRITICISM": "通报批评 (criticism)",
        "TYPICAL_CASE": "案例晾晒 (typical cases made public)",
    },
)
InterviewReasonEnum = described_enum(
    m.InterviewReason,
    "约谈原因 (interview reason)",
    {
        "LOW_RANKING": "排名靠后 (low ranking)",
        "REPEATED_OVERDUE": "多次逾期 (repeated overdue)",
        "OTHER": "其他 (other)",
    },
)
