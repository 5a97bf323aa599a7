"""`audit verify` on an intact chain (tampered chains: tests/audit/test_audit_integrity.py)."""

from __future__ import annotations

from tests.cli.conftest import Cli
from tests.helpers import Gql

CREATE = """
mutation($input: CreateUnitInput!) {
  createUnit(input: $input) { unit { code } userErrors { field message code } }
}
"""


async def test_audit_verify_counts_an_intact_chain(cli: Cli, gql: Gql) -> None:
    for code in ("C1", "C2"):
        await gql.ok(CREATE, {"input": {"code": code, "name": f"单位 {code}", "kind": "OTHER"}})
    verified = cli("audit", "verify")
    assert (verified.returncode, verified.stderr) == (0, "")
    assert verified.stdout.startswith(
        "audit chain intact: 2 entries, 0 checkpoints reached; head checkpoint 2:"
    )
    head = verified.stdout.split("head checkpoint ", 1)[1].split()[0]
    again = cli("audit", "verify", "--checkpoint", head)
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout.startswith("audit chain intact: 2 entries, 1 checkpoints reached")
