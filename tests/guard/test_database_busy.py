"""SQLite's write lock held by another process past the busy timeout: 503 DATABASE_BUSY, nothing written."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from resolvers.access import SYSTEM, Scope
from tests import conftest
from tests.helpers import Clock, Gql

CREATE = """
mutation($input: CreateUnitInput!) {
  createUnit(input: $input) { unit { code } userErrors { code } }
}
"""
UNIT = '{ unit(code: "BUSY") { code } }'


async def test_a_write_blocked_past_the_busy_timeout_is_503_and_retried_later(settings) -> None:  # type: ignore[no-untyped-def]
    if settings.is_postgres:
        pytest.skip("SQLite only: PostgreSQL writers queue on row locks, not on one file lock")
    quick = dataclasses.replace(settings, sqlite_busy_timeout_ms=200)
    path = settings.database_url.removeprefix("sqlite://")
    clock = Clock()
    async with conftest._running_app(quick, clock) as app, conftest._http_client(app) as http:
        await conftest._seed_units(Scope(actor=SYSTEM, request_id="test", clock=clock))
        gql = Gql(http, await conftest._issue_tokens())
        other = sqlite3.connect(path, isolation_level=None)  # another process's writer, as SQLite sees it
        try:
            other.execute("BEGIN IMMEDIATE")
            response = await http.post(
                "/graphql",
                json={
                    "query": CREATE,
                    "variables": {"input": {"code": "BUSY", "name": "忙", "kind": "OTHER"}},
                },
                headers={"Authorization": f"Bearer {gql.tokens['ADMIN']}"},
            )
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "1"
            error = response.json()["errors"][0]
            assert error["extensions"]["code"] == "DATABASE_BUSY"
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert (await gql(UNIT))["unit"] is None  # nothing was written
        created = await gql.ok(CREATE, {"input": {"code": "BUSY", "name": "忙", "kind": "OTHER"}})
        assert created["unit"] == {"code": "BUSY"}
