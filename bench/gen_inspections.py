"""Generated inspection tours (督查, 暗访, 回头看) and their findings, each opening a supervision item.

As `resolvers.supervision.inspections` writes them: `create_inspection` (the tour, the units it visits, a CREATED
event), `add_finding` (the finding, Inspection HAS_FINDING Finding, a RECORDED event) whose item is then opened
from the finding (Finding OPENED_AS item) by `bench.gen_supervision`.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta

from bench import names
from bench.chain import FIRST_DAY, SUPERVISORS, TODAY, Chain, Item, UnitRow, local_day, office
from bench.loader import Loader, stamp

__all__ = ["load_inspections"]


async def load_inspections(
    loader: Loader, chain: Chain, n_tours: int, n_findings: int, handlers: list[UnitRow], rng: random.Random
) -> list[Item]:
    """Inspection tours (`create_inspection`) and their findings (`add_finding`), each opening an item."""
    pg, tours, visits, items = loader.postgres, [], [], []
    span = (TODAY - FIRST_DAY).days - 30
    plans = sorted(FIRST_DAY + timedelta(days=rng.randrange(span)) for _ in range(n_tours))
    for i, starts in enumerate(plans, start=1):
        kind = rng.choices(("INSPECTION", "UNANNOUNCED", "FOLLOW_UP"), (50, 30, 20))[0]
        title = {
            "INSPECTION": f"{starts.year}年优化营商环境综合督查（第{i}组）",
            "UNANNOUNCED": "神秘客暗访：政务服务窗口暗访",
            "FOLLOW_UP": "整改落实情况“回头看”",
        }[kind]
        ends, actor = starts + timedelta(days=rng.randint(2, 10)), rng.choice(SUPERVISORS)
        created = office(starts - timedelta(days=rng.randint(1, 5)), rng)
        team = json.dumps([f"第{k}督查组" for k in "一二三四"[: rng.randint(1, 4)]], ensure_ascii=False)
        visited = rng.sample(handlers, min(len(handlers), rng.randint(3, 12)))
        tours.append(
            (i, 1, stamp(created, pg), stamp(created, pg), title, kind, starts, ends, team, actor.name)
        )
        visits += [(len(visits) + k + 1, i, u.id) for k, u in enumerate(visited)]
        chain.event(
            created,
            actor,
            ("Inspection", i),
            "CREATED",
            f"{title}（{len(visited)} 个单位）",
            {"kind": kind, "units": [u.code for u in visited]},
        )
    await loader.insert(
        "inspection",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "team_members",
            "created_by",
        ),
        tours,
    )
    await loader.insert("inspection_unit", ("id", "inspection_id", "unit_id"), visits)
    by_tour = {t[0]: [u for (_, i, u) in visits if i == t[0]] for t in tours}
    unit_by_id = {u.id: u for u in handlers}
    found = []
    for _ in range(n_findings):
        tour = rng.choice(tours)
        unit = unit_by_id[rng.choice(by_tour[tour[0]])]
        day = tour[6] + timedelta(days=rng.randint(0, (tour[7] - tour[6]).days))
        found.append((office(day, rng), tour[0], unit, rng.choice(names.FINDINGS)))
    for fid, (at, tour_id, unit, text) in enumerate(sorted(found, key=lambda f: f[0]), start=1):
        actor = rng.choice(SUPERVISORS)
        chain.link(at, actor, ("Inspection", tour_id), "HAS_FINDING", ("Finding", fid))
        chain.event(at, actor, ("Finding", fid), "RECORDED", f"督查发现问题: {text[:200]}")
        item = Item(
            at,
            "INSPECTION_FINDING",
            "KEY" if rng.random() < 0.3 else "ORDINARY",
            unit,
            text[:100],
            text,
            local_day(at) + timedelta(days=rng.choice((15, 20, 30))),
            origin=("Finding", fid),
            inspection_id=tour_id,
        )
        item.opened_by = actor
        items.append(item)
    return items
