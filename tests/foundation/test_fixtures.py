"""The shared test set-up: a unit tree copied from the snapshot equals one seeded through the action."""

from __future__ import annotations

from resolvers.access import SYSTEM, Scope
from schema import build_schema
from tests import conftest
from tests.helpers import Clock


async def _unit_and_event_rows() -> dict[str, list[tuple[object, ...]]]:
    rows = {}
    for table in ("unit", "event"):
        columns, found = await conftest._table_rows(table)
        rows[table] = sorted((tuple(str(v) for v in row) for row in found), key=repr)
        assert columns and found, table
    return rows


async def test_the_unit_snapshot_restores_exactly_what_the_seed_writes(app, settings) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    scope = Scope(actor=SYSTEM, request_id="test", clock=clock)
    conftest._UNIT_SNAPSHOTS.clear()
    await conftest._seed_units(scope)  # seeded through create_unit, and the snapshot taken
    seeded = await _unit_and_event_rows()
    await conftest._clear_tables(settings)
    await conftest._seed_units(scope)  # copied back from the snapshot
    assert await _unit_and_event_rows() == seeded


def test_the_schema_is_built_once_per_set_of_limits(settings) -> None:  # type: ignore[no-untyped-def]
    assert build_schema(settings) is build_schema(settings)
    other = type(settings)(**{**settings.__dict__, "max_query_depth": settings.max_query_depth + 1})
    assert build_schema(other) is not build_schema(settings)
