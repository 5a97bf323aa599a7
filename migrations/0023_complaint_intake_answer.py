"""complaint.intake_answered_at: a consultation answered and closed at intake (即接即答, issue 19).

A nullable column added in place (ALTER TABLE … ADD COLUMN on both databases): no row is rewritten and
no index is touched.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0022_rate_buckets")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Complaint",
            name="intake_answered_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
