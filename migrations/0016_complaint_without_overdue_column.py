"""complaint.is_overdue is dropped: "overdue now" is computed from the due/met columns.

Tortoise's RemoveField rebuilds the table on SQLite and loses its indexes; SQLite (3.35+) can drop an
unindexed column in place, so its indexes on the column are dropped first, then the column alone.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from models.indexes import drop_sqlite_column_indexes


class DropColumn(ops.RemoveField):
    """RemoveField that keeps the table's other indexes on SQLite."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is None or state_editor.client.capabilities.dialect != "sqlite":
            await super().database_forward(app_label, old_state, new_state, state_editor)
            return
        model = old_state.apps.get_model(f"{app_label}.{self.model_name}")
        table = model._meta.db_table
        await drop_sqlite_column_indexes(state_editor.client, table, self.name)
        await state_editor.client.execute_script(f'ALTER TABLE "{table}" DROP COLUMN "{self.name}"')


class Migration(migrations.Migration):
    dependencies = [("models", "0015_figures_indexes")]

    initial = False

    operations = [DropColumn(model_name="Complaint", name="is_overdue")]
