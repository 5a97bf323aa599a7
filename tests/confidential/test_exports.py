"""GET /exports/plans/{id}.xlsx: a role that may not read the ledger is refused before any lookup, so an
existing plan and a missing one get the same answer."""

from __future__ import annotations

from schema.node import encode_id
from tests.ledger.setup import make_plan

MISSING = 999_999


async def test_a_role_without_the_ledger_is_refused_alike_for_any_plan(client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    answers = {}
    for role in ("HOTLINE", "SUPERVISOR"):
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        for pk in (plan.id, MISSING):
            response = await client.get(f"/exports/plans/{encode_id('Plan', pk)}.xlsx", headers=headers)
            answers[role, pk] = (response.status_code, response.content[:2])
    assert answers["HOTLINE", plan.id] == answers["HOTLINE", MISSING] == (403, b'{"')
    assert answers["SUPERVISOR", plan.id] == (200, b"PK")  # an XLSX is a zip
    assert answers["SUPERVISOR", MISSING] == (404, b'{"')
