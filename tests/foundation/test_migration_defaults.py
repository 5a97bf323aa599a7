"""A migration that adds a NOT NULL column to an existing table gives it a database default: the table
has rows in every deployment, and `ALTER TABLE … ADD COLUMN … NOT NULL` without one fails there (0021's
`due_provisional` did, on the scale-1 bench database, while every test passed on empty tables)."""

from __future__ import annotations

import importlib
import pkgutil

from tortoise.migrations import operations as ops

import migrations


def _added_fields() -> list[tuple[str, str, object]]:
    found = []
    for module in pkgutil.iter_modules(migrations.__path__):
        migration = importlib.import_module(f"migrations.{module.name}").Migration
        for op in migration.operations:
            if isinstance(op, ops.AddField):
                found.append((module.name, f"{op.model_name}.{op.name}", op.field))
    return found


def test_not_null_columns_added_to_a_table_have_a_database_default() -> None:
    added = _added_fields()
    assert any(name.startswith("0021") for name, _, _ in added), "the check reads the migrations"
    missing = [
        (name, field)
        for name, field, f in added
        if not f.null and not f.has_db_default()  # type: ignore[attr-defined]
    ]
    assert not missing, missing
