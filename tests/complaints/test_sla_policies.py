"""SLA policies: the seeded "2110"/"2115", upsert (ADMIN), and provisional deadlines recomputed on load."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.complaints.queries import BY_SERIAL, DISPATCH, received

POLICIES = "{ slaPolicies { code name stages { stage amount unit } } }"
UPSERT = """
mutation($input: UpsertSlaPolicyInput!) {
  upsertSlaPolicy(input: $input) { slaPolicy { code name version stages { stage amount unit } } userErrors { field code } }
}
"""
LOAD = """
mutation($input: LoadCalendarInput!) { loadCalendar(input: $input) { userErrors { code } } }
"""
LIMITS = {
    "contact": {"amount": 1, "unit": "HOURS"},
    "reply": {"amount": 5, "unit": "CALENDAR_DAYS"},
    "resolve": {"amount": 15, "unit": "WORKING_DAYS"},
}


async def test_seeded_policies(gql) -> None:  # type: ignore[no-untyped-def]
    policies = (await gql(POLICIES, as_="VIEWER"))["slaPolicies"]
    assert [p["code"] for p in policies] == ["2110", "2115"]
    assert policies[0]["stages"] == [
        {"stage": "CONTACT", "amount": 2, "unit": "HOURS"},
        {"stage": "REPLY", "amount": 1, "unit": "WORKING_DAYS"},
        {"stage": "RESOLVE", "amount": 10, "unit": "WORKING_DAYS"},
    ]
    assert policies[1]["stages"][2] == {"stage": "RESOLVE", "amount": 15, "unit": "WORKING_DAYS"}


async def test_upsert_adds_and_changes_a_policy(gql) -> None:  # type: ignore[no-untyped-def]
    made = await gql.ok(UPSERT, {"input": {"code": "1515", "name": "某市“1、5、15”机制", **LIMITS}})
    assert made["slaPolicy"]["version"] == 1
    complaint = await received(gql)
    payload = await gql.ok(
        DISPATCH, {"input": {"complaintId": complaint["id"], "unitCode": "DY.SPJ", "policyCode": "1515"}}
    )
    assert payload["complaint"]["contactDueAt"] == "2026-11-24T03:00:00+00:00"
    # 5 calendar days end on Sunday 11-29, a rest day, so the period runs to Monday.
    assert payload["complaint"]["replyDueAt"] == "2026-11-30T16:00:00+00:00"
    changed = await gql.ok(
        UPSERT, {"input": {"code": "1515", "name": "改名", **LIMITS, "expectedVersion": 1}}
    )
    assert (changed["slaPolicy"]["name"], changed["slaPolicy"]["version"]) == ("改名", 2)
    stale = await gql(UPSERT, {"input": {"code": "1515", "name": "x", **LIMITS, "expectedVersion": 1}})
    assert stale["upsertSlaPolicy"]["userErrors"][0]["code"] == "STALE_VERSION"


async def test_upsert_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    bad = {**LIMITS, "resolve": {"amount": 0, "unit": "WORKING_DAYS"}}
    errors = await gql.refused(UPSERT, {"input": {"code": "X", "name": "x", **bad}})
    assert (errors[0]["code"], errors[0]["field"]) == ("INVALID_AMOUNT", ["input", "resolveAmount"])
    errors = await gql.refused(UPSERT, {"input": {"code": " ", "name": "x", **LIMITS}})
    assert errors[0]["code"] == "INVALID_CODE"
    errors = await gql.refused(UPSERT, {"input": {"code": "X", "name": "", **LIMITS}})
    assert errors[0]["code"] == "REQUIRED"
    for role in ("SUPERVISOR", "HOTLINE", "UNIT_OPERATOR"):
        error = await gql.error(UPSERT, {"input": {"code": "X", "name": "x", **LIMITS}}, as_=role)
        assert error["extensions"]["code"] == "FORBIDDEN"


async def test_provisional_deadlines_are_recomputed_when_the_year_is_loaded(gql, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 12, 28, 2, 0, tzinfo=UTC))  # Monday; 15 working days reach into 2027
    complaint = await received(gql)
    payload = await gql.ok(
        DISPATCH, {"input": {"complaintId": complaint["id"], "unitCode": "DY.SPJ", "policyCode": "2115"}}
    )
    assert payload["complaint"]["deadlineProvisional"] is True
    assert payload["complaint"]["resolveDueAt"] == "2027-01-18T16:00:00+00:00"  # weekends only
    days = [{"date": "2027-01-01", "isWorkday": False, "name": "元旦"}]
    assert (await gql(LOAD, {"input": {"year": 2027, "days": days}}))["loadCalendar"]["userErrors"] == []
    after = (await gql(BY_SERIAL, {"s": complaint["serialNo"]}))["complaint"]
    assert after["deadlineProvisional"] is False
    assert after["resolveDueAt"] == "2027-01-19T16:00:00+00:00"
    assert after["events"][-1]["kind"] == "DEADLINES_RECOMPUTED"
