"""Rate-limit buckets in the database, so every process serving from one PostgreSQL database spends
the same buckets (`schema/guard.py`, `SharedRateLimiter`).

UNLOGGED on PostgreSQL: one UPSERT per request writes no WAL, and a crash that empties the table only
refills every bucket. On SQLite the table stays empty: each process keeps its buckets in memory.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


def _postgres(schema_editor) -> bool:
    return schema_editor.client.capabilities.dialect == "postgres"


async def unlogged(apps, schema_editor) -> None:
    if _postgres(schema_editor):
        await schema_editor.client.execute_script('ALTER TABLE "rate_bucket" SET UNLOGGED')


async def logged(apps, schema_editor) -> None:
    if _postgres(schema_editor):
        await schema_editor.client.execute_script('ALTER TABLE "rate_bucket" SET LOGGED')


class Migration(migrations.Migration):
    dependencies = [("models", "0020_audit_keyed")]

    initial = False

    operations = [
        ops.CreateModel(
            name="RateBucket",
            fields=[
                ("key", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=80)),
                ("tokens", fields.FloatField()),
                ("at", fields.FloatField()),
                ("granted", fields.BooleanField()),
            ],
            options={
                "table": "rate_bucket",
                "app": "models",
                "pk_attr": "key",
                "table_description": "One caller's token bucket, written by one UPSERT per request (`guard.SharedRateLimiter`).",
            },
            bases=["Row"],
        ),
        ops.RunPython(unlogged, logged),
    ]
