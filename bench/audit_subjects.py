"""What one audit entry costs as its subjects grow (an `import-tasks` of N rows is one entry of N subjects).

    DUBAN_DATABASE_URL=sqlite:///tmp/audit_subjects.db python -m bench.audit_subjects
Prints, per N, the seconds one `append_audit` with N subjects takes (median of 3), in its own transaction.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime

from models.db import apply_migrations, close_db, init_db
from models.settings import load_settings
from resolvers.access import Scope
from resolvers.audit.chain import append_audit
from resolvers.unit_of_work import CLI

SIZES = (1, 100, 1_000, 5_000)


async def main() -> None:
    settings = load_settings()
    await init_db(settings)
    await apply_migrations(settings)
    scope = Scope(actor=CLI, request_id="bench", clock=lambda: datetime.now(UTC))
    try:
        for n in SIZES:
            times = []
            for _ in range(3):
                subjects = [f"Task:{i}" for i in range(n)]
                changes = [
                    {"subject": s, "kind": "IMPORTED", "summary": "导入", "data": None} for s in subjects
                ]
                started = time.perf_counter()
                await append_audit(scope, "importTasks", subjects, changes)
                times.append(time.perf_counter() - started)
            print(f"{n:>6} subjects: {statistics.median(times):.3f} s per entry")
    finally:
        await close_db()


if __name__ == "__main__":
    asyncio.run(main())
