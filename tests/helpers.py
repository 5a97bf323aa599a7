"""Test helpers: a controllable clock, a GraphQL client over real HTTP, an SQL statement counter."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

__all__ = [
    "LIFESPAN_TIMEOUT",
    "STARTUP_TIMEOUT",
    "Clock",
    "Gql",
    "SqlCounter",
    "count_sql",
    "wait_until_healthy",
]

# Bounds on waiting for things to start, generous on purpose: on a busy machine (CI, or other work
# saturating both cores) an app's start-up or a server process's first answer can take many times
# its usual second. A bound only limits how long a broken start takes to be reported.
LIFESPAN_TIMEOUT = 120.0
STARTUP_TIMEOUT = 120.0


@dataclass
class Clock:
    """The tests' "now": the app reads it on every request; tests move it, never sleep."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 24, 2, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    def set(self, when: datetime) -> None:
        self.current = when


class Gql:
    """Posts GraphQL over HTTP to the ASGI app as a given role's token."""

    def __init__(self, client: httpx.AsyncClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, as_: str | None = "ADMIN"
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.tokens[as_]}"} if as_ else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code in (200, 400, 401), response.text  # 401: UNAUTHENTICATED
        return response.json()

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, as_: str | None = "ADMIN"
    ) -> dict[str, Any]:
        """The `data` of a query that must succeed without GraphQL errors."""
        body = await self.raw(query, variables, as_)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def error(
        self, query: str, variables: dict[str, Any] | None = None, as_: str | None = "ADMIN"
    ) -> dict[str, Any]:
        """The first GraphQL error of a query that must fail."""
        body = await self.raw(query, variables, as_)
        assert body.get("errors"), body
        return body["errors"][0]

    async def ok(
        self, mutation: str, variables: dict[str, Any] | None = None, as_: str | None = "ADMIN"
    ) -> dict[str, Any]:
        """The payload of a single mutation that must succeed with no userErrors."""
        data = await self(mutation, variables, as_)
        (payload,) = data.values()
        assert payload["userErrors"] == [], payload["userErrors"]
        return payload

    async def refused(
        self, mutation: str, variables: dict[str, Any] | None = None, as_: str | None = "ADMIN"
    ) -> list[dict[str, Any]]:
        """The userErrors of a single mutation that must be refused."""
        data = await self(mutation, variables, as_)
        (payload,) = data.values()
        assert payload["userErrors"], payload
        return payload["userErrors"]


class SqlCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []
        # The rate limit's own statements (PostgreSQL), kept apart: `count` is the request's work.
        self.guard: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        first = message.split(None, 1)[0].upper() if message.strip() else ""
        # The rate limit's bucket (PostgreSQL: one upsert per request, schema/guard.py) is the guard's
        # cost, not the query's: counted by its own tests and bench (bench/rate_bucket.py), not here.
        if first not in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
            return
        if "rate_bucket" in message:
            self.guard.append(message)
        else:
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def sent(self) -> int:
        """Every statement sent, the rate limit's included (what /metrics counts)."""
        return len(self.statements) + len(self.guard)


@contextlib.contextmanager
def count_sql() -> Iterator[SqlCounter]:
    """Counts the SQL statements Tortoise sends while the block runs (from its db_client debug log)."""
    logger = logging.getLogger("tortoise.db_client")
    handler = SqlCounter()
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def wait_until_healthy(
    base_url: str, process: subprocess.Popen[Any], timeout: float = STARTUP_TIMEOUT
) -> None:
    """Poll a server process's /healthz until it answers 200; fail at once if the process exits."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base_url, timeout=10) as http:
        while time.monotonic() < deadline:
            assert process.poll() is None, f"server exited with {process.returncode}"
            try:
                if http.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise AssertionError(f"{base_url} did not become healthy within {timeout:.0f} s")
