"""Tasks (任务 / 举措) of a plan: responsible units, milestones (时间节点) and progress reports (进展)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields

from models.base import Row, VersionedModel

if TYPE_CHECKING:
    from models.plan import Plan
    from models.unit import Unit

__all__ = [
    "Milestone",
    "ProgressReport",
    "ReportingCadence",
    "Task",
    "TaskCategory",
    "TaskOrigin",
    "TaskStatus",
    "TaskUnit",
    "UnitRole",
    "code_sort_key",
]


class TaskStatus(str, Enum):
    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    VERIFIED = "VERIFIED"
    SUSPENDED = "SUSPENDED"


class TaskCategory(str, Enum):
    GOVERNMENT_SERVICE = "GOVERNMENT_SERVICE"
    MARKET = "MARKET"
    FACTORS = "FACTORS"
    OPENNESS = "OPENNESS"
    SOCIAL = "SOCIAL"
    RULE_OF_LAW = "RULE_OF_LAW"
    OTHER = "OTHER"


class TaskOrigin(str, Enum):
    PROVINCIAL_REQUIREMENT = "PROVINCIAL_REQUIREMENT"
    LOCAL_INNOVATION = "LOCAL_INNOVATION"
    INSPECTION_FINDING = "INSPECTION_FINDING"
    PROPOSAL_REPLY = "PROPOSAL_REPLY"
    LEADER_INSTRUCTION = "LEADER_INSTRUCTION"
    OTHER = "OTHER"


class ReportingCadence(str, Enum):
    """How often a task's lead unit must report progress (周调度、月总结): the overdue job flags a task
    with no progress report in the last completed period as REPORT_MISSING."""

    NONE = "NONE"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"


class UnitRole(str, Enum):
    LEAD = "LEAD"
    CO = "CO"


def code_sort_key(code: str | None) -> str:
    """ "1.10" sorts after "1.9": each numeric part zero-padded; other parts kept as they are."""
    if not code:
        return "~"
    return ".".join(p.zfill(6) if p.isdigit() else p for p in code.split("."))


class Task(VersionedModel):
    plan: fields.ForeignKeyRelation[Plan] = fields.ForeignKeyField(
        "models.Plan", related_name="tasks", on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyNullableRelation[Task] = fields.ForeignKeyField(
        "models.Task", related_name="subtasks", null=True, on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=40, null=True)
    code_key = fields.CharField(max_length=200, default="~", db_index=True)
    title = fields.CharField(max_length=500, db_index=True)
    description = fields.TextField(null=True)
    category = fields.CharEnumField(TaskCategory, max_length=24, db_index=True)
    origin = fields.CharEnumField(TaskOrigin, max_length=32, default=TaskOrigin.OTHER)
    responsible_leader = fields.CharField(max_length=100, null=True)
    due_on = fields.DateField(null=True, db_index=True)
    target_indicator = fields.CharField(max_length=200, null=True)
    target_value = fields.FloatField(null=True)
    target_unit = fields.CharField(max_length=30, null=True)
    actual_value = fields.FloatField(null=True)
    status = fields.CharEnumField(TaskStatus, max_length=16, default=TaskStatus.NOT_STARTED, db_index=True)
    # The status a suspended task returns to when resumed.
    resume_status = fields.CharEnumField(TaskStatus, max_length=16, null=True)
    suspended_reason = fields.TextField(null=True)
    completion_summary = fields.TextField(null=True)
    returned_reason = fields.TextField(null=True)
    progress_percent = fields.IntField(null=True)
    # A database default too: the column is added NOT NULL to a table that has rows (migration 0030).
    reporting_cadence = fields.CharEnumField(
        ReportingCadence, max_length=12, default=ReportingCadence.NONE, db_default="NONE"
    )
    # Mirrors the open overdue flags (written by the overdue job) so "overdue now" filters use an index.
    is_overdue = fields.BooleanField(default=False, db_index=True)

    subtasks: fields.ReverseRelation[Task]
    unit_links: fields.ReverseRelation[TaskUnit]
    milestones: fields.ReverseRelation[Milestone]
    progress_reports: fields.ReverseRelation[ProgressReport]

    class Meta:
        table = "task"
        unique_together = (("plan", "code"),)
        indexes = (("plan_id", "code_key"),)

    def __str__(self) -> str:
        return f"{self.code or ''} {self.title}".strip()


class TaskUnit(Row):
    """A unit's part in a task: lead (牵头单位) or co-responsible (责任单位)."""

    id = fields.BigIntField(primary_key=True)
    task: fields.ForeignKeyRelation[Task] = fields.ForeignKeyField(
        "models.Task", related_name="unit_links", on_delete=fields.CASCADE
    )
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="task_links", on_delete=fields.RESTRICT
    )
    role = fields.CharEnumField(UnitRole, max_length=8)
    position = fields.IntField(default=0)

    class Meta:
        table = "task_unit"
        unique_together = (("task", "unit"),)
        indexes = (("unit_id", "role"),)


class Milestone(VersionedModel):
    task: fields.ForeignKeyRelation[Task] = fields.ForeignKeyField(
        "models.Task", related_name="milestones", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=300)
    due_on = fields.DateField(db_index=True)
    completed_at = fields.DatetimeField(null=True)
    is_overdue = fields.BooleanField(default=False, db_index=True)

    class Meta:
        table = "milestone"
        ordering = ["due_on", "id"]


class ProgressReport(Row):
    id = fields.BigIntField(primary_key=True)
    task: fields.ForeignKeyRelation[Task] = fields.ForeignKeyField(
        "models.Task", related_name="progress_reports", on_delete=fields.CASCADE
    )
    unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="progress_reports", null=True, on_delete=fields.RESTRICT
    )
    text = fields.TextField()
    percent = fields.IntField()
    actual_value = fields.FloatField(null=True)
    reported_at = fields.DatetimeField(db_index=True)
    actor = fields.CharField(max_length=100)

    class Meta:
        table = "progress_report"
        indexes = (("task_id", "reported_at"),)
