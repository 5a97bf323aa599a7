"""Audit trail: one entry per mutation in its transaction, none for refusals, filters, who may read it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.audit import AuditEntry
from models.unit import Unit
from resolvers.audit.chain import append_audit
from resolvers.events import record_event
from resolvers.unit_of_work import unit_of_work

CREATE = """
mutation($input: CreateUnitInput!) {
  createUnit(input: $input) { unit { id code version } userErrors { field message code } }
}
"""
UPDATE = """
mutation($input: UpdateUnitInput!) {
  updateUnit(input: $input) { unit { id version } userErrors { field message code } }
}
"""
EVENTS = """
query($f: AuditFilter, $first: Int, $after: String) {
  auditEvents(filter: $f, first: $first, after: $after) {
    totalCount
    nodes { id seq at actor actorRole tokenId operation subjects subjectIds changes requestId prevHash hash }
  }
}
"""
INTEGRITY = "{ auditIntegrity { ok entries firstBrokenAt } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on AuditEvent { operation } } }"


def _unit(code: str, **extra: object) -> dict[str, object]:
    return {"input": {"code": code, "name": f"单位 {code}", "kind": "OTHER", **extra}}


async def _events(gql, f=None, as_="INSPECTOR"):  # type: ignore[no-untyped-def]
    return (await gql(EVENTS, {"f": f, "first": 100}, as_=as_))["auditEvents"]


async def test_a_mutation_appends_one_entry_with_actor_subjects_and_changes(gql, client, tokens) -> None:  # type: ignore[no-untyped-def]
    created = (await gql.ok(CREATE, _unit("X1")))["unit"]
    response = await client.post(
        "/graphql",
        json={
            "query": UPDATE,
            "variables": {"input": {"code": "X1", "name": "新名称", "expectedVersion": 1}},
        },
        headers={"Authorization": f"Bearer {tokens['ADMIN']}", "X-Request-Id": "req-update-1"},
    )
    assert response.json()["data"]["updateUnit"]["userErrors"] == []
    first, second = (await _events(gql))["nodes"]
    assert (first["seq"], second["seq"]) == (1, 2)
    assert first["operation"] == "createUnit"
    assert first["actor"] == "test-admin" and first["actorRole"] == "ADMIN"
    assert first["tokenId"] is not None
    pk = created["id"]
    assert second["subjectIds"] == [pk] and second["subjects"][0].startswith("Unit:")
    assert second["operation"] == "updateUnit"
    assert second["requestId"] == "req-update-1"
    assert second["changes"][0]["data"]["after"] == {"name": "新名称"}
    assert second["changes"][0]["data"]["before"] == {"name": "单位 X1"}
    assert second["prevHash"] == first["hash"] and first["prevHash"] == "0" * 64


async def test_refused_mutations_write_no_entry(gql) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(CREATE, _unit("X1"))
    assert (await gql.refused(CREATE, _unit("X1")))[0]["code"] == "DUPLICATE_CODE"
    assert (await gql.refused(UPDATE, {"input": {"code": "X1", "expectedVersion": 7}}))[0]["code"] == (
        "STALE_VERSION"
    )
    forbidden = await gql.error(CREATE, _unit("X2"), as_="SUPERVISOR")
    assert forbidden["extensions"]["code"] == "FORBIDDEN"
    events = await _events(gql)
    assert events["totalCount"] == 1
    assert (await gql(INTEGRITY, as_="ADMIN"))["auditIntegrity"] == {
        "ok": True,
        "entries": 1,
        "firstBrokenAt": None,
    }


async def test_filters_by_subject_actor_operation_and_time(gql, clock) -> None:  # type: ignore[no-untyped-def]
    x1 = (await gql.ok(CREATE, _unit("X1")))["unit"]["id"]
    clock.advance(hours=1)
    await gql.ok(CREATE, _unit("X2"))
    clock.advance(hours=1)
    await gql.ok(UPDATE, {"input": {"code": "X1", "name": "改"}})

    async def ops(f):  # type: ignore[no-untyped-def]
        return [(n["operation"], n["seq"]) for n in (await _events(gql, f))["nodes"]]

    assert await ops({"subject": x1}) == [("createUnit", 1), ("updateUnit", 3)]
    subject = (await _events(gql, {"subject": x1}))["nodes"][0]["subjects"][0]
    assert await ops({"subject": subject}) == [("createUnit", 1), ("updateUnit", 3)]
    assert await ops({"operation": "createUnit"}) == [("createUnit", 1), ("createUnit", 2)]
    assert await ops({"actor": "test-admin"}) == [("createUnit", 1), ("createUnit", 2), ("updateUnit", 3)]
    assert await ops({"actor": "someone-else"}) == []
    start = (clock() - timedelta(hours=1, minutes=30)).isoformat()
    end = (clock() - timedelta(minutes=30)).isoformat()
    assert await ops({"from": start, "to": end}) == [("createUnit", 2)]


async def test_jobs_append_through_append_audit(gql, scope) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(CREATE, _unit("X1"))
    await append_audit(scope, "overdueScan", ["Unit:1", "Unit:1"], {"rowsTouched": 3})
    job = (await _events(gql, {"operation": "overdueScan"}))["nodes"][0]
    assert job["actor"] == "system" and job["tokenId"] is None
    assert job["subjects"] == ["Unit:1"]
    assert job["changes"] == {"rowsTouched": 3}
    assert (await gql(INTEGRITY))["auditIntegrity"]["ok"] is True


@pytest.mark.parametrize("role", ["SUPERVISOR", "UNIT_OPERATOR", "HOTLINE", "VIEWER"])
async def test_only_inspectors_and_admins_read_the_audit_trail(gql, role) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(CREATE, _unit("X1"))
    entry = (await _events(gql, as_="ADMIN"))["nodes"][0]["id"]
    for query, variables in ((EVENTS, {"first": 10}), (INTEGRITY, None), (NODE, {"id": entry})):
        error = await gql.error(query, variables, as_=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(NODE, {"id": entry}, as_="INSPECTOR"))["node"]["operation"] == "createUnit"


async def test_a_job_block_is_audited_once_and_rolls_back_whole(gql, scope) -> None:  # type: ignore[no-untyped-def]
    async with unit_of_work(scope, "idleJob") as work:
        work.skip_audit()
    assert await AuditEntry.all().count() == 0
    unit = await Unit.get(code="DY")
    async with unit_of_work(scope, "renameJob"):
        await Unit.filter(id=unit.id).update(short_name="东营")
        await record_event(scope, "Unit", unit.id, "UPDATED", "改简称", {"after": {"short_name": "东营"}})
    with pytest.raises(RuntimeError):
        async with unit_of_work(scope, "failingJob"):
            await Unit.filter(id=unit.id).update(short_name="失败")
            raise RuntimeError("job failed")
    entries = await AuditEntry.all().order_by("seq")
    assert [(e.operation, e.subjects) for e in entries] == [("renameJob", [f"Unit:{unit.id}"])]
    assert (await Unit.get(id=unit.id)).short_name == "东营"
