"""Fixtures: a real database per test run (SQLite file, or a fresh PostgreSQL database), migrated once;
each test gets clean tables and the real ASGI app over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise import Tortoise, connections

from main import create_app
from models.auth import Role
from models.db import apply_migrations, close_db, init_db
from models.settings import Settings, load_settings
from resolvers.access import SYSTEM, Scope
from resolvers.complaints.sla import restore_default_policies
from tests.helpers import LIFESPAN_TIMEOUT, Clock, Gql

# Tables whose rows are reference data written by migrations; tests never clear them.
KEEP_TABLES = {"tortoise_migrations", "calendar_day", "calendar_year"}


def _postgres_admin_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def _create_pg_database(base_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_postgres_admin_url(base_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop_pg_database(base_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_postgres_admin_url(base_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def settings() -> Iterator[Settings]:
    """A database of this run's own: created, migrated by the real migrations, dropped at the end."""
    base = os.environ.get("DUBAN_TEST_DATABASE_URL", "").strip()
    env = {"DUBAN_SCHEDULER": "off", "DUBAN_LOG_LEVEL": "WARNING"}
    if base.startswith(("postgres://", "postgresql://")):
        name = f"duban_test_{uuid.uuid4().hex[:10]}"
        asyncio.run(_create_pg_database(base, name))
        settings = load_settings({**env, "DUBAN_DATABASE_URL": _with_database(base, name)})
        try:
            asyncio.run(_migrate(settings))
            yield settings
        finally:
            asyncio.run(_drop_pg_database(base, name))
    else:
        with tempfile.TemporaryDirectory(prefix="duban-test-") as tmp:
            settings = load_settings({**env, "DUBAN_DATABASE_URL": f"sqlite://{Path(tmp) / 'test.db'}"})
            asyncio.run(_migrate(settings))
            yield settings


async def _migrate(settings: Settings) -> None:
    await init_db(settings)
    try:
        await apply_migrations(settings)
    finally:
        await close_db()


def _cleared_tables() -> list[str]:
    return [
        model._meta.db_table
        for app in Tortoise.apps.values()
        for model in app.values()
        if model._meta.db_table not in KEEP_TABLES
    ]


async def _clear_tables(settings: Settings) -> None:
    conn = connections.get("default")
    tables = _cleared_tables()
    if settings.is_postgres:
        # DELETE with foreign-key triggers off takes milliseconds where TRUNCATE of ~45 tables takes
        # half a second per test; ids keep counting up, which no test relies on.
        deletes = "".join(f'DELETE FROM "{t}";' for t in tables)
        await conn.execute_script(
            f"SET session_replication_role = replica;{deletes}SET session_replication_role = DEFAULT;"
        )
    else:
        await conn.execute_script(
            "PRAGMA foreign_keys=OFF;"
            + "".join(f'DELETE FROM "{t}";' for t in tables)
            + "DELETE FROM sqlite_sequence WHERE name NOT IN ('tortoise_migrations');"
            + "PRAGMA foreign_keys=ON;"
        )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def scope(clock: Clock) -> Scope:
    """The system actor with the test clock, for setting up data through the actions directly."""
    return Scope(actor=SYSTEM, request_id="test", clock=clock)


@contextlib.asynccontextmanager
async def _running_app(settings: Settings, clock: Clock) -> AsyncIterator[object]:
    """The real ASGI app through its lifespan (which opens the database), on clean tables.

    Start-up is bounded generously: on a busy machine opening the database and checking the
    migrations can take far longer than asgi-lifespan's 5 s default.
    """
    application = create_app(settings, clock=clock)
    async with LifespanManager(
        application, startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT
    ) as manager:
        await _clear_tables(settings)
        await _restore_calendar()
        await restore_default_policies()
        yield manager.app


@contextlib.asynccontextmanager
async def _http_client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://duban.test") as http:
        yield http


@pytest.fixture
async def app(settings: Settings, clock: Clock) -> AsyncIterator[object]:
    async with _running_app(settings, clock) as application:
        yield application


@pytest.fixture
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    async with _http_client(app) as http:
        yield http


# The rows the demo unit seed writes, per database and seeding time: (table, columns, rows).
Snapshot = list[tuple[str, list[str], list[tuple[object, ...]]]]
_UNIT_SNAPSHOTS: dict[tuple[str, datetime], Snapshot] = {}


async def _table_rows(table: str) -> tuple[list[str], list[tuple[object, ...]]]:
    _, rows = await connections.get("default").execute_query(f'SELECT * FROM "{table}"')
    columns = list(rows[0].keys()) if rows else []
    return columns, [tuple(row[c] for c in columns) for row in rows]


async def _seed_units(scope: Scope) -> None:
    """The demo unit tree, seeded through the real action once per database and clock reading; later
    tests get the same rows copied back (seeding 23 units with their events costs ~0.8 s on
    PostgreSQL, the copy a few milliseconds). Only tables the seed filled from empty are copied."""
    from resolvers.demo import units as demo_units

    key = (connections.get("default").filename if _is_sqlite() else _pg_database(), scope.now())
    snapshot = _UNIT_SNAPSHOTS.get(key)
    if snapshot is not None:
        await _insert(snapshot)
        return
    empty = [t for t in _cleared_tables() if not await _has_rows(t)]
    await demo_units.seed(scope)
    taken: Snapshot = []
    for table in empty:
        columns, rows = await _table_rows(table)
        if rows:
            taken.append((table, columns, rows))
    _UNIT_SNAPSHOTS[key] = taken


async def _insert(snapshot: Snapshot) -> None:
    conn = connections.get("default")
    for table, columns, rows in snapshot:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" if _is_sqlite() else f"${i}" for i in range(1, len(columns) + 1))
        await conn.execute_many(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


# The calendar as the migrations loaded it, per database: its fingerprint and its rows. Calendar tables
# are reference data that tests do not clear; a test that loads a year (2027, say) must not leave it
# for the next test, whose deadline in that year would then no longer be provisional.
_CALENDARS: dict[str, tuple[tuple[object, ...], Snapshot]] = {}
CALENDAR_TABLES = ("calendar_year", "calendar_day")


async def _calendar_fingerprint() -> tuple[object, ...]:
    conn = connections.get("default")
    _, years = await conn.execute_query(
        "SELECT COUNT(*) AS n, MAX(id) AS last, SUM(revision) AS revisions FROM calendar_year"
    )
    _, days = await conn.execute_query("SELECT COUNT(*) AS n, MAX(id) AS last FROM calendar_day")
    return (*tuple(years[0]), *tuple(days[0]))


async def _restore_calendar() -> None:
    """Put the calendar back as the migrations left it, when a test changed it (a cheap check)."""
    from resolvers.calendar.queries import invalidate_calendar_cache

    key = connections.get("default").filename if _is_sqlite() else _pg_database()
    now = await _calendar_fingerprint()
    if key not in _CALENDARS:
        _CALENDARS[key] = (now, [(t, *await _table_rows(t)) for t in CALENDAR_TABLES])
        return
    fingerprint, snapshot = _CALENDARS[key]
    if now == fingerprint:
        return
    await connections.get("default").execute_script("".join(f'DELETE FROM "{t}";' for t in CALENDAR_TABLES))
    await _insert(snapshot)
    invalidate_calendar_cache()


async def _has_rows(table: str) -> bool:
    _, rows = await connections.get("default").execute_query(f'SELECT 1 FROM "{table}" LIMIT 1')
    return bool(rows)


def _is_sqlite() -> bool:
    return connections.get("default").capabilities.dialect == "sqlite"


def _pg_database() -> str:
    return str(connections.get("default").database)


async def _issue_tokens() -> dict[str, str]:
    from resolvers.auth import create_token

    unit_of = {
        Role.UNIT_OPERATOR: "DY.DYQ",
        Role.HOTLINE: "DY.RX",
        Role.SUPERVISOR: "DY.DCS",
        Role.INSPECTOR: "DY.JW",
    }
    made = {}
    for role in Role:
        _, secret = await create_token(f"test-{role.value.lower()}", role, unit_of.get(role))
        made[role.value] = secret
    return made


@pytest.fixture
async def units(app: object, scope: Scope) -> None:
    """The demo unit tree (Dongying city, departments, districts, towns, parks)."""
    await _seed_units(scope)


@pytest.fixture
async def tokens(app: object, units: None) -> dict[str, str]:
    """One bearer token per role; the unit operator belongs to 东营区 (DY.DYQ)."""
    return await _issue_tokens()


@pytest.fixture
async def gql(client: httpx.AsyncClient, tokens: dict[str, str]) -> Gql:
    return Gql(client, tokens)


@pytest.fixture(scope="module")
async def shared_gql(settings: Settings) -> AsyncIterator[Gql]:
    """One app, unit tree and token set for a whole module, for tests whose answers do not depend
    on what the module's other tests write (e.g. the role table: it asserts roles, not rows).

    A fresh app per test spends most of a short test in set-up (start-up, table wipe, seeding, six
    tokens). The rate limit is lifted: hundreds of requests share each role's token here.
    """
    unlimited = dataclasses.replace(settings, rate_limit_burst=1_000_000)
    clock = Clock()
    async with _running_app(unlimited, clock) as application, _http_client(application) as http:
        await _seed_units(Scope(actor=SYSTEM, request_id="test", clock=clock))
        yield Gql(http, await _issue_tokens())
