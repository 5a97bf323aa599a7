"""The task state machine through the API: every allowed and every refused transition."""

from __future__ import annotations

import asyncio

import pytest

from models.task import TaskStatus as S
from models.task_rules import TaskAction as A
from models.task_rules import next_status
from resolvers.ledger import transitions as t
from tests.ledger.setup import gid, make_plan, make_task

PAYLOAD = "{ task { status version suspendedReason completionSummary returnedReason } userErrors { field message code } }"
MUTATIONS = {
    A.START: "mutation($id: ID!) { startTask(input: {id: $id}) ",
    A.COMPLETE: 'mutation($id: ID!) { completeTask(input: {id: $id, summary: "已完成"}) ',
    A.VERIFY: "mutation($id: ID!) { verifyTask(input: {id: $id, accept: true}) ",
    A.SEND_BACK: 'mutation($id: ID!) { verifyTask(input: {id: $id, accept: false, reason: "材料不全"}) ',
    A.SUSPEND: 'mutation($id: ID!) { suspendTask(input: {id: $id, reason: "政策调整"}) ',
    A.RESUME: "mutation($id: ID!) { resumeTask(input: {id: $id}) ",
}
ALLOWED = {
    (S.NOT_STARTED, A.START): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.COMPLETE): S.COMPLETED,
    (S.COMPLETED, A.VERIFY): S.VERIFIED,
    (S.COMPLETED, A.SEND_BACK): S.IN_PROGRESS,
    (S.NOT_STARTED, A.SUSPEND): S.SUSPENDED,
    (S.IN_PROGRESS, A.SUSPEND): S.SUSPENDED,
    (S.SUSPENDED, A.RESUME): S.NOT_STARTED,  # suspended from NOT_STARTED in _bring_to
}


def _m(head: str) -> str:
    return head + PAYLOAD + " }"


EVENTS = "query($id: ID!) { node(id: $id) { ... on Task { events { kind actor data } } } }"


async def _bring_to(scope, task, status: S) -> None:  # type: ignore[no-untyped-def]
    if status is S.SUSPENDED:
        await t.suspend_task(scope, t.TaskTransition(task.id, reason="等待上级政策"))
        return
    if status is S.NOT_STARTED:
        return
    await t.start_task(scope, t.TaskTransition(task.id))
    if status in (S.COMPLETED, S.VERIFIED):
        await t.complete_task(scope, t.CompleteTask(task.id, "已办结"))
    if status is S.VERIFIED:
        await t.verify_task(scope, t.VerifyTask(task.id, True))


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(A))
async def test_every_transition(gql, scope, status: S, action: A) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1")
    await _bring_to(scope, task, status)
    query = _m(MUTATIONS[action])
    data = await gql(query, {"id": gid(task)}, as_="SUPERVISOR")
    (payload,) = data.values()
    expected = ALLOWED.get((status, action))
    if expected is None:
        assert payload["task"] is None
        (error,) = payload["userErrors"]
        assert error["code"] == "INVALID_TRANSITION"
        assert status.value in error["message"]
    else:
        assert payload["userErrors"] == []
        assert payload["task"]["status"] == expected.value
        events = (await gql(EVENTS, {"id": gid(task)}))["node"]["events"]
        assert events[-1]["kind"] == action.value
        assert events[-1]["data"]["after"]["status"] == expected.value


def test_rules_table_matches_the_api_table() -> None:
    for status in S:
        for action in A:
            assert next_status(status, action, S.NOT_STARTED) == ALLOWED.get((status, action))


async def test_resume_returns_to_the_status_it_was_suspended_from(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1")
    await t.start_task(scope, t.TaskTransition(task.id))
    suspended = await gql.ok(_m(MUTATIONS[A.SUSPEND]), {"id": gid(task)}, as_="SUPERVISOR")
    assert suspended["task"]["suspendedReason"] == "政策调整"
    resumed = await gql.ok(_m(MUTATIONS[A.RESUME]), {"id": gid(task)}, as_="SUPERVISOR")
    assert resumed["task"]["status"] == "IN_PROGRESS"
    assert resumed["task"]["suspendedReason"] is None


async def test_send_back_and_complete_keep_their_texts(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1")
    await _bring_to(scope, task, S.COMPLETED)
    back = await gql.ok(_m(MUTATIONS[A.SEND_BACK]), {"id": gid(task)}, as_="SUPERVISOR")
    assert back["task"]["returnedReason"] == "材料不全"
    assert back["task"]["completionSummary"] == "已办结"


@pytest.mark.parametrize(
    ("mutation", "field"),
    [
        ('mutation($id: ID!) { suspendTask(input: {id: $id, reason: " "}) ', "reason"),
        ('mutation($id: ID!) { completeTask(input: {id: $id, summary: ""}) ', "reason"),
        ("mutation($id: ID!) { verifyTask(input: {id: $id, accept: false}) ", "reason"),
    ],
)
async def test_reasons_are_required(gql, scope, mutation, field) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1")
    await t.start_task(scope, t.TaskTransition(task.id))
    if "verifyTask" in mutation:
        await t.complete_task(scope, t.CompleteTask(task.id, "已办结"))
    errors = await gql.refused(_m(mutation), {"id": gid(task)}, as_="SUPERVISOR")
    assert errors[0]["code"] == "REQUIRED"
    assert errors[0]["field"] == ["input", field]


async def test_stale_version_refuses_a_transition(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1")
    q = _m("mutation($id: ID!, $v: Int) { startTask(input: {id: $id, expectedVersion: $v}) ")
    errors = await gql.refused(q, {"id": gid(task), "v": task.version + 5})
    assert errors[0]["code"] == "STALE_VERSION"
    assert (await gql.ok(q, {"id": gid(task), "v": task.version}))["task"]["status"] == "IN_PROGRESS"


@pytest.mark.parametrize(
    ("action", "role"),
    [
        (A.VERIFY, "UNIT_OPERATOR"),
        (A.SUSPEND, "UNIT_OPERATOR"),
        (A.RESUME, "UNIT_OPERATOR"),
        (A.START, "VIEWER"),
        (A.COMPLETE, "HOTLINE"),
        (A.VERIFY, "INSPECTOR"),
    ],
)
async def test_roles_without_the_write_are_forbidden(gql, scope, action, role) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1", lead_unit_codes=["DY.DYQ"])
    error = await gql.error(_m(MUTATIONS[action]), {"id": gid(task)}, as_=role)
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_concurrent_transitions_exactly_one_wins(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1")
    await _bring_to(scope, task, S.COMPLETED)
    verify, send_back = _m(MUTATIONS[A.VERIFY]), _m(MUTATIONS[A.SEND_BACK])
    results = await asyncio.gather(
        gql(verify, {"id": gid(task)}), gql(send_back, {"id": gid(task)}), gql(verify, {"id": gid(task)})
    )
    payloads = [next(iter(r.values())) for r in results]
    winners = [p for p in payloads if not p["userErrors"]]
    assert len(winners) == 1
    assert {p["userErrors"][0]["code"] for p in payloads if p["userErrors"]} <= {
        "STALE_VERSION",
        "INVALID_TRANSITION",
    }
    events = (await gql(EVENTS, {"id": gid(task)}))["node"]["events"]
    assert [e["kind"] for e in events].count("VERIFY") + [e["kind"] for e in events].count("SEND_BACK") == 1
