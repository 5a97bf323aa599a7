"""The complaints' daily serial numbers move to the one gap-free counter table: `complaint:<day>` rows.

Each day's last number is copied over, so the next intake of a day already numbered continues its
sequence; then `complaint_serial_counter` goes. Reversed, the rows move back.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0027_cache_epoch")]

    initial = False

    operations = [
        ops.RunSQL(
            [
                "INSERT INTO counter (\"key\", n) SELECT 'complaint:' || day, n FROM complaint_serial_counter",
            ],
            reverse_sql=[
                "INSERT INTO complaint_serial_counter (day, n)"
                " SELECT substr(\"key\", 11), n FROM counter WHERE \"key\" LIKE 'complaint:%'",
                "DELETE FROM counter WHERE \"key\" LIKE 'complaint:%'",
            ],
        ),
        ops.DeleteModel(name="ComplaintSerialCounter"),
    ]
