"""Dataloaders for supervision: one SELECT per batch, whatever the page size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models.by_id import load_by_id
from models.link import Link, LinkRelation
from models.supervision import (
    Bulletin,
    Finding,
    Inspection,
    InspectionUnit,
    Interview,
    Rectification,
    SupervisionExtension,
    SupervisionItem,
)
from models.unit import Unit

__all__ = [
    "load_bulletins",
    "load_extensions",
    "load_findings",
    "load_inspection_findings",
    "load_inspection_units",
    "load_inspections",
    "load_interviews",
    "load_item_origins",
    "load_items",
    "load_rectifications",
]


async def load_items(ids: Sequence[int]) -> list[SupervisionItem | None]:
    return await load_by_id(SupervisionItem, ids)


async def load_inspections(ids: Sequence[int]) -> list[Inspection | None]:
    return await load_by_id(Inspection, ids)


async def load_findings(ids: Sequence[int]) -> list[Finding | None]:
    return await load_by_id(Finding, ids)


async def load_bulletins(ids: Sequence[int]) -> list[Bulletin | None]:
    return await load_by_id(Bulletin, ids)


async def load_interviews(ids: Sequence[int]) -> list[Interview | None]:
    return await load_by_id(Interview, ids)


async def load_rectifications(item_ids: Sequence[int]) -> list[list[Rectification]]:
    grouped: dict[int, list[Rectification]] = defaultdict(list)
    for r in await Rectification.filter(item_id__in=set(item_ids)).order_by("submitted_at", "id"):
        grouped[r.item_id].append(r)  # type: ignore[attr-defined]
    return [grouped[i] for i in item_ids]


async def load_extensions(item_ids: Sequence[int]) -> list[list[SupervisionExtension]]:
    grouped: dict[int, list[SupervisionExtension]] = defaultdict(list)
    for e in await SupervisionExtension.filter(item_id__in=set(item_ids)).order_by("at", "id"):
        grouped[e.item_id].append(e)  # type: ignore[attr-defined]
    return [grouped[i] for i in item_ids]


async def load_inspection_units(inspection_ids: Sequence[int]) -> list[list[Unit]]:
    grouped: dict[int, list[Unit]] = defaultdict(list)
    links = (
        await InspectionUnit.filter(inspection_id__in=set(inspection_ids))
        .select_related("unit")
        .order_by("id")
    )
    for link in links:
        grouped[link.inspection_id].append(link.unit)  # type: ignore[attr-defined]
    return [grouped[i] for i in inspection_ids]


async def load_item_origins(item_ids: Sequence[int]) -> list[list[tuple[str, int]]]:
    """The (type, id) of the nodes each item was opened from."""
    grouped: dict[int, list[tuple[str, int]]] = defaultdict(list)
    links = await Link.filter(
        to_type="SupervisionItem",
        to_id__in=set(item_ids),
        relation__in=[LinkRelation.ESCALATED_TO, LinkRelation.OPENED_AS],
    ).order_by("id")
    for link in links:
        grouped[link.to_id].append((link.from_type, link.from_id))
    return [grouped[i] for i in item_ids]


async def load_inspection_findings(inspection_ids: Sequence[int]) -> list[list[Finding]]:
    grouped: dict[int, list[Finding]] = defaultdict(list)
    for f in await Finding.filter(inspection_id__in=set(inspection_ids)).order_by("found_at", "id"):
        grouped[f.inspection_id].append(f)  # type: ignore[attr-defined]
    return [grouped[i] for i in inspection_ids]
