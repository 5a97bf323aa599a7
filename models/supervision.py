"""Supervision (督查督办): items with their rectification reports and extensions, inspections, findings,
bulletins and interviews; the item's state machine sits beside them."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row, VersionedModel
from models.unit import Unit

__all__ = [
    "Bulletin",
    "BulletinKind",
    "Finding",
    "Inspection",
    "InspectionKind",
    "InspectionUnit",
    "Interview",
    "InterviewReason",
    "Rectification",
    "RectificationVerdict",
    "SupervisionExtension",
    "SupervisionItem",
    "SupervisionLevel",
    "SupervisionSource",
    "SupervisionStatus",
    "may_transition",
]


class SupervisionSource(str, Enum):
    ESCALATED_COMPLAINT = "ESCALATED_COMPLAINT"
    OVERDUE_TASK = "OVERDUE_TASK"
    INSPECTION_FINDING = "INSPECTION_FINDING"
    LEADER_INSTRUCTION = "LEADER_INSTRUCTION"
    MEDIA_REPORT = "MEDIA_REPORT"
    PROPOSAL = "PROPOSAL"
    OTHER = "OTHER"


class SupervisionLevel(str, Enum):
    ORDINARY = "ORDINARY"
    KEY = "KEY"
    ESCALATED = "ESCALATED"


class SupervisionStatus(str, Enum):
    OPEN = "OPEN"
    RECTIFYING = "RECTIFYING"
    REPORTED = "REPORTED"
    CLOSED = "CLOSED"


# The unit reports (from OPEN, or again after a rejection); the office closes (销号) or sends back.
TRANSITIONS: dict[SupervisionStatus, frozenset[SupervisionStatus]] = {
    SupervisionStatus.OPEN: frozenset({SupervisionStatus.REPORTED}),
    SupervisionStatus.RECTIFYING: frozenset({SupervisionStatus.REPORTED}),
    SupervisionStatus.REPORTED: frozenset({SupervisionStatus.CLOSED, SupervisionStatus.RECTIFYING}),
    SupervisionStatus.CLOSED: frozenset(),
}


def may_transition(current: SupervisionStatus, target: SupervisionStatus) -> bool:
    return target in TRANSITIONS[current]


class RectificationVerdict(str, Enum):
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


class InspectionKind(str, Enum):
    INSPECTION = "INSPECTION"
    UNANNOUNCED = "UNANNOUNCED"
    FOLLOW_UP = "FOLLOW_UP"


class BulletinKind(str, Enum):
    REGULAR = "REGULAR"
    COMMENDATION = "COMMENDATION"
    CRITICISM = "CRITICISM"
    TYPICAL_CASE = "TYPICAL_CASE"


class InterviewReason(str, Enum):
    LOW_RANKING = "LOW_RANKING"
    REPEATED_OVERDUE = "REPEATED_OVERDUE"
    OTHER = "OTHER"


class Inspection(VersionedModel):
    """An inspection tour (督查, 暗访 or 回头看) by a team visiting units."""

    title = fields.CharField(max_length=300)
    kind = fields.CharEnumField(InspectionKind, max_length=16, db_index=True)
    starts_on = fields.DateField(db_index=True)
    ends_on = fields.DateField(null=True)
    team_members = fields.JSONField(default=list)
    created_by = fields.CharField(max_length=100)

    class Meta:
        table = "inspection"


class InspectionUnit(Row):
    """A unit an inspection visits."""

    id = fields.BigIntField(primary_key=True)
    inspection: fields.ForeignKeyRelation[Inspection] = fields.ForeignKeyField(
        "models.Inspection", related_name="unit_links", on_delete=fields.CASCADE
    )
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="inspection_links", on_delete=fields.RESTRICT
    )

    class Meta:
        table = "inspection_unit"
        unique_together = (("inspection", "unit"),)


class SupervisionItem(VersionedModel):
    """A supervision item (督办事项): a responsible unit, a rectification deadline, a level, a status."""

    serial = fields.CharField(max_length=20, unique=True)
    title = fields.CharField(max_length=300)
    description = fields.TextField(default="")
    source = fields.CharEnumField(SupervisionSource, max_length=24, db_index=True)
    level = fields.CharEnumField(
        SupervisionLevel, max_length=16, default=SupervisionLevel.ORDINARY, db_index=True
    )
    responsible_unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="supervision_items", on_delete=fields.RESTRICT
    )
    supervising_unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="supervising_items", null=True, on_delete=fields.RESTRICT
    )
    inspection: fields.ForeignKeyNullableRelation[Inspection] = fields.ForeignKeyField(
        "models.Inspection", related_name="items", null=True, on_delete=fields.RESTRICT
    )
    due_on = fields.DateField(db_index=True)
    # A deadline counted in working days (the escalation's default, 5): from when and how many, so a
    # schedule change can count it again; null for a date the office chose, which no schedule moves.
    due_counted_from = fields.DatetimeField(null=True)
    due_working_days = fields.IntField(null=True)
    # The count passes through a year whose schedule is not loaded (weekends only until it is).
    due_provisional = fields.BooleanField(default=False, db_default=False)
    status = fields.CharEnumField(
        SupervisionStatus, max_length=16, default=SupervisionStatus.OPEN, db_index=True
    )
    # Written by the overdue job only (mirror of the open SUPERVISION_ITEM flags).
    is_overdue = fields.BooleanField(default=False, db_index=True)
    opened_by = fields.CharField(max_length=100)
    closed_at = fields.DatetimeField(null=True)
    # The foreign keys' id columns, as Tortoise sets them (declared for the type checker only).
    responsible_unit_id: int
    supervising_unit_id: int | None
    inspection_id: int | None

    class Meta:
        table = "supervision_item"
        indexes = (("status", "due_on"), ("responsible_unit_id", "status"))


class Rectification(Row):
    """A rectification report (整改报告) and the office's verdict on it."""

    id = fields.BigIntField(primary_key=True)
    item: fields.ForeignKeyRelation[SupervisionItem] = fields.ForeignKeyField(
        "models.SupervisionItem", related_name="rectifications", on_delete=fields.CASCADE
    )
    text = fields.TextField()
    measures = fields.TextField(default="")
    evidence = fields.JSONField(default=list)
    submitted_at = fields.DatetimeField()
    submitted_by = fields.CharField(max_length=100)
    verdict = fields.CharEnumField(RectificationVerdict, max_length=10, null=True)
    verdict_reason = fields.TextField(null=True)
    verified_at = fields.DatetimeField(null=True)
    verified_by = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "rectification"
        indexes = (("item_id", "submitted_at"),)


class SupervisionExtension(Row):
    """A deadline extension granted by the office, with its reason."""

    id = fields.BigIntField(primary_key=True)
    item: fields.ForeignKeyRelation[SupervisionItem] = fields.ForeignKeyField(
        "models.SupervisionItem", related_name="extensions", on_delete=fields.CASCADE
    )
    old_due_on = fields.DateField()
    new_due_on = fields.DateField()
    reason = fields.TextField()
    at = fields.DatetimeField()
    actor = fields.CharField(max_length=100)
    item_id: int

    class Meta:
        table = "supervision_extension"


class Finding(Row):
    """A finding of an inspection about one unit, opened as a supervision item."""

    id = fields.BigIntField(primary_key=True)
    inspection: fields.ForeignKeyRelation[Inspection] = fields.ForeignKeyField(
        "models.Inspection", related_name="findings", on_delete=fields.RESTRICT
    )
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="findings", on_delete=fields.RESTRICT
    )
    description = fields.TextField()
    item: fields.ForeignKeyNullableRelation[SupervisionItem] = fields.ForeignKeyField(
        "models.SupervisionItem", related_name="findings", null=True, on_delete=fields.RESTRICT
    )
    found_at = fields.DatetimeField()
    recorded_by = fields.CharField(max_length=100)

    class Meta:
        table = "finding"


class Bulletin(Row):
    """A bulletin issue (通报, 第N期): numbered gap-free per year."""

    id = fields.BigIntField(primary_key=True)
    year = fields.IntField()
    number = fields.IntField()
    kind = fields.CharEnumField(BulletinKind, max_length=16, db_index=True)
    period_start = fields.DateField(null=True)
    period_end = fields.DateField(null=True)
    title = fields.CharField(max_length=300)
    body = fields.TextField()
    cited = fields.JSONField(default=dict)
    published_at = fields.DatetimeField(db_index=True)
    published_by = fields.CharField(max_length=100)

    class Meta:
        table = "bulletin"
        unique_together = (("year", "number"),)


class Interview(Row):
    """An interview (约谈) of a unit's head."""

    id = fields.BigIntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="interviews", on_delete=fields.RESTRICT
    )
    held_on = fields.DateField(db_index=True)
    reason = fields.CharEnumField(InterviewReason, max_length=20)
    reason_detail = fields.TextField(default="")
    participants = fields.JSONField(default=list)
    outcome = fields.TextField(default="")
    follow_up_due_on = fields.DateField(null=True)
    recorded_by = fields.CharField(max_length=100)
    recorded_at = fields.DatetimeField()

    class Meta:
        table = "interview"
        indexes = (("unit_id", "held_on"),)
