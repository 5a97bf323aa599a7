"""Extensions asked for after the resolve deadline passed (a breach that happened stays); in time ones
still clear the way. Breaches, the in-time verdict, the breached filter and the figures agree."""

from __future__ import annotations

from tests.complaints.queries import (
    BY_SERIAL,
    CONTACT,
    DECIDE_EXTENSION,
    LIST,
    REPLY,
    RESOLVE,
    dispatched,
    step,
)
from tests.complaints.test_escalate_and_extend import LATER, _request

DUE = "2026-12-08T16:00:00+00:00"  # 24:00 on 12-08, ten working days after Tuesday 11-24
FIGURES = """
query { complaintStats(from: "2026-11-01", to: "2026-12-31") { dueInPeriod resolvedInTime } }
"""
BREACHED = {"f": {"breachedStage": "RESOLVE"}}
# A page reading only the columns its fields need: the verdict column decides the extensions' lookup.
PAGE = "query { complaints(first: 10) { nodes { breaches { stage dueAt } isOverdue } } }"


async def _replied(gql) -> dict:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    await step(gql, CONTACT, complaint["id"])
    return await step(gql, REPLY, complaint["id"], note="已初步答复")


async def _extend(gql, complaint: dict) -> None:  # type: ignore[no-untyped-def]
    extension = await _request(gql, complaint["id"])
    await gql.ok(
        DECIDE_EXTENSION, {"input": {"extensionId": extension["id"], "approve": True}}, as_="SUPERVISOR"
    )


async def test_a_late_extension_keeps_the_breach(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await _replied(gql)
    clock.advance(days=16)  # 12-10: two days past the deadline
    await _extend(gql, complaint)
    after = (await gql(BY_SERIAL, {"s": complaint["serialNo"]}))["complaint"]
    assert after["resolveDueAt"] == LATER and after["isOverdue"] is False
    assert after["breaches"] == [{"stage": "RESOLVE", "dueAt": DUE, "metAt": None}]
    assert after["resolveInTime"] is False
    assert (await gql(LIST, BREACHED))["complaints"]["totalCount"] == 1
    page = (await gql(PAGE))["complaints"]["nodes"]
    assert page == [{"breaches": [{"stage": "RESOLVE", "dueAt": DUE}], "isOverdue": False}]
    resolved = await step(gql, RESOLVE, complaint["id"], handlingResult="已协调排水", isReasonable=True)
    assert resolved["resolvedAt"] < LATER  # within the new deadline, yet the missed one stays
    assert resolved["resolveInTime"] is False
    assert [(b["stage"], b["dueAt"]) for b in resolved["breaches"]] == [("RESOLVE", DUE)]
    figures = (await gql(FIGURES))["complaintStats"][0]
    assert (figures["dueInPeriod"], figures["resolvedInTime"]) == (1, 0)


async def test_an_extension_in_time_clears_the_way(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await _replied(gql)
    clock.advance(days=10)  # 12-04: before the deadline
    await _extend(gql, complaint)
    clock.advance(days=6)  # 12-10: past the old deadline, within the new one
    after = (await gql(BY_SERIAL, {"s": complaint["serialNo"]}))["complaint"]
    assert (after["breaches"], after["isOverdue"], after["resolveInTime"]) == ([], False, None)
    resolved = await step(gql, RESOLVE, complaint["id"], handlingResult="已协调排水", isReasonable=True)
    assert (resolved["breaches"], resolved["resolveInTime"]) == ([], True)
    assert (await gql(LIST, BREACHED))["complaints"]["totalCount"] == 0
