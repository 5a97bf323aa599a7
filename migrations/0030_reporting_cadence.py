"""task.reporting_cadence: how often a task's progress must be reported (周调度、月总结; issue 19).

NONE for every existing task (a database default, so the column can be added NOT NULL to a table
with rows); the overdue job flags REPORT_MISSING only for tasks given another cadence. The flags'
`kind` gains that value: only the migration state's description of the column changes, so that
operation writes nothing (on SQLite an AlterField rebuilds the table and loses its indexes, the partial
unique `overdue_flag_open_once` of 0019 among them).
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.overdue import OverdueKind
from models.task import ReportingCadence


class DescriptionOnly(ops.AlterField):
    """An AlterField for the state alone: the column's type, length and nullability are unchanged."""

    async def database_forward(self, *args: Any, **kwargs: Any) -> None:
        return None

    async def database_backward(self, *args: Any, **kwargs: Any) -> None:
        return None


class Migration(migrations.Migration):
    dependencies = [("models", "0029_enterprise_liaison")]

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
        DescriptionOnly(
            model_name="OverdueFlag",
            name="kind",
            field=fields.CharEnumField(
                description="TASK: TASK\nMILESTONE: MILESTONE\nCOMPLAINT_STAGE: COMPLAINT_STAGE\n"
                "SUPERVISION_ITEM: SUPERVISION_ITEM\nRECOMMENDATION: RECOMMENDATION\n"
                "REPORT_MISSING: REPORT_MISSING",
                enum_type=OverdueKind,
                max_length=24,
            ),
        ),
    ]
