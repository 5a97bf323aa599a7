"""task.reporting_cadence: how often a task's progress must be reported (周调度、月总结; issue 19).

NONE for every existing task (a database default, so the column can be added NOT NULL to a table
with rows); the overdue job flags REPORT_MISSING only for tasks given another cadence.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.task import ReportingCadence


class Migration(migrations.Migration):
    dependencies = [("models", "0028_one_counter")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Task",
            name="reporting_cadence",
            field=fields.CharEnumField(
                default=ReportingCadence.NONE,
                db_default="NONE",
                description="NONE: NONE\nWEEKLY: WEEKLY\nMONTHLY: MONTHLY\nQUARTERLY: QUARTERLY",
                enum_type=ReportingCadence,
                max_length=12,
            ),
        ),
    ]
