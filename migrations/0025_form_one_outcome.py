"""form_one_outcome: 第一种形态 outcomes recorded on a disposed clue without filing a case (issue 19)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.discipline_outcome import FormOneMeasure
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("models", "0024_complaint_rating")]

    initial = False

    operations = [
        ops.CreateModel(
            name="FormOneOutcome",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "clue",
                    fields.ForeignKeyField(
                        "models.Clue",
                        source_field="clue_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="form_one_outcomes",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("person_name", fields.CharField(max_length=50)),
                ("position", fields.CharField(default="", max_length=100)),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="form_one_outcomes",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "measure",
                    fields.CharEnumField(
                        description="CRITICISM: CRITICISM\nTALK_REMINDER: TALK_REMINDER\nORDERED_EXAMINATION: ORDERED_EXAMINATION\nADMONISHMENT: ADMONISHMENT",
                        enum_type=FormOneMeasure,
                        max_length=24,
                    ),
                ),
                ("decided_on", fields.DateField(db_index=True)),
                ("note", fields.TextField(default="", unique=False)),
                ("recorded_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("recorded_by", fields.CharField(max_length=100)),
            ],
            options={
                "table": "form_one_outcome",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A form-1 measure for one official, decided on a clue without a case (append-only).",
            },
            bases=["Row"],
        ),
    ]
