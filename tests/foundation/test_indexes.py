"""The migrated database holds every index the models declare: a migration that rebuilds a table (as
Tortoise's RemoveField and AlterField do on SQLite) must not lose them."""

from __future__ import annotations

from tortoise import Tortoise, connections

from models.indexes import DeclaredIndex, declared_indexes, existing_indexes


async def test_every_declared_index_exists_in_the_migrated_database(app: object) -> None:
    models = [m for app_models in Tortoise.apps.values() for m in app_models.values()]
    declared = declared_indexes(models)
    assert DeclaredIndex("complaint", ("handling_unit_id", "received_at")) in declared
    assert DeclaredIndex("task", ("plan_id", "code"), unique=True) in declared
    present = await existing_indexes(connections.get("default"))
    missing = sorted((i.table, i.columns) for i in declared if (i.table, i.columns) not in present)
    assert missing == [], missing
