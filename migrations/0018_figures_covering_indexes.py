"""Covering indexes for the city-wide figures; the single-column indexes they make redundant go.

Each new index leads with the column of a single-column index (received_at, resolve_due_at,
resolved_at), so it serves every lookup that one did; those three are dropped. Tortoise's AlterField
rebuilds the whole table on SQLite (and used to lose its indexes, see 0017): on SQLite the index alone
is dropped in place.
"""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from models.indexes import drop_sqlite_column_indexes


class DropColumnIndex(ops.AlterField):
    """AlterField whose only change is db_index True -> False: on SQLite, DROP INDEX, no table rebuild."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is None or state_editor.client.capabilities.dialect != "sqlite":
            await super().database_forward(app_label, old_state, new_state, state_editor)
            return
        model = old_state.apps.get_model(f"{app_label}.{self.model_name}")
        await drop_sqlite_column_indexes(state_editor.client, model._meta.db_table, self.name)


class Migration(migrations.Migration):
    dependencies = [("models", "0017_restore_sqlite_indexes")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="Complaint",
            index=Index(
                fields=[
                    "received_at",
                    "handling_unit_id",
                    "dispatched_at",
                    "contact_in_time",
                    "first_resolved_at",
                    "visited_at",
                    "is_reasonable",
                    "satisfaction",
                    "problem_solved",
                    "reopen_count",
                ],
                name="complaint_figures_received",
            ),
        ),
        ops.AddIndex(
            model_name="Complaint",
            index=Index(
                fields=["resolve_due_at", "handling_unit_id", "resolved_at", "resolve_in_time"],
                name="complaint_figures_due",
            ),
        ),
        ops.AddIndex(
            model_name="Complaint",
            index=Index(
                fields=["resolved_at", "handling_unit_id", "resolve_due_at", "resolve_in_time"],
                name="complaint_figures_resolved",
            ),
        ),
        DropColumnIndex(
            model_name="Complaint",
            name="received_at",
            field=fields.DatetimeField(auto_now=False, auto_now_add=False),
        ),
        DropColumnIndex(
            model_name="Complaint",
            name="resolve_due_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        DropColumnIndex(
            model_name="Complaint",
            name="resolved_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
