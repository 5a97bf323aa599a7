"""CLI fixtures: `python main.py …` as a real process (cwd = the repository root) on the run's database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from models.settings import Settings
from tests.calendar.conftest import spare_year

__all__ = ["Cli", "spare_year"]

ROOT = Path(__file__).resolve().parents[2]
# A process start (imports, schema build) takes 1-2 s; a busy 2-core machine may take many times that.
TIMEOUT_S = 180

Cli = Callable[..., subprocess.CompletedProcess[str]]


def cli_env(database_url: str) -> dict[str, str]:
    """The caller's environment without its DUBAN_ settings, pointed at `database_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}
    env.update(
        DUBAN_DATABASE_URL=database_url,
        DUBAN_SCHEDULER="off",
        DUBAN_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def run_cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=cli_env(database_url),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def cli(settings: Settings) -> Cli:
    """Runs `python main.py ARGS` on the test run's (migrated) database."""
    return lambda *args: run_cli(settings.database_url, *args)


async def _pg_admin(base: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(base.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture
def empty_database(settings: Settings, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty, unmigrated database of the run's kind (removed afterwards)."""
    if not settings.is_postgres:
        yield f"sqlite://{tmp_path / 'empty.db'}"
        return
    name = f"duban_cli_{uuid.uuid4().hex[:10]}"
    base = settings.database_url
    asyncio.run(_pg_admin(base, f'CREATE DATABASE "{name}"'))
    try:
        yield urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
    finally:
        asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
