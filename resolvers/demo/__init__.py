"""Demo data drawn from the seed documents (Dongying's units, plans, complaints), loaded through the actions."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from models.unit import Unit
from resolvers.access import SYSTEM, Scope
from resolvers.demo import chains, complaints, ledger, mechanisms, supervision, units

__all__ = ["seed_demo"]

# Each step takes the system scope and adds its part; later domains append theirs.
STEPS = [
    units.seed,
    ledger.seed,
    complaints.seed,
    mechanisms.seed,
    supervision.seed,
    chains.seed,
    mechanisms.seed_discipline,
]


async def seed_demo(now: datetime) -> bool:
    """Load the demo data once; returns False when the database already holds units."""
    if await Unit.exists():
        return False
    scope = Scope(actor=SYSTEM, request_id="seed-demo", clock=lambda: now)
    async with in_transaction():
        for step in STEPS:
            await step(scope)
    return True
