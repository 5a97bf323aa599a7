"""Ledger enums with their Chinese terms."""

from models.task import ReportingCadence, TaskCategory, TaskOrigin, TaskStatus
from resolvers.ledger.queries import OrderDirection, TaskOrderField
from schema.enums import described_enum

__all__ = [
    "OrderDirectionEnum",
    "ReportingCadenceEnum",
    "TaskCategoryEnum",
    "TaskOrderFieldEnum",
    "TaskOriginEnum",
    "TaskStatusEnum",
]

TaskStatusEnum = described_enum(
    TaskStatus,
    "任务状态 (task status)",
    {
        "NOT_STARTED": "未开始 (not started)",
        "IN_PROGRESS": "推进中 (in progress)",
        "COMPLETED": "已办结 (completed by the lead unit, awaiting verification)",
        "VERIFIED": "已销号 (verified and closed by the supervision office)",
        "SUSPENDED": "已暂停 (suspended, with a reason; resumable)",
    },
)

TaskCategoryEnum = described_enum(
    TaskCategory,
    "任务分类：六大环境 (category: the six environments)",
    {
        "GOVERNMENT_SERVICE": "政务环境 (government services)",
        "MARKET": "市场环境 (market)",
        "FACTORS": "要素环境 (production factors)",
        "OPENNESS": "开放环境 (openness)",
        "SOCIAL": "社会环境 (social)",
        "RULE_OF_LAW": "法治环境 (rule of law)",
        "OTHER": "其他 (other)",
    },
)

TaskOriginEnum = described_enum(
    TaskOrigin,
    "任务来源 (where a task comes from)",
    {
        "PROVINCIAL_REQUIREMENT": "落实省要求 (provincial requirement)",
        "LOCAL_INNOVATION": "自主创新 (local innovation)",
        "INSPECTION_FINDING": "督查发现问题 (inspection finding)",
        "PROPOSAL_REPLY": "建议提案答复 (reply to a proposal)",
        "LEADER_INSTRUCTION": "领导批示 (leader's instruction)",
        "OTHER": "其他 (other)",
    },
)

ReportingCadenceEnum = described_enum(
    ReportingCadence,
    "进展报送周期 (how often a task's progress must be reported)",
    {
        "NONE": "不定期 (no required cadence)",
        "WEEKLY": "每周报送 (weekly: at least one report each Monday-Sunday week)",
        "MONTHLY": "每月报送 (monthly: at least one report each calendar month)",
        "QUARTERLY": "每季度报送 (quarterly: at least one report each calendar quarter)",
    },
)

TaskOrderFieldEnum = described_enum(
    TaskOrderField,
    "任务排序字段 (task ordering field)",
    {
        "DUE_ON": "完成时限 (due date; undated tasks last)",
        "CODE": "序号 (code within the plan, 1 < 1.2 < 2 < 10)",
        "UPDATED_AT": "更新时间 (last change)",
    },
)

OrderDirectionEnum = described_enum(
    OrderDirection, "排序方向 (direction)", {"ASC": "升序 (ascending)", "DESC": "降序 (descending)"}
)
