"""Clue sources and kinds (issue 19): the sources the seeds name (12345 hotline, enterprise ratings, monitoring
points, enterprise reports) and `clue.conduct` (不作为/慢作为/假作为/乱作为), a nullable column added in place.

The source column stays VARCHAR(20); only the enum's description (in the model state) changes, so that
step touches no table: Tortoise's AlterField would rebuild `clue` on SQLite and lose its indexes.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.discipline import ClueConduct, ClueSource


class DescribeField(ops.AlterField):
    """AlterField in the model state only: the column itself is unchanged."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None


async def index_conduct(apps, schema_editor) -> None:
    """AddField leaves the new column's index out (on SQLite): create it as Tortoise names it."""
    name = schema_editor._generate_index_name_for_table("idx", "clue", ["conduct"])
    await schema_editor.client.execute_script(f'CREATE INDEX IF NOT EXISTS "{name}" ON "clue" ("conduct")')


class Migration(migrations.Migration):
    dependencies = [("models", "0025_form_one_outcome")]

    initial = False

    operations = [
        DescribeField(
            model_name="Clue",
            name="source",
            field=fields.CharEnumField(
                db_index=True,
                description="SUPERVISION_ITEM: SUPERVISION_ITEM\nCOMPLAINT: COMPLAINT\nTASK: TASK\nINSPECTION: INSPECTION\nLETTER: LETTER\nHOTLINE_12345: HOTLINE_12345\nENTERPRISE_RATING: ENTERPRISE_RATING\nMONITORING_POINT: MONITORING_POINT\nENTERPRISE_REPORT: ENTERPRISE_REPORT\nOTHER: OTHER",
                enum_type=ClueSource,
                max_length=20,
            ),
        ),
        ops.AddField(
            model_name="Clue",
            name="conduct",
            field=fields.CharEnumField(
                null=True,
                db_index=True,
                description="INACTION: INACTION\nSLOW_ACTION: SLOW_ACTION\nSHAM_ACTION: SHAM_ACTION\nARBITRARY_ACTION: ARBITRARY_ACTION",
                enum_type=ClueConduct,
                max_length=20,
            ),
        ),
        ops.RunPython(index_conduct, reverse_code=ops.RunPython.noop),
    ]
