"""Intake: serial numbers, idempotency on (channel, externalRef) even under concurrency, refusals."""

from __future__ import annotations

import asyncio

import pytest

from tests.complaints.queries import CODES, LIST, RECEIVE, REGISTER, new_complaint, received


async def test_serials_are_per_day_and_gap_free(gql, clock) -> None:  # type: ignore[no-untyped-def]
    first = await received(gql, "A1")
    second = await received(gql, "A2")
    refused = await gql.refused(RECEIVE, new_complaint("A3", title=" "), as_="HOTLINE")
    assert refused[0]["code"] == "REQUIRED"
    third = await received(gql, "A4")
    clock.advance(days=1)
    next_day = await received(gql, "A5")
    assert [c["serialNo"] for c in (first, second, third, next_day)] == [
        "QY202611240001",
        "QY202611240002",
        "QY202611240003",
        "QY202611250001",
    ]


async def test_serial_day_is_the_local_day_of_receipt(gql, clock) -> None:  # type: ignore[no-untyped-def]
    # 2026-11-24 17:00 UTC is already 11-25 01:00 in Shanghai.
    clock.advance(hours=20)
    complaint = await received(gql, "B1", receivedAt="2026-11-24T17:00:00+00:00")
    assert complaint["serialNo"] == "QY202611250001"


async def test_same_channel_and_ref_returns_the_same_complaint(gql) -> None:  # type: ignore[no-untyped-def]
    first = await received(gql, "HL-9")
    again = await received(gql, "HL-9")
    assert again["id"] == first["id"]
    other_channel = await gql.ok(RECEIVE, new_complaint("HL-9", channel="ONLINE_PLATFORM"), as_="HOTLINE")
    assert other_channel["complaint"]["id"] != first["id"]
    assert (await gql(LIST))["complaints"]["totalCount"] == 2


async def test_twenty_concurrent_identical_requests_make_one_complaint(gql) -> None:  # type: ignore[no-untyped-def]
    results = await asyncio.gather(
        *(gql.raw(RECEIVE, new_complaint("HL-RACE"), as_="HOTLINE") for _ in range(20))
    )
    ids = set()
    for body in results:
        assert not body.get("errors"), body
        payload = body["data"]["receiveComplaint"]
        assert payload["userErrors"] == []
        ids.add(payload["complaint"]["id"])
    assert len(ids) == 1
    listed = (await gql(LIST))["complaints"]
    assert listed["totalCount"] == 1 and listed["nodes"][0]["serialNo"] == "QY202611240001"


async def test_concurrent_distinct_requests_get_distinct_gap_free_serials(gql) -> None:  # type: ignore[no-untyped-def]
    results = await asyncio.gather(
        *(gql.raw(RECEIVE, new_complaint(f"HL-{n}"), as_="HOTLINE") for n in range(10))
    )
    serials = sorted(r["data"]["receiveComplaint"]["complaint"]["serialNo"] for r in results)
    assert serials == [f"QY20261124{n:04d}" for n in range(1, 11)]


async def test_existing_enterprise_by_id_or_credit_code(gql) -> None:  # type: ignore[no-untyped-def]
    enterprise = (await gql.ok(REGISTER, {"input": {"name": "东营瑞达", "creditCode": CODES[1]}}))[
        "enterprise"
    ]
    body = new_complaint("C1")["input"]
    del body["newEnterprise"]
    by_id = await gql.ok(RECEIVE, {"input": {**body, "enterpriseId": enterprise["id"]}}, as_="HOTLINE")
    by_code = await gql.ok(
        RECEIVE, {"input": {**body, "externalRef": "C2", "creditCode": CODES[1]}}, as_="HOTLINE"
    )
    inline = await gql.ok(RECEIVE, new_complaint("C3", code=CODES[1]), as_="HOTLINE")
    names = {p["complaint"]["enterprise"]["name"] for p in (by_id, by_code, inline)}
    assert names == {"东营瑞达"}


@pytest.mark.parametrize(
    ("patch", "code", "field"),
    [
        (
            {"newEnterprise": {"name": "某公司", "creditCode": "91370502MA3C4ELX70"}},
            "INVALID_CREDIT_CODE",
            ["input", "newEnterprise", "creditCode"],
        ),
        ({"newEnterprise": None}, "ENTERPRISE_REQUIRED", ["input", "enterpriseId"]),
        ({"newEnterprise": None, "creditCode": CODES[3]}, "UNKNOWN_ENTERPRISE", ["input", "enterpriseId"]),
        ({"content": ""}, "REQUIRED", ["input", "content"]),
        ({"externalRef": "  "}, "REQUIRED", ["input", "externalRef"]),
        ({"receivedAt": "2026-11-25T00:00:00+00:00"}, "INVALID_TIME", ["input", "receivedAt"]),
    ],
)
async def test_refusals_write_nothing(gql, patch, code, field) -> None:  # type: ignore[no-untyped-def]
    body = {**new_complaint("R1")["input"], **patch}
    errors = await gql.refused(RECEIVE, {"input": body}, as_="HOTLINE")
    assert (errors[0]["code"], errors[0]["field"]) == (code, field)
    assert (await gql(LIST))["complaints"]["totalCount"] == 0


async def test_only_hotline_and_admin_receive(gql) -> None:  # type: ignore[no-untyped-def]
    for role in ("UNIT_OPERATOR", "SUPERVISOR", "VIEWER", "INSPECTOR"):
        error = await gql.error(RECEIVE, new_complaint("F1"), as_=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
