"""The caches kept under the cache epoch (models/epoch.py): tokens and the unit tree are answered from
memory, and a revocation or unit change made by any process is seen by the next request of every
process."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from models import epoch
from models.auth import Role
from models.settings import Settings
from models.unit import Unit
from resolvers import auth
from resolvers.units import tree
from tests.helpers import STARTUP_TIMEOUT, Gql, count_sql, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
VIEWER = "{ viewer { name role } }"


def _env(settings: Settings, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}
    env.update(DUBAN_DATABASE_URL=settings.database_url, DUBAN_SCHEDULER="off", DUBAN_LOG_LEVEL="WARNING")
    env.update(more)
    return env


def _cli(settings: Settings, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=_env(settings),
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@contextlib.contextmanager
def _server(settings: Settings) -> Iterator[httpx.Client]:
    """`python main.py serve` (one worker) on the run's database, on a free port."""
    from bench.served import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "main.py", "serve"],
        cwd=ROOT,
        env=_env(settings, DUBAN_PORT=str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            yield http
    finally:
        process.terminate()
        process.wait(timeout=STARTUP_TIMEOUT)


def _viewer(http: httpx.Client, secret: str) -> object:
    answer = http.post("/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {secret}"})
    body = answer.json()
    return body["data"]["viewer"] if body.get("data") else body["errors"][0]["extensions"]["code"]


def test_a_revocation_by_another_process_is_refused_at_once_by_every_server(settings: Settings) -> None:
    """Two server processes have the token cached; `main.py token revoke` (a third process) revokes
    it; the very next request to each server is refused (SQLite: the same file; PostgreSQL: one database)."""
    made = _cli(settings, "token", "create", "--name", "两个进程", "--role", "VIEWER").split()
    token_id, secret = made[1], made[-1]
    with _server(settings) as first, _server(settings) as second:
        for http in (first, second, first, second):  # the second round is answered from each cache
            assert _viewer(http, secret) == {"name": "两个进程", "role": "VIEWER"}
        assert _cli(settings, "token", "revoke", token_id).strip() == f"token {token_id} revoked"
        assert _viewer(second, secret) == "UNAUTHENTICATED"
        assert _viewer(first, secret) == "UNAUTHENTICATED"


async def test_a_unit_created_through_a_server_is_in_this_process_tree_at_once(
    settings: Settings, app: object, units: None, tokens: dict[str, str]
) -> None:
    """This process holds the tree; a server process creates a unit; the next lookup here sees it."""
    county = await tree.by_code("DY.DYQ")
    assert county is not None and await tree.by_code("DY.DYQ.FP") is None
    before = await tree.subtree_ids("DY.DYQ", True)
    with _server(settings) as http:
        created = http.post(
            "/graphql",
            json={
                "query": 'mutation { createUnit(input: {code: "DY.DYQ.FP", name: "快路镇", kind: TOWNSHIP,'
                ' level: TOWNSHIP, parentCode: "DY.DYQ"}) { unit { code } } }'
            },
            headers={"Authorization": f"Bearer {tokens['ADMIN']}"},
        ).json()
    assert created == {"data": {"createUnit": {"unit": {"code": "DY.DYQ.FP"}}}}, created
    new = await tree.by_code("DY.DYQ.FP")
    assert new is not None and new.parent_id == county.id and new.path.startswith(county.path)
    assert await tree.subtree_ids("DY.DYQ", True) == sorted([*before, new.id])
    assert await tree.by_id(new.id) == new and await tree.by_path(new.path) == new


async def test_the_tree_answers_as_the_database(app: object, units: None) -> None:
    """Every unit's subtree, with and without descendants, as the SQL the list page used to send."""
    from tortoise import connections

    conn = connections.get("default")
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    for unit in await Unit.all():
        for include in (True, False):
            sql = f"SELECT u.id FROM unit u JOIN unit p ON p.code = {mark} AND " + (
                "substr(u.path, 1, length(p.path)) = p.path" if include else "u.id = p.id"
            )
            _, rows = await conn.execute_query(sql + " ORDER BY u.id", [unit.code])
            assert await tree.subtree_ids(unit.code, include) == [r["id"] for r in rows]
    assert await tree.subtree_ids("NO.SUCH", True) == []
    assert await tree.by_code("NO.SUCH") is None


async def test_a_request_with_a_cached_token_costs_one_statement(gql: Gql) -> None:
    await gql(VIEWER, as_="ADMIN")
    with count_sql() as counter:
        assert (await gql(VIEWER, as_="ADMIN"))["viewer"]["role"] == "ADMIN"
    # The epoch; the token and its unit from the cache. (PostgreSQL also spends the shared rate limit.)
    ours = [s for s in counter.statements if "rate_bucket" not in s]
    assert len(ours) == 1 and "cache_epoch" in ours[0], counter.statements


async def test_expiry_is_checked_against_the_cached_expiry(app: object, units: None) -> None:
    now = datetime(2026, 11, 30, 8, tzinfo=UTC)
    _, secret = await auth.create_token("到期", Role.VIEWER, expires_at=now + timedelta(minutes=5))
    assert (await auth.authenticate(secret, now)) is not None
    with count_sql() as counter:
        assert await auth.authenticate(secret, now + timedelta(minutes=4)) is not None
        assert await auth.authenticate(secret, now + timedelta(minutes=5)) is None
    assert counter.count == 2  # the epoch twice: both answered from the cache


async def test_a_revocation_in_this_process_and_a_unit_move_reach_the_cache(app: object, units: None) -> None:
    now = datetime(2026, 11, 30, 8, tzinfo=UTC)
    token, secret = await auth.create_token("区办", Role.UNIT_OPERATOR, "DY.DYQ.XD")
    actor = await auth.authenticate(secret, now)
    assert actor is not None and actor.unit_path == (await tree.by_code("DY.DYQ.XD")).path  # type: ignore[union-attr]
    # A unit's path changes (moved by hand, as any other writer could): the cached actor goes too.
    await Unit.filter(code="DY.DYQ.XD").update(path="/moved/")
    moved = await auth.authenticate(secret, now)
    assert moved is not None and moved.unit_path == "/moved/"
    assert (await tree.by_code("DY.DYQ.XD")).path == "/moved/"  # type: ignore[union-attr]
    assert await auth.revoke_token(token.id, now)
    assert await auth.authenticate(secret, now) is None
    assert not await auth.revoke_token(token.id, now)


async def test_unknown_tokens_are_not_cached(app: object) -> None:
    now = datetime(2026, 11, 30, 8, tzinfo=UTC)
    for n in range(3):
        assert await auth.authenticate(f"dbn_unknown{n}", now) is None
    assert auth._tokens[1] == {}  # noqa: SLF001


async def test_inside_a_transaction_the_tree_is_read_from_the_database(app: object, units: None) -> None:
    """The transaction sees its own rename; after it rolls back nobody does (the cache kept nothing)."""
    import pytest
    from tortoise.transactions import in_transaction

    name = (await tree.by_code("DY.DYQ.XD")).name  # type: ignore[union-attr]  # now cached
    with pytest.raises(RuntimeError):
        async with in_transaction():
            assert epoch.in_transaction()
            await Unit.filter(code="DY.DYQ.XD").update(name="改名中")
            assert (await tree.by_code("DY.DYQ.XD")).name == "改名中"  # type: ignore[union-attr]
            raise RuntimeError("roll back")
    assert (await tree.by_code("DY.DYQ.XD")).name == name  # type: ignore[union-attr]
