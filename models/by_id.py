"""Rows by primary key, for dataloaders: one statement whatever the number of keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from tortoise.models import Model

from models import fast
from models.fast import by_id as fast_by_id

__all__ = ["load_by_id", "rows_by_id"]

M = TypeVar("M", bound=Model)


async def rows_by_id(model: type[M], keys: Iterable[Any]) -> dict[Any, M]:
    """The model's rows with these primary keys, by key (absent keys are left out).

    `filter(pk__in=…)`, or with the fast path's `by_id` the keys as one parameter (`models.fast.by_id`).
    """
    wanted = sorted({k for k in keys if k is not None})
    if not wanted:
        return {}
    if fast.enabled("by_id") and fast_by_id.handles(model):
        return {row.pk: row for row in await fast_by_id.fetch(model, wanted)}
    return {row.pk: row for row in await model.filter(pk__in=wanted)}


async def load_by_id(model: type[M], keys: Sequence[Any]) -> list[M | None]:
    """A dataloader's batch: the rows in the order of the keys, None for a missing one."""
    rows = await rows_by_id(model, keys)
    return [rows.get(k) for k in keys]
