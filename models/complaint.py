"""Enterprise complaints (企业诉求): SLA policies, complaints, dispatch history, return visits, extensions."""

from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.indexes import Index

from models.base import Row, VersionedModel
from models.calendar import DurationUnit
from models.enterprise import Enterprise
from models.unit import Unit

__all__ = [
    "FIGURES_RECEIVED_INDEX",
    "Complaint",
    "ComplaintChannel",
    "ComplaintDispatch",
    "ComplaintKind",
    "ComplaintScope",
    "ComplaintStatus",
    "Extension",
    "ExtensionStatus",
    "ReturnVisit",
    "Satisfaction",
    "SlaPolicy",
    "SlaStage",
]


class ComplaintStatus(str, Enum):
    RECEIVED = "RECEIVED"
    DISPATCHED = "DISPATCHED"
    CONTACTED = "CONTACTED"
    REPLIED = "REPLIED"
    RESOLVED = "RESOLVED"
    VISITED = "VISITED"
    CLOSED = "CLOSED"
    REOPENED = "REOPENED"
    WITHDRAWN = "WITHDRAWN"


class ComplaintChannel(str, Enum):
    HOTLINE_12345 = "HOTLINE_12345"
    ONLINE_PLATFORM = "ONLINE_PLATFORM"
    VISIT = "VISIT"
    FORUM = "FORUM"
    SUPERVISOR_PANEL = "SUPERVISOR_PANEL"
    LETTER = "LETTER"
    OTHER = "OTHER"


class ComplaintKind(str, Enum):
    CONSULTATION = "CONSULTATION"
    HELP = "HELP"
    COMPLAINT = "COMPLAINT"
    SUGGESTION = "SUGGESTION"
    REPORT = "REPORT"


class ComplaintScope(str, Enum):
    INDIVIDUAL = "INDIVIDUAL"
    SYSTEMIC = "SYSTEMIC"


class Satisfaction(str, Enum):
    SATISFIED = "SATISFIED"
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"
    UNSATISFIED = "UNSATISFIED"


class SlaStage(str, Enum):
    CONTACT = "CONTACT"
    REPLY = "REPLY"
    RESOLVE = "RESOLVE"


class ExtensionStatus(str, Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class SlaPolicy(VersionedModel):
    """A time-limit policy such as "2110": per stage an amount and a `DurationUnit` (data, not code)."""

    code = fields.CharField(max_length=20, unique=True)
    name = fields.CharField(max_length=100)
    contact_amount = fields.IntField()
    contact_unit = fields.CharEnumField(DurationUnit, max_length=16)
    reply_amount = fields.IntField()
    reply_unit = fields.CharEnumField(DurationUnit, max_length=16)
    resolve_amount = fields.IntField()
    resolve_unit = fields.CharEnumField(DurationUnit, max_length=16)

    class Meta:
        table = "sla_policy"
        ordering = ["code"]


# The covering indexes of the figures (`resolvers.complaints.stats`): the period column first, then the
# handling unit and every column the counts read. The statement names them on SQLite (INDEXED BY).
FIGURES_RECEIVED = (
    "received_at",
    "handling_unit_id",
    "dispatched_at",
    "contact_in_time",
    "first_resolved_at",
    "visited_at",
    "is_reasonable",
    "satisfaction",
    "problem_solved",
    "reopen_count",
    "resolved_at",
    "status",
)
FIGURES_RECEIVED_INDEX = "complaint_figures_received"
FIGURES_DUE = ("resolve_due_at", "handling_unit_id", "resolved_at", "resolve_in_time", "status")
FIGURES_RESOLVED = ("resolved_at", "handling_unit_id", "resolve_due_at", "resolve_in_time", "status")


class Complaint(VersionedModel):
    serial_no = fields.CharField(max_length=20, unique=True)
    channel = fields.CharEnumField(ComplaintChannel, max_length=20, db_index=True)
    external_ref = fields.CharField(max_length=100, null=True)
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "models.Enterprise", related_name="complaints", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(ComplaintKind, max_length=16, db_index=True)
    scope = fields.CharEnumField(ComplaintScope, max_length=16, default=ComplaintScope.INDIVIDUAL)
    title = fields.CharField(max_length=200)
    content = fields.TextField()
    received_at = fields.DatetimeField()
    handling_unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="complaints", null=True, on_delete=fields.RESTRICT
    )
    dispatched_at = fields.DatetimeField(null=True, db_index=True)
    sla_policy: fields.ForeignKeyNullableRelation[SlaPolicy] = fields.ForeignKeyField(
        "models.SlaPolicy", related_name="complaints", null=True, on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(ComplaintStatus, max_length=16, db_index=True)
    handling_result = fields.TextField(null=True)
    is_reasonable = fields.BooleanField(null=True)
    # Each SLA stage: when it falls due, when it was met, and whether it was met in time (null until met).
    contact_due_at = fields.DatetimeField(null=True, db_index=True)
    contacted_at = fields.DatetimeField(null=True)
    contact_in_time = fields.BooleanField(null=True, db_index=True)
    reply_due_at = fields.DatetimeField(null=True, db_index=True)
    replied_at = fields.DatetimeField(null=True)
    reply_in_time = fields.BooleanField(null=True, db_index=True)
    # The resolve clock starts at dispatch and again at each reopen (重办).
    resolve_started_at = fields.DatetimeField(null=True)
    resolve_due_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    resolve_in_time = fields.BooleanField(null=True, db_index=True)
    # The first resolution is kept across reopens: figures count a complaint as resolved (办结) once.
    first_resolved_at = fields.DatetimeField(null=True)
    deadline_provisional = fields.BooleanField(default=False, db_index=True)
    satisfaction = fields.CharEnumField(Satisfaction, max_length=20, null=True, db_index=True)
    problem_solved = fields.BooleanField(null=True)
    visited_at = fields.DatetimeField(null=True)
    reopen_count = fields.IntField(default=0, db_index=True)
    escalated_at = fields.DatetimeField(null=True, db_index=True)
    # 即接即答: a consultation the hotline answered and closed at intake, never dispatched (no unit, no
    # SLA clock); its answer is `handling_result`.
    intake_answered_at = fields.DatetimeField(null=True)
    # The foreign keys' id columns, as Tortoise sets them (declared for the type checker only).
    enterprise_id: int
    handling_unit_id: int | None
    sla_policy_id: int | None
    # No is_overdue column: "overdue now" is computed from the due/met columns (index-served), and
    # the overdue job's flags hold the history. A mirrored column cost the job ~12,000 row rewrites,
    # each updating ~25 indexes, on its first run at scale 1.

    class Meta:
        table = "complaint"
        ordering = ["-received_at", "-id"]
        unique_together = (("channel", "external_ref"),)
        # The figures read a unit's complaints by period: received, due, or resolved in it.
        indexes = (
            ("handling_unit_id", "status"),
            ("enterprise_id", "received_at"),
            ("handling_unit_id", "received_at"),
            ("handling_unit_id", "resolve_due_at"),
            ("handling_unit_id", "resolved_at"),
            # City-wide figures read a month's complaints (~87,000 at scale 1): these carry every column
            # the counts use, so the database reads the index range alone instead of one table row per
            # complaint (SQLite: 199 -> 107 ms). They also serve every lookup by their first column.
            Index(fields=FIGURES_RECEIVED, name=FIGURES_RECEIVED_INDEX),
            Index(fields=FIGURES_DUE, name="complaint_figures_due"),
            Index(fields=FIGURES_RESOLVED, name="complaint_figures_resolved"),
        )


class ComplaintDispatch(Row):
    """One dispatch (派单) of a complaint to a unit, closed by a return (退单) with the reason."""

    id = fields.BigIntField(primary_key=True)
    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="dispatches", on_delete=fields.CASCADE
    )
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="complaint_dispatches", on_delete=fields.RESTRICT
    )
    sla_policy: fields.ForeignKeyRelation[SlaPolicy] = fields.ForeignKeyField(
        "models.SlaPolicy", related_name="dispatches", on_delete=fields.RESTRICT
    )
    dispatched_at = fields.DatetimeField()
    dispatched_by = fields.CharField(max_length=100)
    returned_at = fields.DatetimeField(null=True)
    returned_by = fields.CharField(max_length=100, null=True)
    return_reason = fields.TextField(null=True)

    class Meta:
        table = "complaint_dispatch"
        ordering = ["dispatched_at", "id"]
        indexes = (("complaint_id", "dispatched_at"),)


class ReturnVisit(Row):
    """A return visit (回访) after a resolution: a reopened complaint is visited again, each visit kept."""

    id = fields.BigIntField(primary_key=True)
    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="return_visits", on_delete=fields.CASCADE
    )
    visited_at = fields.DatetimeField()
    visited_by = fields.CharField(max_length=100)
    satisfaction = fields.CharEnumField(Satisfaction, max_length=20)
    problem_solved = fields.BooleanField()
    comments = fields.TextField(null=True)

    class Meta:
        table = "complaint_return_visit"
        ordering = ["visited_at", "id"]
        indexes = (("complaint_id", "visited_at"),)


class Extension(VersionedModel):
    """A deadline extension (延期) requested by the handling unit, decided by the supervision office."""

    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="extensions", on_delete=fields.CASCADE
    )
    requested_by_unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="complaint_extensions", on_delete=fields.RESTRICT
    )
    requested_by = fields.CharField(max_length=100)
    requested_at = fields.DatetimeField()
    previous_due_at = fields.DatetimeField()
    requested_due_at = fields.DatetimeField()
    reason = fields.TextField()
    status = fields.CharEnumField(
        ExtensionStatus, max_length=16, default=ExtensionStatus.PENDING, db_index=True
    )
    decided_by = fields.CharField(max_length=100, null=True)
    decided_at = fields.DatetimeField(null=True)
    decision_reason = fields.TextField(null=True)
    complaint_id: int
    requested_by_unit_id: int

    class Meta:
        table = "complaint_extension"
        ordering = ["requested_at", "id"]
        indexes = (("complaint_id", "status"),)
