"""The daily serial is the shared gap-free counter `complaint:<day>`; migration 0028 moves the old rows there."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from models.counter import Counter
from tests.complaints.queries import RECEIVE, new_complaint, received
from tests.conftest import _create_pg_database, _drop_pg_database, _with_database

ROOT = Path(__file__).resolve().parents[2]

# Migrates a fresh database to just before 0028, numbers a day the old way, then forward and back.
MIGRATE = """
import asyncio, json, sys
from tortoise import connections
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget
from models.db import close_db, init_db, tortoise_config
from models.settings import load_settings

async def rows(sql):
    return [list(r.values()) for r in await connections.get("default").execute_query_dict(sql)]

async def main():
    settings = load_settings({"DUBAN_DATABASE_URL": sys.argv[1]})
    await init_db(settings)
    run = MigrationExecutor(connections.get("default"), tortoise_config(settings)["apps"]).migrate
    try:
        await run([MigrationTarget("models", "0027_cache_epoch")])
        await connections.get("default").execute_query(
            "INSERT INTO complaint_serial_counter (day, n) VALUES ('20261124', 41)"
        )
        await run(None)
        moved = await rows("SELECT \\"key\\", n FROM counter")
        await run([MigrationTarget("models", "0027_cache_epoch")])
        back = await rows("SELECT day, n FROM complaint_serial_counter")
        left = await rows("SELECT \\"key\\", n FROM counter")
    finally:
        await close_db()
    print(json.dumps({"moved": moved, "back": back, "left": left}))

asyncio.run(main())
"""


async def test_the_day_continues_from_its_counter_row(gql) -> None:  # type: ignore[no-untyped-def]
    await Counter.create(key="complaint:20261124", n=41)
    assert (await received(gql, "S-1"))["serialNo"] == "QY202611240042"
    refused = await gql.refused(RECEIVE, new_complaint("S-2", title=" "), as_="HOTLINE")
    assert refused[0]["code"] == "REQUIRED"
    assert (await received(gql, "S-3"))["serialNo"] == "QY202611240043"
    assert (await Counter.get(key="complaint:20261124")).n == 43


def test_the_migration_moves_each_days_number_to_the_counter_and_back(tmp_path: Path) -> None:
    base = os.environ.get("DUBAN_TEST_DATABASE_URL", "").strip()
    postgres = base.startswith(("postgres://", "postgresql://"))
    name = f"duban_mig_{uuid.uuid4().hex[:10]}"
    url = _with_database(base, name) if postgres else f"sqlite://{tmp_path / 'old.db'}"
    if postgres:
        asyncio.run(_create_pg_database(base, name))
    try:
        done = subprocess.run(
            [sys.executable, "-c", MIGRATE, url],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "DUBAN_SCHEDULER": "off"},
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        if postgres:
            asyncio.run(_drop_pg_database(base, name))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"moved": [["complaint:20261124", 41]], "back": [["20261124", 41]], "left": []}
