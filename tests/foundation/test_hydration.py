"""Rows are built by `models.base.Row._init_from_db` exactly as Tortoise's own `_init_from_db` builds
them, for every model, from the rows the database returns: whole rows and partial (`.only()`) rows."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise, connections
from tortoise.models import Model

from models.base import Row
from resolvers.demo import chains, complaints, ledger, supervision


def _state(instance: Model) -> dict[str, Any]:
    return {k: (v, type(v), getattr(v, "tzinfo", None)) for k, v in vars(instance).items()}


async def test_rows_are_built_as_tortoise_builds_them(units: None, scope: Any) -> None:
    for step in (ledger.seed, complaints.seed, supervision.seed, chains.seed):
        await step(scope)
    connection = connections.get("default")
    compared: dict[str, int] = {}
    for model in (m for app in Tortoise.apps.values() for m in app.values()):
        assert issubclass(model, Row), model
        data_fields = [
            name
            for name in model._meta.fields_db_projection  # noqa: SLF001
            if name not in model._meta.fetch_fields  # noqa: SLF001
        ]
        for queryset in (model.all(), model.all().only(*data_fields[::2])):
            _, rows = await connection.execute_query(queryset.sql())
            for row in rows:
                ours = model._init_from_db(**dict(row))  # noqa: SLF001
                theirs = Model._init_from_db.__func__(model, **dict(row))  # type: ignore[attr-defined]  # noqa: SLF001
                assert _state(ours) == _state(theirs), model.__name__
                compared[model.__name__] = compared.get(model.__name__, 0) + 1
    # The demo fills the tables the pages read, with timestamps, enums, JSON and decimals.
    assert {"Complaint", "Enterprise", "Unit", "Task", "SupervisionItem", "Case"} <= compared.keys()
    assert len(compared) >= 20, sorted(compared)


async def test_a_partial_row_is_marked_partial(units: None) -> None:
    from models.unit import Unit

    whole = await Unit.all().first()
    partial = await Unit.all().only("id", "code").first()
    assert whole is not None and partial is not None
    assert not whole._partial and partial._partial  # noqa: SLF001
    assert partial.code == whole.code and not hasattr(partial, "name")


async def test_rows_by_id_are_the_rows_tortoise_fetches(units: None, scope: Any) -> None:
    from models.by_id import load_by_id, rows_by_id

    for step in (ledger.seed, complaints.seed, supervision.seed, chains.seed):
        await step(scope)
    checked = 0
    for model in (m for app in Tortoise.apps.values() for m in app.values()):
        keys = [row.pk for row in await model.all().limit(30)]
        if not keys:
            continue
        absent = -1 if isinstance(keys[0], int) else "absent"
        wanted = [*keys[::2], None, absent]  # no key, and a key no row has
        ours = await rows_by_id(model, wanted)
        theirs = {row.pk: row for row in await model.filter(pk__in=keys[::2])}
        assert ours.keys() == theirs.keys(), model.__name__
        for key, row in ours.items():
            assert _state(row) == _state(theirs[key]), model.__name__
        aligned = await load_by_id(model, [keys[0], absent, keys[0]])
        assert [r.pk if r else None for r in aligned] == [keys[0], None, keys[0]]
        checked += 1
    assert checked >= 20
    assert await rows_by_id(models_unit(), []) == {}


def models_unit() -> type[Model]:
    from models.unit import Unit

    return Unit
