"""The hash chain: tampering detected by `auditIntegrity` and `audit verify`; concurrency never forks it."""

from __future__ import annotations

import asyncio

from tortoise import connections

from models.settings import load_settings
from schema.node import encode_id
from tests.audit.chain import CREATE, make_entries, verify_process

UPDATE = """
mutation($input: UpdateUnitInput!) {
  updateUnit(input: $input) { unit { name version } userErrors { field message code } }
}
"""
INTEGRITY = "{ auditIntegrity { ok entries firstBrokenAt } }"
OPERATIONS = "query($op: String) { auditEvents(filter: { operation: $op }, first: 100) { nodes { seq } } }"


async def _integrity(gql) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return (await gql(INTEGRITY, as_="INSPECTOR"))["auditIntegrity"]


async def test_an_edited_entry_breaks_the_chain_there(gql, settings) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql)
    intact = verify_process(settings)
    assert intact.returncode == 0, intact.stderr
    assert "3 entries" in intact.stdout
    await connections.get("default").execute_query("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2")
    assert await _integrity(gql) == {
        "ok": False,
        "entries": 3,
        "firstBrokenAt": encode_id("AuditEvent", entries[1].id),
    }
    broken = verify_process(settings)
    assert broken.returncode == 1
    assert "seq 2" in broken.stderr and encode_id("AuditEvent", entries[1].id) in broken.stderr


async def test_an_edit_with_a_hash_recomputed_with_the_key_breaks_the_next_link(gql) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql)
    forged = entries[1]
    forged.actor = "mallory"
    rehashed = forged.computed_hash(load_settings().audit_hmac_key, forged.subjects)
    await connections.get("default").execute_query(
        f"UPDATE audit_entry SET actor = 'mallory', hash = '{rehashed}' WHERE seq = 2"
    )
    assert (await _integrity(gql))["firstBrokenAt"] == encode_id("AuditEvent", entries[2].id)


async def test_a_removed_entry_breaks_the_chain_after_it(gql) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql)
    conn = connections.get("default")
    await conn.execute_query(f"DELETE FROM audit_subject WHERE entry_id = {entries[1].id}")
    await conn.execute_query(f"DELETE FROM audit_entry WHERE id = {entries[1].id}")
    assert await _integrity(gql) == {
        "ok": False,
        "entries": 2,
        "firstBrokenAt": encode_id("AuditEvent", entries[2].id),
    }


async def test_verification_reads_the_chain_in_batches(gql) -> None:  # type: ignore[no-untyped-def]
    from resolvers.audit.verify import verify_chain

    entries = await make_entries(gql)
    assert (await verify_chain(batch=2)).ok
    await connections.get("default").execute_query("UPDATE audit_entry SET operation = 'x' WHERE seq = 3")
    result = await verify_chain(batch=2)
    assert not result.ok and result.first_broken is not None and result.first_broken.id == entries[2].id


async def test_concurrent_mutations_keep_one_unbroken_chain(gql) -> None:  # type: ignore[no-untyped-def]
    payloads = await asyncio.gather(
        *(
            gql.ok(CREATE, {"input": {"code": f"C{n}", "name": f"并发单位 {n}", "kind": "OTHER"}})
            for n in range(10)
        )
    )
    assert len(payloads) == 10
    assert await _integrity(gql) == {"ok": True, "entries": 10, "firstBrokenAt": None}
    seqs = [
        e["seq"] for e in (await gql(OPERATIONS, {"op": "createUnit"}, as_="ADMIN"))["auditEvents"]["nodes"]
    ]
    assert seqs == list(range(1, 11))


async def test_concurrent_conflicting_updates_exactly_one_wins(gql) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(CREATE, {"input": {"code": "X1", "name": "原名", "kind": "OTHER"}})
    results = await asyncio.gather(
        *(gql(UPDATE, {"input": {"code": "X1", "name": name, "expectedVersion": 1}}) for name in ("甲", "乙"))
    )
    payloads = [r["updateUnit"] for r in results]
    winners = [p for p in payloads if not p["userErrors"]]
    losers = [p for p in payloads if p["userErrors"]]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0]["userErrors"][0]["code"] == "STALE_VERSION"
    assert winners[0]["unit"]["version"] == 2
    updates = (await gql(OPERATIONS, {"op": "updateUnit"}, as_="ADMIN"))["auditEvents"]["nodes"]
    assert len(updates) == 1
    assert (await _integrity(gql))["ok"] is True
