"""Every refused status transition is a userError naming the current status, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from models.complaint import ComplaintStatus
from models.complaint_rules import ACTIONS, can
from tests.complaints.queries import (
    BY_SERIAL,
    CONTACT,
    DISPATCH,
    ESCALATE,
    REOPEN,
    REPLY,
    REQUEST_EXTENSION,
    RESOLVE,
    RETURN,
    VISIT,
    WITHDRAW,
    dispatched,
    received,
    resolved,
    step,
)

# Each action as a mutation with a valid input (refused only by the status).
MUTATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "dispatch": (DISPATCH, {"unitCode": "DY.SPJ"}),
    "return": (RETURN, {"reason": "非本单位职责"}),
    "contact": (CONTACT, {}),
    "reply": (REPLY, {}),
    "resolve": (RESOLVE, {"handlingResult": "已办结", "isReasonable": True}),
    "visit": (VISIT, {"satisfaction": "UNSATISFIED", "problemSolved": False}),
    "reopen": (REOPEN, {"reason": "不满意"}),
    "escalate": (ESCALATE, {"reason": "督办"}),
    "extend": (REQUEST_EXTENSION, {"requestedDueAt": "2027-06-30T16:00:00+00:00", "reason": "延期"}),
    "withdraw": (WITHDRAW, {"reason": "企业已自行解决"}),
}


async def _in_status(gql, status: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if status == "RECEIVED":
        return await received(gql)
    if status == "WITHDRAWN":
        complaint = await dispatched(gql)
        return await step(gql, WITHDRAW, complaint["id"], as_="HOTLINE", reason="企业已自行解决")
    if status in ("DISPATCHED", "CONTACTED", "REPLIED"):
        complaint = await dispatched(gql)
        if status != "DISPATCHED":
            complaint = await step(gql, CONTACT, complaint["id"])
        if status == "REPLIED":
            complaint = await step(gql, REPLY, complaint["id"])
        return complaint
    complaint = await resolved(gql)
    if status == "RESOLVED":
        return complaint
    satisfaction = "SATISFIED" if status == "CLOSED" else "UNSATISFIED"
    body = {"satisfaction": satisfaction, "problemSolved": status == "CLOSED"}
    complaint = await step(gql, VISIT, complaint["id"], as_="HOTLINE", **body)
    if status == "REOPENED":
        complaint = await step(gql, REOPEN, complaint["id"], as_="HOTLINE", reason="不满意")
    return complaint


def test_the_table_allows_the_lifecycle() -> None:
    path = ["dispatch", "contact", "reply", "resolve", "visit", "reopen", "resolve", "close"]
    status = ComplaintStatus.RECEIVED
    for action in path:
        assert can(action, status), (action, status)
        status = ACTIONS[action][1] or status
    assert status is ComplaintStatus.CLOSED


@pytest.mark.parametrize(
    "status",
    [
        "RECEIVED",
        "DISPATCHED",
        "CONTACTED",
        "REPLIED",
        "RESOLVED",
        "VISITED",
        "CLOSED",
        "REOPENED",
        "WITHDRAWN",
    ],
)
async def test_refused_transitions(gql, status: str) -> None:  # type: ignore[no-untyped-def]
    complaint = await _in_status(gql, status)
    assert complaint["status"] == status
    refused = [a for a in MUTATIONS if not can(a, ComplaintStatus(status))]
    assert refused
    for action in refused:
        doc, fields = MUTATIONS[action]
        errors = await gql.refused(doc, {"input": {"complaintId": complaint["id"], **fields}}, as_="ADMIN")
        assert errors[0]["code"] == "INVALID_TRANSITION", (action, errors)
        assert status in errors[0]["message"]
    after = (await gql(BY_SERIAL, {"s": complaint["serialNo"]}))["complaint"]
    assert (after["status"], after["version"]) == (status, complaint["version"])


async def test_stale_version_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    await step(gql, CONTACT, complaint["id"], expectedVersion=complaint["version"])
    errors = await gql.refused(
        REPLY,
        {"input": {"complaintId": complaint["id"], "expectedVersion": complaint["version"]}},
        as_="UNIT_OPERATOR",
    )
    assert errors[0]["code"] == "STALE_VERSION"


async def test_refusals_of_inputs(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await received(gql)
    cid = complaint["id"]
    unknown_unit = await gql.refused(
        DISPATCH, {"input": {"complaintId": cid, "unitCode": "NOPE"}}, as_="HOTLINE"
    )
    assert unknown_unit[0]["code"] == "UNKNOWN_UNIT"
    unknown_policy = await gql.refused(
        DISPATCH, {"input": {"complaintId": cid, "unitCode": "DY.SPJ", "policyCode": "9999"}}, as_="HOTLINE"
    )
    assert unknown_policy[0]["code"] == "UNKNOWN_POLICY"
    complaint = await step(gql, DISPATCH, cid, as_="HOTLINE", unitCode="DY.DYQ.WH")
    no_reason = await gql.refused(RETURN, {"input": {"complaintId": cid, "reason": " "}}, as_="UNIT_OPERATOR")
    assert no_reason[0]["code"] == "REQUIRED"
    await step(gql, CONTACT, cid)
    await step(gql, REPLY, cid)
    no_result = await gql.refused(
        RESOLVE,
        {"input": {"complaintId": cid, "handlingResult": "", "isReasonable": True}},
        as_="UNIT_OPERATOR",
    )
    assert no_result[0]["code"] == "REQUIRED"
    gone = complaint["id"][:-2] + "zz"
    error = await gql.error(CONTACT, {"input": {"complaintId": gone}}, as_="ADMIN")
    assert error["extensions"]["code"] == "INVALID_ID"


async def test_unknown_complaint_is_not_found(gql) -> None:  # type: ignore[no-untyped-def]
    from schema.node import encode_id

    errors = await gql.refused(CONTACT, {"input": {"complaintId": encode_id("Complaint", 999)}}, as_="ADMIN")
    assert errors[0]["code"] == "NOT_FOUND"


async def test_withdraw(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await received(gql)
    blank = await gql.refused(
        WITHDRAW, {"input": {"complaintId": complaint["id"], "reason": ""}}, as_="HOTLINE"
    )
    assert blank[0]["code"] == "REQUIRED"
    error = await gql.error(
        WITHDRAW, {"input": {"complaintId": complaint["id"], "reason": "x"}}, as_="UNIT_OPERATOR"
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
    done = await step(gql, WITHDRAW, complaint["id"], as_="HOTLINE", reason="企业已自行解决")
    assert done["status"] == "WITHDRAWN" and done["breaches"] == []


async def test_concurrent_transitions_exactly_one_wins(gql) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    complaint = await dispatched(gql)
    bodies = await asyncio.gather(
        *(
            gql.raw(CONTACT, {"input": {"complaintId": complaint["id"]}}, as_="UNIT_OPERATOR")
            for _ in range(5)
        )
    )
    payloads = [b["data"]["recordContact"] for b in bodies]
    assert sum(1 for p in payloads if not p["userErrors"]) == 1
    assert {p["userErrors"][0]["code"] for p in payloads if p["userErrors"]} <= {
        "STALE_VERSION",
        "INVALID_TRANSITION",
    }
    events = (await gql(BY_SERIAL, {"s": complaint["serialNo"]}))["complaint"]["events"]
    assert [e["kind"] for e in events].count("CONTACT") == 1
