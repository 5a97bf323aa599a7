"""Overdue flags: one row per thing found past its deadline, kept after it is cleared (the breach record)."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row
from models.unit import Unit

__all__ = ["OverdueFlag", "OverdueKind"]


class OverdueKind(str, Enum):
    TASK = "TASK"
    MILESTONE = "MILESTONE"
    COMPLAINT_STAGE = "COMPLAINT_STAGE"
    SUPERVISION_ITEM = "SUPERVISION_ITEM"
    RECOMMENDATION = "RECOMMENDATION"
    # An open task with a reporting cadence and no progress report in the last completed period.
    REPORT_MISSING = "REPORT_MISSING"


class OverdueFlag(Row):
    """Written only by the overdue job, set-based. Open while cleared_at is null, cleared when the
    deadline is met late, the work completed, or the deadline extended (a new flag then follows the
    new deadline if that one passes too). At most one is open per (kind, stage, subject_id): the
    partial unique index `overdue_flag_open_once` of migration 0019 (Tortoise cannot declare a partial
    unique index on SQLite, so it is not in Meta.indexes)."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharEnumField(OverdueKind, max_length=24)
    # The complaint SLA stage (CONTACT, REPLY, RESOLVE); '' for kinds without stages.
    stage = fields.CharField(max_length=8, default="")
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.BigIntField()
    unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="overdue_flags", null=True, on_delete=fields.RESTRICT, db_constraint=False
    )
    due_at = fields.DatetimeField()
    # The deadline's last day in local time: overdue working days count the working days after it.
    due_date = fields.DateField()
    detected_at = fields.DatetimeField()
    overdue_working_days = fields.IntField(default=0)
    cleared_at = fields.DatetimeField(null=True)

    class Meta:
        table = "overdue_flag"
        indexes = (
            ("kind", "stage", "subject_id", "cleared_at"),
            ("subject_type", "subject_id"),
            ("unit_id", "cleared_at"),
            ("cleared_at", "due_date"),
            ("detected_at",),
        )
