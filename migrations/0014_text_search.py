"""Indexes for the substring searches (task titles, complaint title and content) on PostgreSQL.

Tortoise turns `icontains` into `UPPER(CAST(col AS VARCHAR)) LIKE UPPER('%…%')`; a trigram GIN index on
that same expression serves it. SQLite cannot index a leading-wildcard LIKE: there the search scans.
"""

import logging

from tortoise import migrations
from tortoise.migrations import operations as ops

log = logging.getLogger("duban.migrations")
_INDEXES = [
    ("task_title_trgm", "task", "title"),
    ("complaint_title_trgm", "complaint", "title"),
    ("complaint_content_trgm", "complaint", "content"),
]


def _postgres(schema_editor) -> bool:
    return schema_editor.client.capabilities.dialect == "postgres"


async def create(apps, schema_editor) -> None:
    if not _postgres(schema_editor):
        return
    await schema_editor.client.execute_script("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in _INDEXES:
        await schema_editor.client.execute_script(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER(CAST("{column}" AS VARCHAR))) gin_trgm_ops)'
        )


async def drop(apps, schema_editor) -> None:
    if _postgres(schema_editor):
        for name, _, _ in _INDEXES:
            await schema_editor.client.execute_script(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("models", "0013_webhooks")]

    initial = False

    operations = [ops.RunPython(create, reverse_code=drop)]
