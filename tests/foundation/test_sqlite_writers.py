"""Several processes on one SQLite file: writers queue for the write lock (busy_timeout), none fails."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from models.settings import Settings
from resolvers.counters import next_number
from tests.complaints.queries import RECEIVE, new_complaint

ROOT = Path(__file__).resolve().parents[2]
INTAKES = 30
# Generous: two interpreters importing the app on a busy 2-core machine.
START_SECONDS = 180.0
RECEIVED_AT = "2026-01-05T02:00:00+00:00"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def _until_healthy(http: httpx.AsyncClient, server: subprocess.Popen[bytes]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_SECONDS
    while loop.time() < deadline:
        assert server.poll() is None, f"server on {http.base_url} exited with {server.returncode}"
        try:
            if (await http.get("/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"server on {http.base_url} did not answer /healthz in {START_SECONDS} s")


async def _intake(http: httpx.AsyncClient, secret: str, n: int) -> dict[str, Any]:
    # One fixed day of receipt: the serials are that day's sequence even if the test spans midnight.
    body = new_complaint(f"MP-{n}", receivedAt=RECEIVED_AT)
    response = await http.post(
        "/graphql", json={"query": RECEIVE, "variables": body}, headers={"Authorization": f"Bearer {secret}"}
    )
    return response.json()


async def _intakes(
    ports: list[int], servers: list[subprocess.Popen[bytes]], secret: str
) -> list[dict[str, Any]]:
    """Once both servers answer, all intakes at once, alternating between the two processes."""
    clients = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{p}", timeout=120) for p in ports]
    try:
        for http, server in zip(clients, servers, strict=True):
            await _until_healthy(http, server)
        return await asyncio.gather(*(_intake(clients[n % 2], secret, n) for n in range(INTAKES)))
    finally:
        for http in clients:
            await http.aclose()


def test_two_processes_on_one_file_queue_for_the_write_lock(tmp_path: Path) -> None:
    """30 concurrent intakes split over two server processes: all succeed, serials distinct and gap-free.

    Before writers began with BEGIN IMMEDIATE, a deferred transaction that had read and then wrote
    got "database is locked" at once (SQLite refuses to wait when upgrading a reader, to avoid a
    deadlock), so 10-14 of the 30 intakes failed with INTERNAL_ERROR whatever the busy timeout.
    """
    env = {
        **os.environ,
        "DUBAN_DATABASE_URL": f"sqlite://{tmp_path / 'shared.db'}",
        "DUBAN_SCHEDULER": "off",
        "DUBAN_LOG_LEVEL": "WARNING",
        # Long enough that a correct waiter never times out on a loaded machine.
        "DUBAN_SQLITE_BUSY_TIMEOUT_MS": "60000",
    }
    _cli(env, "migrate")
    secret = _cli(env, "token", "create", "--name", "intake", "--role", "ADMIN").split()[-1]
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / f"serve-{port}.log" for port in ports]
    servers = []
    try:
        for port, log in zip(ports, logs, strict=True):
            with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
                command = [sys.executable, "main.py", "serve", "--port", str(port)]
                servers.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out))
        bodies = asyncio.run(_intakes(ports, servers, secret))
    except BaseException:
        for log in logs:
            print(log.read_text())  # shown by pytest with the failure
        raise
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=60)
    failed = [b for b in bodies if b.get("errors") or b["data"]["receiveComplaint"]["userErrors"]]
    assert not failed, f"{len(failed)} of {INTAKES} intakes failed, e.g. {failed[0]}"
    serials = sorted(b["data"]["receiveComplaint"]["complaint"]["serialNo"] for b in bodies)
    assert serials == [f"QY20260105{n:04d}" for n in range(1, INTAKES + 1)]


async def _take_number() -> int:
    async with in_transaction():
        return await next_number("busy")


async def test_a_writer_that_times_out_fails_alone_and_the_next_one_proceeds(
    app: object, settings: Settings
) -> None:
    """BEGIN IMMEDIATE can fail (busy timeout), which a DEFERRED BEGIN never did: the failure must
    release the process's one connection, or every later query of the process waits forever."""
    if settings.is_postgres:
        pytest.skip("SQLite's file-wide write lock; PostgreSQL locks rows")
    # This test's connection only (each test's app opens its own).
    await connections.get("default").execute_query("PRAGMA busy_timeout = 100")
    other_process = sqlite3.connect(settings.database_url.split("://", 1)[1], isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError, match="locked"):
            await _take_number()
    finally:
        other_process.rollback()
        other_process.close()
    # Bounded only so that a regression fails instead of hanging the run.
    assert await asyncio.wait_for(_take_number(), 120) == 1
