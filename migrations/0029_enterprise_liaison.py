"""enterprise.liaison_*: an enterprise's 帮包责任人 ("一企一策一人", issue 19): name, phone and unit.

Three nullable columns added in place: no row is rewritten, and an enterprise without a liaison keeps
NULLs (the digest job and the `liaisonUnitCode` filter skip it).
"""

from tortoise import fields
from tortoise import migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0028_one_counter")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Enterprise",
            name="liaison_name",
            field=fields.CharField(null=True, max_length=50),
        ),
        ops.AddField(
            model_name="Enterprise",
            name="liaison_phone",
            field=fields.CharField(null=True, max_length=30),
        ),
        ops.AddField(
            model_name="Enterprise",
            name="liaison_unit",
            field=fields.ForeignKeyField(
                "models.Unit",
                source_field="liaison_unit_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="liaison_enterprises",
                on_delete=OnDelete.RESTRICT,
            ),
        ),
    ]
