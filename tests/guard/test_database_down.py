"""A database out of reach: 503 DATABASE_UNAVAILABLE with Retry-After on every route, then recovery
by itself once the database is back. Real failures: a PostgreSQL server behind a TCP proxy the test
stops and starts again, a SQLite file whose directory is missing and then appears."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager

from main import create_app
from models.auth import Role
from models.db import apply_migrations, close_db, init_db
from models.settings import Settings, load_settings
from resolvers.auth import create_token

UNITS = '{"query": "{ units(first: 1) { totalCount } }"}'
JSON = {"content-type": "application/json"}
WAIT = 60  # seconds: a generous bound for a busy machine, never a measured duration


class Proxy:
    """A TCP proxy to the PostgreSQL server: `stop` is the server going away (listening ends, open
    connections are cut), `start` its return on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.server: asyncio.Server | None = None
        self.transports: set[asyncio.WriteTransport] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        for transport in list(self.transports):
            transport.abort()
        await self.server.wait_closed()

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.transports |= {writer.transport, up_writer.transport}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()


@contextlib.asynccontextmanager
async def _serve(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://duban.test") as http:
            yield http


def _unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert response.headers["retry-after"] == str(error["extensions"]["retryAfter"]) == "5"


async def _wait_for_lock_waiter(admin: asyncpg.Connection, database: str) -> None:
    for _ in range(WAIT * 10):
        waiting = await admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", database
        )
        if waiting:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the query never reached the locked table")


async def test_postgres_going_away_mid_query_and_returning(settings: Settings) -> None:
    if not settings.is_postgres:
        pytest.skip("PostgreSQL only: the SQLite case is the next test")
    parts = urlsplit(settings.database_url)
    proxy = Proxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    await proxy.start()
    netloc = f"{parts.username}@127.0.0.1:{proxy.port}" if parts.username else f"127.0.0.1:{proxy.port}"
    via_proxy = dataclasses.replace(settings, database_url=urlunsplit(parts._replace(netloc=netloc)))
    admin = await asyncpg.connect(settings.database_url.replace("postgres://", "postgresql://", 1))
    try:
        async with _serve(via_proxy) as http:
            _, secret = await create_token("db-down", Role.VIEWER)
            bearer = {**JSON, "Authorization": f"Bearer {secret}"}
            assert (await http.post("/graphql", content=UNITS, headers=bearer)).status_code == 200
            # The server goes away while a query runs: it waits on a table lock when the proxy stops.
            locked = admin.transaction()
            await locked.start()
            await admin.execute("LOCK TABLE unit IN ACCESS EXCLUSIVE MODE")
            running = asyncio.create_task(http.post("/graphql", content=UNITS, headers=bearer))
            await _wait_for_lock_waiter(admin, parts.path.lstrip("/"))
            await proxy.stop()
            await locked.rollback()
            _unavailable(await asyncio.wait_for(running, WAIT))
            # While it is away: every request, authentication included, and the health check.
            _unavailable(await http.post("/graphql", content=UNITS, headers=bearer))
            assert (await http.get("/healthz")).status_code == 503
            await proxy.start()
            back = await http.post("/graphql", content=UNITS, headers=bearer)
            assert back.status_code == 200 and back.json()["data"]["units"]["totalCount"] >= 0
            assert (await http.get("/healthz")).status_code == 200
    finally:
        await admin.close()


async def test_sqlite_file_missing_then_present(tmp_path: Path) -> None:
    env = {"DUBAN_SCHEDULER": "off", "DUBAN_LOG_LEVEL": "WARNING"}
    ready = load_settings({**env, "DUBAN_DATABASE_URL": f"sqlite://{tmp_path / 'ready' / 'd.db'}"})
    (tmp_path / "ready").mkdir()
    await init_db(ready)
    try:
        await apply_migrations(ready)
    finally:
        await close_db()
    settings = load_settings({**env, "DUBAN_DATABASE_URL": f"sqlite://{tmp_path / 'later' / 'd.db'}"})
    bearer = {**JSON, "Authorization": "Bearer dbn_not-a-token"}
    async with _serve(settings) as http:
        for _ in range(2):  # the second one too: a failed connect used to leave the client locked
            _unavailable(await asyncio.wait_for(http.post("/graphql", content=UNITS, headers=bearer), WAIT))
        _unavailable(await http.get("/exports/plans/UGxhbjox.xlsx", headers=bearer))
        assert (await http.get("/healthz")).status_code == 503
        os.rename(tmp_path / "ready", tmp_path / "later")
        back = await http.post("/graphql", content=UNITS, headers=bearer)
        assert back.status_code == 401
        assert back.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert (await http.get("/healthz")).status_code == 200
