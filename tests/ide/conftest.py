"""A real `python main.py serve` for the browser tests, on a database of the run's kind of its own."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.served import Served, served
from models.settings import Settings


def _pg_admin(url: str, statement: str) -> None:
    """In a thread of its own: playwright's sync API keeps an event loop running in this one."""

    async def run() -> None:
        import asyncpg

        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, run()).result()


@pytest.fixture(scope="module")
def server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Migrated, with an ADMIN token named "served"; on PostgreSQL a new database, dropped afterwards
    (the run's own database is emptied by other tests' fixtures while this server would use it)."""
    directory: Path = tmp_path_factory.mktemp("ide")
    if not settings.is_postgres:
        with served(directory) as running:
            yield running
        return
    name = f"duban_ide_{uuid.uuid4().hex[:10]}"
    base = settings.database_url
    _pg_admin(base, f'CREATE DATABASE "{name}"')
    try:
        url = urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
        with served(directory, DUBAN_DATABASE_URL=url) as running:
            yield running
    finally:
        _pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
