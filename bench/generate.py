"""`python -m bench.generate --scale S --db URL [--seed N]`: a realistic data set, deterministic, bulk-loaded.

The target database is recreated (SQLite file removed, PostgreSQL database dropped and created),
migrated with the real migrations, then filled through the raw connection with executemany in
batches of 5,000 rows, one transaction per batch. At scale 1: 300 units, 20 plans, 20,000 tasks (with
lead/co units, 60,000 milestones, 40,000 progress reports), 200,000 enterprises, 1,000,000 complaints
(with their dispatches and return visits), 5,000 supervision items (40 inspections), 800 clues and 500 cases
with their sanctions and recommendations, the chain's links and events. Rows per second are printed per table.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time

from bench.chain import Chain
from bench.gen_cases import load_cases
from bench.gen_complaints import load_complaints, load_enterprises
from bench.gen_discipline import load_clues
from bench.gen_ledger import load_ledger, load_units, unit_tree
from bench.gen_supervision import load_supervision
from bench.loader import Loader, recreate_database, settings_for
from models.db import apply_migrations, close_db, init_db
from resolvers.calendar.queries import get_calendar

__all__ = ["DEFAULT_DB", "SCALE_1", "generate", "main", "populate", "sizes"]

DEFAULT_DB = "sqlite://bench/bench.db"
SCALE_1 = {
    "units": 300, "plans": 20, "tasks": 20_000, "enterprises": 200_000, "complaints": 1_000_000,
    "items": 5_000, "inspections": 40, "clues": 800, "cases": 500,
}  # fmt: skip
# A handful even at the smallest scales, so every kind of record and chain exists.
MINIMUM = {"units": 30, "items": 20, "inspections": 2, "clues": 8, "cases": 5}
TABLES = (
    "unit", "plan", "task", "task_unit", "milestone", "progress_report", "enterprise", "complaint",
    "complaint_dispatch", "complaint_return_visit", "inspection", "inspection_unit", "supervision_item",
    "finding", "rectification", "supervision_extension", "clue", "clue_official", "discipline_case",
    "sanction", "recommendation", "link", "event",
)  # fmt: skip


def sizes(scale: float) -> dict[str, int]:
    """Row counts at this scale (units at least 30 so the tree keeps its city/county/town shape)."""
    return {k: max(MINIMUM.get(k, 1), round(v * scale)) for k, v in SCALE_1.items()}


async def populate(loader: Loader, scale: float, seed: int = 1) -> None:
    """Fills a migrated, empty database (the connection Tortoise has open) with the data set at `scale`."""
    rng, n = random.Random(seed), sizes(scale)
    units = unit_tree(n["units"])
    await load_units(loader, units, rng)
    await load_ledger(loader, units, n["plans"], n["tasks"], rng)
    divisions = sorted({u.division for u in units})
    await load_enterprises(loader, n["enterprises"], divisions, rng)
    calendar = await get_calendar()
    await load_complaints(loader, n["complaints"], units, n["enterprises"], calendar, rng)
    chain = Chain(loader.postgres)
    items = await load_supervision(loader, chain, n, units, calendar, rng)
    cases = await load_clues(loader, chain, n, items, units, rng)
    await load_cases(loader, chain, cases, rng)
    await chain.flush(loader)
    await loader.fix_sequences(TABLES)


async def generate(url: str, scale: float, seed: int = 1) -> Loader:
    """Recreates the database at `url`, applies the migrations, populates it and refreshes statistics."""
    await recreate_database(url)
    settings = settings_for(url)
    await init_db(settings)
    try:
        await apply_migrations(settings)
        loader = Loader(postgres=settings.is_postgres)
        await populate(loader, scale, seed)
        await loader.analyze()
        return loader
    finally:
        await close_db()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1 = 1,000,000 complaints (default 0.01)")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database URL, recreated (default {DEFAULT_DB})")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    loader = asyncio.run(generate(args.db, args.scale, args.seed))
    elapsed = time.perf_counter() - started
    print(f"generated scale {args.scale} into {args.db} in {elapsed:.1f} s (seed {args.seed}):")
    loader.report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
