"""Recreates, on SQLite, the indexes that table rebuilds lost (see models/indexes.py).

Migration 0009's RemoveField rebuilt `task` and `milestone` without their indexes, the unique
(plan, code) of tasks among them. Names follow Tortoise's own scheme so later index operations find
them. PostgreSQL alters tables in place and lost nothing: there this does nothing.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from models.indexes import declared_indexes, existing_indexes


async def restore(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return
    present = await existing_indexes(client)
    for index in sorted(declared_indexes(apps.get_models_iterable()), key=lambda i: (i.table, i.columns)):
        if (index.table, index.columns) in present:
            continue
        prefix = "uid" if index.unique else "idx"
        name = schema_editor._generate_index_name_for_table(prefix, index.table, list(index.columns))
        columns = ", ".join(f'"{c}"' for c in index.columns)
        unique = "UNIQUE " if index.unique else ""
        await client.execute_script(f'CREATE {unique}INDEX IF NOT EXISTS "{name}" ON "{index.table}" ({columns})')


class Migration(migrations.Migration):
    dependencies = [("models", "0016_complaint_without_overdue_column")]

    initial = False

    operations = [ops.RunPython(restore, reverse_code=ops.RunPython.noop)]
