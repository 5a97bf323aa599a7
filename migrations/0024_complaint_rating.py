"""complaint_rating: 好差评 ratings of complaints' handling, with the "1、5、15" rectification of a 差评 (issue 19)."""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0023_complaint_intake_answer")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ComplaintRating",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("version", fields.IntField(default=1)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                (
                    "complaint",
                    fields.OneToOneField(
                        "models.Complaint",
                        source_field="complaint_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="rating",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="complaint_ratings",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("score", fields.SmallIntField()),
                ("comment", fields.TextField(null=True, unique=False)),
                ("rated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("rated_by", fields.CharField(max_length=100)),
                ("verify_due_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("verified_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("verify_in_time", fields.BooleanField(null=True)),
                ("verification_note", fields.TextField(null=True, unique=False)),
                ("is_complex", fields.BooleanField(null=True)),
                ("rectify_due_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("rectified_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("rectify_in_time", fields.BooleanField(null=True)),
                ("rectification_note", fields.TextField(null=True, unique=False)),
                ("deadline_provisional", fields.BooleanField(default=False)),
            ],
            options={
                "table": "complaint_rating",
                "app": "models",
                "indexes": [
                    Index(fields=["unit_id", "rated_at"]),
                    Index(fields=["unit_id", "rectify_due_at"]),
                    Index(fields=["unit_id", "rectified_at"]),
                ],
                "pk_attr": "id",
                "table_description": "One rating per complaint, of the unit that handled it (kept even if the complaint moves later).",
            },
            bases=["VersionedModel"],
        ),
    ]
