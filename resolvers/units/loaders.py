"""Dataloaders for units: one SELECT per batch, whatever the page size."""

from __future__ import annotations

from collections.abc import Sequence

from models.by_id import load_by_id
from models.unit import Unit

__all__ = ["load_units", "load_unit_children"]


async def load_units(ids: Sequence[int]) -> list[Unit | None]:
    return await load_by_id(Unit, ids)


async def load_unit_children(ids: Sequence[int]) -> list[list[Unit]]:
    grouped: dict[int, list[Unit]] = {i: [] for i in ids}
    for unit in await Unit.filter(parent_id__in=set(ids)).order_by("code"):
        grouped[unit.parent_id].append(unit)  # type: ignore[index]
    return [grouped[i] for i in ids]
