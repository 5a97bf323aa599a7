"""Data: the SLA policies every deployment starts with, "2110" (Dongying) and "2115" (provincial standard)."""

from tortoise import migrations
from tortoise.migrations import operations as ops

_COLUMNS = (
    "code, name, contact_amount, contact_unit, reply_amount, reply_unit, resolve_amount, resolve_unit,"
    " version, created_at, updated_at"
)
_ROWS = [
    ("2110", "东营“2110”企业诉求快速办理机制", 2, "HOURS", 1, "WORKING_DAYS", 10, "WORKING_DAYS"),
    ("2115", "山东省“2115”企业诉求办理标准", 2, "HOURS", 1, "WORKING_DAYS", 15, "WORKING_DAYS"),
]


def _insert(row: tuple) -> str:
    values = ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in row)
    return f"INSERT INTO sla_policy ({_COLUMNS}) VALUES ({values}, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"


class Migration(migrations.Migration):
    dependencies = [("models", "0010_complaints")]

    initial = False

    operations = [
        ops.RunSQL(
            [_insert(row) for row in _ROWS],
            reverse_sql=["DELETE FROM sla_policy WHERE code IN ('2110', '2115')"],
        ),
    ]
