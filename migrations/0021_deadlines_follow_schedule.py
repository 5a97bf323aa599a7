"""Deadlines follow schedule changes: a supervision item keeps how its working-day deadline was counted.

An escalated complaint's item is due 5 working days after the escalation unless the office names a
date; `due_counted_from` and `due_working_days` let a calendar load count it again, and
`due_provisional` says the count passes through a year whose schedule is not loaded.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


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
            field=fields.BooleanField(default=False),
        ),
    ]
