"""Dataloaders for discipline records: one SELECT per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models.by_id import load_by_id
from models.discipline import Case, Clue, ClueOfficial, Recommendation, Sanction
from models.link import Link, LinkRelation

__all__ = [
    "load_case_recommendations",
    "load_case_sanctions",
    "load_cases",
    "load_clue_case",
    "load_clue_officials",
    "load_clue_origins",
    "load_clues",
    "load_recommendations",
    "load_sanctions",
]


async def load_clues(ids: Sequence[int]) -> list[Clue | None]:
    return await load_by_id(Clue, ids)


async def load_cases(ids: Sequence[int]) -> list[Case | None]:
    return await load_by_id(Case, ids)


async def load_sanctions(ids: Sequence[int]) -> list[Sanction | None]:
    return await load_by_id(Sanction, ids)


async def load_recommendations(ids: Sequence[int]) -> list[Recommendation | None]:
    return await load_by_id(Recommendation, ids)


async def load_clue_officials(clue_ids: Sequence[int]) -> list[list[ClueOfficial]]:
    grouped: dict[int, list[ClueOfficial]] = defaultdict(list)
    for o in await ClueOfficial.filter(clue_id__in=set(clue_ids)).order_by("id"):
        grouped[o.clue_id].append(o)  # type: ignore[attr-defined]
    return [grouped[i] for i in clue_ids]


async def load_clue_case(clue_ids: Sequence[int]) -> list[Case | None]:
    rows = {c.clue_id: c for c in await Case.filter(clue_id__in=set(clue_ids))}  # type: ignore[attr-defined]
    return [rows.get(i) for i in clue_ids]


async def load_case_sanctions(case_ids: Sequence[int]) -> list[list[Sanction]]:
    grouped: dict[int, list[Sanction]] = defaultdict(list)
    for s in await Sanction.filter(case_id__in=set(case_ids)).order_by("id"):
        grouped[s.case_id].append(s)  # type: ignore[attr-defined]
    return [grouped[i] for i in case_ids]


async def load_case_recommendations(case_ids: Sequence[int]) -> list[list[Recommendation]]:
    grouped: dict[int, list[Recommendation]] = defaultdict(list)
    for r in await Recommendation.filter(case_id__in=set(case_ids)).order_by("id"):
        grouped[r.case_id].append(r)  # type: ignore[attr-defined]
    return [grouped[i] for i in case_ids]


async def load_clue_origins(clue_ids: Sequence[int]) -> list[list[tuple[str, int]]]:
    grouped: dict[int, list[tuple[str, int]]] = defaultdict(list)
    links = await Link.filter(to_type="Clue", to_id__in=set(clue_ids), relation=LinkRelation.TRANSFERRED_TO)
    for link in sorted(links, key=lambda k: k.id):
        grouped[link.to_id].append((link.from_type, link.from_id))
    return [grouped[i] for i in clue_ids]
