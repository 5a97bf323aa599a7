"""The service foundation: health, GraphiQL, migrations, schema drift, authentication, errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise import Tortoise, connections
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.transactions import in_transaction

from main import SCHEMA_FILE, create_app
from models.auth import Role
from models.db import MigrationsPending, tortoise_config
from models.settings import load_settings
from resolvers.auth import create_token, revoke_token
from schema import schema
from tests.helpers import LIFESPAN_TIMEOUT, STARTUP_TIMEOUT, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
VIEWER = "{ viewer { name role unit { code } } }"


async def test_healthz_reports_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_reports_unreachable_database(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "duban.db"
    app = create_app(load_settings({"DUBAN_DATABASE_URL": f"sqlite://{missing}", "DUBAN_SCHEDULER": "off"}))
    async with LifespanManager(
        app, startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT
    ) as manager:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://t"
        ) as http:
            response = await http.get("/healthz")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json() == {
        "status": "unhealthy",
        "database": "unreachable",
        "code": "DATABASE_UNAVAILABLE",
    }


async def test_graphiql_page_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_committed_schema_matches_live_schema() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", "schema.graphql is stale: run `python main.py export-schema`"


async def test_migrations_create_every_model_table(app: object, settings) -> None:  # type: ignore[no-untyped-def]
    conn = connections.get("default")
    if settings.is_postgres:
        _, rows = await conn.execute_query(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        )
    else:
        _, rows = await conn.execute_query("SELECT name FROM sqlite_master WHERE type = 'table'")
    tables = {row["name"] for row in rows}
    expected = {m._meta.db_table for app in Tortoise.apps.values() for m in app.values()}
    assert expected <= tables
    assert "tortoise_migrations" in tables


async def test_models_have_no_changes_missing_from_migrations(app: object, settings) -> None:  # type: ignore[no-untyped-def]
    apps_config = tortoise_config(settings)["apps"]
    writers = await MigrationAutodetector(Tortoise.apps, apps_config).changes()
    assert writers == [], "models changed without a migration: run makemigrations (see README)"


async def test_app_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    app = create_app(
        load_settings({"DUBAN_DATABASE_URL": f"sqlite://{tmp_path / 'empty.db'}", "DUBAN_SCHEDULER": "off"})
    )
    with pytest.raises(MigrationsPending, match="python main.py migrate"):
        async with LifespanManager(app, startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT):
            pass


def test_serve_on_unmigrated_database_exits_with_the_command_to_run(tmp_path: Path) -> None:
    env = {**os.environ, "DUBAN_DATABASE_URL": f"sqlite://{tmp_path / 'fresh.db'}", "DUBAN_PORT": "0"}
    done = subprocess.run(
        [sys.executable, "main.py", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT,
    )
    assert done.returncode == 2
    assert "python main.py migrate" in done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers_answers_over_kept_alive_connections(tmp_path: Path) -> None:
    """The real server (uvicorn, uvloop, two worker processes) on a migrated SQLite file."""
    port = _free_port()
    env = {
        **os.environ,
        "DUBAN_DATABASE_URL": f"sqlite://{tmp_path / 'served.db'}",
        "DUBAN_SCHEDULER": "off",
        "DUBAN_PORT": str(port),
        "DUBAN_LOG_LEVEL": "WARNING",
    }

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "main.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("migrate")
    secret = cli("token", "create", "--name", "served", "--role", "VIEWER").split()[-1]
    server = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--workers", "2"], cwd=ROOT, env=env, stderr=subprocess.PIPE
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", server)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            answers = [
                http.post("/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {secret}"})
                for _ in range(5)
            ]
        assert [a.json()["data"]["viewer"]["role"] for a in answers] == ["VIEWER"] * 5
    finally:
        server.terminate()
        server.wait(timeout=STARTUP_TIMEOUT)


async def test_request_without_token_is_unauthenticated(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(VIEWER, as_=None)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_unknown_revoked_and_expired_tokens_are_refused(gql, clock, client) -> None:  # type: ignore[no-untyped-def]
    async def code_for(secret: str) -> str | None:
        body = (
            await client.post(
                "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {secret}"}
            )
        ).json()
        return body["errors"][0]["extensions"]["code"] if body.get("errors") else None

    assert await code_for("dbn_not-a-token") == "UNAUTHENTICATED"
    token, secret = await create_token("to-revoke", Role.VIEWER)
    assert await code_for(secret) is None
    await revoke_token(token.id, clock())
    assert await code_for(secret) == "UNAUTHENTICATED"
    _, expiring = await create_token("expiring", Role.VIEWER, expires_at=clock() + timedelta(hours=1))
    assert await code_for(expiring) is None
    clock.advance(hours=2)
    assert await code_for(expiring) == "UNAUTHENTICATED"


async def test_viewer_names_the_caller(gql) -> None:  # type: ignore[no-untyped-def]
    data = await gql(VIEWER, as_="UNIT_OPERATOR")
    assert data["viewer"] == {
        "name": "test-unit_operator",
        "role": "UNIT_OPERATOR",
        "unit": {"code": "DY.DYQ"},
    }


async def test_malformed_query_gets_a_coded_error(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error("{ viewer { nope } }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "requestId" in error["extensions"]


async def test_response_carries_a_request_id(client, tokens) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/graphql",
        json={"query": VIEWER},
        headers={"Authorization": f"Bearer {tokens['ADMIN']}", "X-Request-Id": "abc123"},
    )
    assert response.headers["x-request-id"] == "abc123"


async def test_responses_are_utf8_json_with_chinese_unescaped(client, tokens) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/graphql",
        json={"query": '{ unit(code: "DY.DYQ") { name } }'},
        headers={"Authorization": f"Bearer {tokens['ADMIN']}"},
    )
    assert response.headers["content-type"].startswith("application/json")
    assert "东营区".encode() in response.content and b"\\u" not in response.content
    assert response.json() == {"data": {"unit": {"name": "东营区人民政府"}}}


def test_settings_hide_the_database_password() -> None:
    settings = load_settings({"DUBAN_DATABASE_URL": "postgres://duban:s3cret@db:5432/duban"})
    assert "s3cret" not in str(settings.redacted())
    assert settings.is_postgres


async def test_substring_searches_have_trigram_indexes_on_postgres(app, settings) -> None:  # type: ignore[no-untyped-def]
    if not settings.is_postgres:
        pytest.skip("PostgreSQL only: SQLite cannot index a leading-wildcard LIKE")
    conn = connections.get("default")
    _, rows = await conn.execute_query("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_trgm'")
    assert {r["indexname"] for r in rows} == {
        "task_title_trgm",
        "complaint_title_trgm",
        "complaint_content_trgm",
    }
    async with in_transaction() as tx:  # one connection: the setting applies to the EXPLAIN
        await tx.execute_script("SET LOCAL enable_seqscan = off")
        _, plan = await tx.execute_query(
            "EXPLAIN SELECT id FROM task WHERE UPPER(CAST(title AS VARCHAR)) LIKE UPPER('%一网通办%')"
        )
    assert "task_title_trgm" in " ".join(str(dict(r)) for r in plan)


async def test_a_serving_process_collects_garbage_less_often(settings) -> None:  # type: ignore[no-untyped-def]
    import gc

    before = gc.get_threshold()
    try:
        async with LifespanManager(
            create_app(settings), startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT
        ):
            assert gc.get_threshold() == before  # tests and commands keep Python's defaults
        async with LifespanManager(
            create_app(settings, serving=True),
            startup_timeout=LIFESPAN_TIMEOUT,
            shutdown_timeout=LIFESPAN_TIMEOUT,
        ):
            assert gc.get_threshold()[0] == 20_000
            assert gc.get_freeze_count() > 0  # startup's objects are out of the collector's walks
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
