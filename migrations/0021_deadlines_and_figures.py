"""Deadlines follow schedule changes, and the figures follow their rules (docs/figures.md).

An escalated complaint's item is due 5 working days after the escalation unless the office names a
date; `due_counted_from` and `due_working_days` let a calendar load count it again, and
`due_provisional` says the count passes through a year whose schedule is not loaded.

The figures' covering indexes gain the columns the rules now read, so each branch still reads its index
range alone: `status` (a withdrawn complaint counts nowhere) in all three, `resolved_at` (办结 now: not
being redone) in the cohort's.
"""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# The columns as of this migration (written out: a migration must not change when the models do).
FIGURES_RECEIVED = [
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
]
FIGURES_DUE = ["resolve_due_at", "handling_unit_id", "resolved_at", "resolve_in_time", "status"]
FIGURES_RESOLVED = ["resolved_at", "handling_unit_id", "resolve_due_at", "resolve_in_time", "status"]


class Migration(migrations.Migration):
    dependencies = [("models", "0020_audit_keyed")]

    initial = False

    operations = [
        ops.AddField(
            model_name="SupervisionItem",
            name="due_counted_from",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="SupervisionItem",
            name="due_working_days",
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name="SupervisionItem",
            name="due_provisional",
            # A database default too: the column is added NOT NULL to a table that has rows.
            field=fields.BooleanField(default=False, db_default=False),
        ),
        *(
            op
            for name, columns in (
                ("complaint_figures_received", FIGURES_RECEIVED),
                ("complaint_figures_due", FIGURES_DUE),
                ("complaint_figures_resolved", FIGURES_RESOLVED),
            )
            for op in (
                ops.RemoveIndex(model_name="Complaint", name=name),
                ops.AddIndex(model_name="Complaint", index=Index(fields=list(columns), name=name)),
            )
        ),
    ]
