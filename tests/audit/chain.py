"""What the audit chain tests share: entries made through real mutations, raw SQL as the tamperer
writes it, and `python main.py audit verify` run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tortoise import connections

from models.audit import AuditEntry
from models.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CREATE = """
mutation($input: CreateUnitInput!) {
  createUnit(input: $input) { unit { code } userErrors { field message code } }
}
"""


async def make_entries(gql, count: int = 3) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    """`count` more audit entries, one per createUnit mutation (X1, X2, …); then every entry in seq order."""
    for n in range(1, count + 1):
        await gql.ok(CREATE, {"input": {"code": f"X{n}", "name": f"单位 X{n}", "kind": "OTHER"}})
    return list(await AuditEntry.all().order_by("seq"))


async def tamper(*statements: str) -> None:
    """Raw SQL, as someone with write access to the database (and not the key) would write it."""
    connection = connections.get("default")
    for statement in statements:
        await connection.execute_query(statement)


def verify_process(
    settings: Settings, *args: str, key: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python main.py audit verify ARGS` against the test database; `key` sets DUBAN_AUDIT_KEY."""
    env = {**os.environ, "DUBAN_DATABASE_URL": settings.database_url, "DUBAN_LOG_LEVEL": "WARNING"}
    if key is not None:
        env["DUBAN_AUDIT_KEY"] = key
    return subprocess.run(
        [sys.executable, "main.py", "audit", "verify", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
