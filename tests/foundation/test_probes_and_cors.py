"""/livez and /readyz for orchestrators, and CORS for the origins DUBAN_CORS_ORIGINS lists (none by default)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise import connections

from main import create_app
from models.db import apply_migrations, close_db, init_db
from models.settings import load_settings
from tests import conftest
from tests.helpers import LIFESPAN_TIMEOUT, Clock

FRONTEND = "https://dashboard.example.gov.cn"


async def test_live_and_ready_on_a_migrated_database(client: httpx.AsyncClient) -> None:
    assert (await client.get("/livez")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def _probe(url: str, path: str) -> httpx.Response:
    app = create_app(load_settings({"DUBAN_DATABASE_URL": url, "DUBAN_SCHEDULER": "off"}))
    manager = LifespanManager(app, startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT)
    async with (
        manager,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=manager.app), base_url="http://t") as http,
    ):
        return await http.get(path)


async def test_not_ready_while_the_database_is_out_of_reach_but_alive(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'no-such-dir' / 'duban.db'}"
    ready = await _probe(url, "/readyz")
    assert ready.status_code == 503 and ready.headers["retry-after"] == "5"
    assert ready.json() == {"status": "unready", "code": "DATABASE_UNAVAILABLE"}
    assert (await _probe(url, "/livez")).status_code == 200


async def test_not_ready_while_migrations_are_pending(tmp_path: Path) -> None:
    settings = load_settings(
        {"DUBAN_DATABASE_URL": f"sqlite://{tmp_path / 'db.sqlite'}", "DUBAN_SCHEDULER": "off"}
    )
    await init_db(settings)
    try:
        await apply_migrations(settings)
    finally:
        await close_db()
    app = create_app(settings)
    manager = LifespanManager(app, startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT)
    async with (
        manager,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=manager.app), base_url="http://t") as http,
    ):
        assert (await http.get("/readyz")).status_code == 200
        # The database falls behind the code (restored from an older backup, say) while the process runs.
        _, rows = await connections.get("default").execute_query(
            "SELECT id, name FROM tortoise_migrations ORDER BY id DESC LIMIT 1"
        )
        await connections.get("default").execute_query(
            f"DELETE FROM tortoise_migrations WHERE id = {rows[0]['id']}"
        )
        ready = await http.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unready",
        "code": "MIGRATIONS_PENDING",
        "pending": [ready.json()["pending"][0]],
    }
    assert rows[0]["name"] in ready.json()["pending"][0]


async def test_no_cors_headers_by_default(client: httpx.AsyncClient) -> None:
    preflight = await client.options(
        "/graphql", headers={"Origin": FRONTEND, "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers


async def test_a_listed_origin_may_call_the_api_and_another_may_not(settings) -> None:  # type: ignore[no-untyped-def]
    allowed = dataclasses.replace(settings, cors_origins=(FRONTEND,))
    async with conftest._running_app(allowed, Clock()) as app, conftest._http_client(app) as http:
        preflight = await http.options(
            "/graphql",
            headers={
                "Origin": FRONTEND,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == FRONTEND
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        refused = await http.options(
            "/graphql",
            headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in refused.headers
        answer = await http.post(
            "/graphql", json={"query": "{ viewer { role } }"}, headers={"Origin": FRONTEND}
        )
        assert answer.headers["access-control-allow-origin"] == FRONTEND
        assert "x-request-id" in answer.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize(
    "value", ["*", "https://a.example/path", "dashboard.example.gov.cn", "ftp://x.example"]
)
def test_a_malformed_origin_stops_start_up(value: str) -> None:
    with pytest.raises(ValueError, match="DUBAN_CORS_ORIGINS"):
        load_settings({"DUBAN_CORS_ORIGINS": value})
