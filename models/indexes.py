"""The indexes a set of models declares, and the ones a database holds: what a migration must keep.

Tortoise's RemoveField and AlterField rebuild the table on SQLite and do not recreate its indexes
(migration 0009 lost twelve on task and milestone, the (plan, code) uniqueness among them);
migration 0017 restores them, and a test compares both lists on every database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields.relational import ForeignKeyFieldInstance, OneToOneFieldInstance
from tortoise.models import Model

__all__ = ["DeclaredIndex", "declared_indexes", "drop_sqlite_column_indexes", "existing_indexes"]


@dataclass(frozen=True)
class DeclaredIndex:
    table: str
    columns: tuple[str, ...]
    unique: bool = False


def _column(model: type[Model], name: str) -> str:
    meta = model._meta
    field = meta.fields_map.get(name)
    if isinstance(field, ForeignKeyFieldInstance | OneToOneFieldInstance):
        return field.source_field or f"{name}_id"
    return meta.fields_db_projection.get(name, name)


def declared_indexes(models: Iterable[type[Model]]) -> set[DeclaredIndex]:
    """Single-column (db_index, unique) indexes, Meta.indexes and Meta.unique_together."""
    found: set[DeclaredIndex] = set()
    for model in models:
        meta = model._meta
        if meta.abstract:
            continue
        for name, field in meta.fields_map.items():
            if name in meta.fields_db_projection and not field.pk and (field.index or field.unique):
                found.add(DeclaredIndex(meta.db_table, (_column(model, name),), bool(field.unique)))
        for group in meta.indexes:
            names = getattr(group, "fields", group)
            found.add(DeclaredIndex(meta.db_table, tuple(_column(model, n) for n in names)))
        for group in meta.unique_together:
            found.add(DeclaredIndex(meta.db_table, tuple(_column(model, n) for n in group), True))
    return found


async def existing_indexes(conn: BaseDBAsyncClient) -> set[tuple[str, tuple[str, ...]]]:
    """(table, columns) of every index in the connection's database (its current schema)."""
    if conn.capabilities.dialect == "postgres":
        rows = await conn.execute_query_dict(
            "SELECT t.relname AS tbl, array_agg(a.attname ORDER BY k.n) AS cols "
            "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_namespace s ON s.oid = t.relnamespace AND s.nspname = current_schema() "
            "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
            "GROUP BY i.indexrelid, t.relname"
        )
        return {(r["tbl"], tuple(r["cols"])) for r in rows}
    found: set[tuple[str, tuple[str, ...]]] = set()
    tables = await conn.execute_query_dict("SELECT name FROM sqlite_master WHERE type = 'table'")
    for table in (t["name"] for t in tables):
        for index in await conn.execute_query_dict(f'PRAGMA index_list("{table}")'):
            columns = await conn.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
            found.add((table, tuple(c["name"] for c in sorted(columns, key=lambda c: c["seqno"]))))
    return found


async def drop_sqlite_column_indexes(conn: BaseDBAsyncClient, table: str, column: str) -> None:
    """Drops the non-unique single-column indexes on `table.column` (SQLite), in place.

    For migrations that would otherwise let Tortoise rebuild the table (see the module's note).
    """
    for index in await conn.execute_query_dict(f'PRAGMA index_list("{table}")'):
        columns = await conn.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
        if [c["name"] for c in columns] == [column] and not index["unique"]:
            await conn.execute_script(f'DROP INDEX "{index["name"]}"')
