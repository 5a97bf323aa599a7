"""Escalation (提级督办) and deadline extensions (延期): approved, refused, and their refusals."""

from __future__ import annotations

from tests.complaints.queries import (
    BY_SERIAL,
    DECIDE_EXTENSION,
    ESCALATE,
    REQUEST_EXTENSION,
    dispatched,
    resolved,
)

LATER = "2026-12-15T16:00:00+00:00"
ESCALATE_PAYLOAD = """
mutation($input: EscalateComplaintInput!) {
  escalateComplaint(input: $input) {
    supervisionItem { serial level source status dueOn responsibleUnit { code }
                      origins { ... on Complaint { status escalatedAt } } }
    userErrors { field message code }
  }
}
"""


async def _request(gql, complaint_id: str, due: str = LATER) -> dict:  # type: ignore[no-untyped-def]
    body = {
        "input": {"complaintId": complaint_id, "requestedDueAt": due, "reason": "需协调省级部门，申请延期"}
    }
    return (await gql.ok(REQUEST_EXTENSION, body, as_="UNIT_OPERATOR"))["extension"]


async def test_escalation_is_recorded_and_the_status_stays(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    clock.advance(hours=5)
    payload = await gql.ok(
        ESCALATE_PAYLOAD,
        {"input": {"complaintId": complaint["id"], "reason": "超时未联系企业"}},
        as_="SUPERVISOR",
    )
    item = payload["supervisionItem"]
    assert item["origins"] == [{"status": "DISPATCHED", "escalatedAt": "2026-11-24T07:00:00+00:00"}]
    assert (item["level"], item["source"], item["status"]) == ("ESCALATED", "ESCALATED_COMPLAINT", "OPEN")
    assert item["serial"] == "DB2026-0001" and item["responsibleUnit"] == {
        "code": complaint["handlingUnit"]["code"]
    }
    # Five working days from Tuesday 2026-11-24: due Tuesday 12-01.
    assert item["dueOn"] == "2026-12-01"
    events = (await gql(BY_SERIAL, {"s": complaint["serialNo"]}))["complaint"]["events"]
    assert events[-1]["kind"] == "ESCALATE"
    again = await gql.refused(
        ESCALATE, {"input": {"complaintId": complaint["id"], "reason": "再次"}}, as_="SUPERVISOR"
    )
    assert again[0]["code"] == "ALREADY_ESCALATED"


async def test_escalation_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    blank = await gql.refused(
        ESCALATE, {"input": {"complaintId": complaint["id"], "reason": ""}}, as_="SUPERVISOR"
    )
    assert blank[0]["code"] == "REQUIRED"
    for role in ("HOTLINE", "UNIT_OPERATOR", "VIEWER"):
        error = await gql.error(
            ESCALATE, {"input": {"complaintId": complaint["id"], "reason": "x"}}, as_=role
        )
        assert error["extensions"]["code"] == "FORBIDDEN"


async def test_an_approved_extension_moves_the_resolve_deadline(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    extension = await _request(gql, complaint["id"])
    assert extension["status"] == "PENDING" and extension["previousDueAt"] == "2026-12-08T16:00:00+00:00"
    decided = await gql.ok(
        DECIDE_EXTENSION, {"input": {"extensionId": extension["id"], "approve": True}}, as_="SUPERVISOR"
    )
    assert decided["extension"]["status"] == "APPROVED"
    assert decided["extension"]["complaint"]["resolveDueAt"] == LATER
    again = await gql.refused(
        DECIDE_EXTENSION,
        {"input": {"extensionId": extension["id"], "approve": False, "reason": "x"}},
        as_="SUPERVISOR",
    )
    assert again[0]["code"] == "ALREADY_DECIDED"


async def test_a_refused_extension_leaves_the_deadline(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    extension = await _request(gql, complaint["id"])
    no_reason = await gql.refused(
        DECIDE_EXTENSION, {"input": {"extensionId": extension["id"], "approve": False}}, as_="SUPERVISOR"
    )
    assert no_reason[0]["code"] == "REQUIRED"
    decided = await gql.ok(
        DECIDE_EXTENSION,
        {"input": {"extensionId": extension["id"], "approve": False, "reason": "理由不充分"}},
        as_="SUPERVISOR",
    )
    assert decided["extension"]["status"] == "REJECTED"
    assert decided["extension"]["decisionReason"] == "理由不充分"
    assert decided["extension"]["complaint"]["resolveDueAt"] == "2026-12-08T16:00:00+00:00"
    # After a refusal the unit may ask again.
    await _request(gql, complaint["id"], "2026-12-10T16:00:00+00:00")


async def test_extension_request_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    early = {
        "input": {
            "complaintId": complaint["id"],
            "requestedDueAt": "2026-12-01T00:00:00+00:00",
            "reason": "x",
        }
    }
    assert (await gql.refused(REQUEST_EXTENSION, early, as_="UNIT_OPERATOR"))[0]["code"] == "INVALID_DUE"
    await _request(gql, complaint["id"])
    twice = {"input": {"complaintId": complaint["id"], "requestedDueAt": LATER, "reason": "再次申请"}}
    assert (await gql.refused(REQUEST_EXTENSION, twice, as_="UNIT_OPERATOR"))[0][
        "code"
    ] == "EXTENSION_PENDING"
    done = await resolved(gql, ref="HL-2")
    late = {"input": {"complaintId": done["id"], "requestedDueAt": LATER, "reason": "x"}}
    assert (await gql.refused(REQUEST_EXTENSION, late, as_="UNIT_OPERATOR"))[0][
        "code"
    ] == "INVALID_TRANSITION"


async def test_extension_roles(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    body = {"input": {"complaintId": complaint["id"], "requestedDueAt": LATER, "reason": "x"}}
    for role in ("HOTLINE", "SUPERVISOR", "VIEWER"):
        assert (await gql.error(REQUEST_EXTENSION, body, as_=role))["extensions"]["code"] == "FORBIDDEN"
    extension = await _request(gql, complaint["id"])
    decide = {"input": {"extensionId": extension["id"], "approve": True}}
    for role in ("UNIT_OPERATOR", "HOTLINE", "VIEWER"):
        assert (await gql.error(DECIDE_EXTENSION, decide, as_=role))["extensions"]["code"] == "FORBIDDEN"
    elsewhere = await dispatched(gql, unit="DY.SPJ", ref="HL-3")
    other = {"input": {"complaintId": elsewhere["id"], "requestedDueAt": LATER, "reason": "x"}}
    # Another unit's complaint is answered exactly as a missing one.
    assert (await gql.refused(REQUEST_EXTENSION, other, as_="UNIT_OPERATOR"))[0]["code"] == "NOT_FOUND"
    escalated = await gql.ok(ESCALATE_PAYLOAD, {"input": {"complaintId": complaint["id"], "reason": "督办"}})
    assert escalated["supervisionItem"]["origins"][0]["escalatedAt"] is not None


async def test_a_refused_supervision_item_rolls_back_the_escalation(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    body = {"input": {"complaintId": complaint["id"], "reason": "超时", "dueOn": "2020-01-01"}}
    errors = await gql.refused(ESCALATE_PAYLOAD, body, as_="SUPERVISOR")
    assert errors[0]["code"] == "INVALID_DUE_DATE"
    # The escalation mark on the complaint was written first, and rolled back with the refused item.
    assert (await gql(BY_SERIAL, {"s": complaint["serialNo"]}))["complaint"]["escalatedAt"] is None
