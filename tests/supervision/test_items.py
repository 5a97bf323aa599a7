"""Supervision items: open, report, verify (accept / reject), extend; refusals, roles, the unit subtree."""

from __future__ import annotations

import pytest

ITEM_FIELDS = "supervisionItem { id serial status dueOn version responsibleUnit { code } rectifications { verdict verdictReason } extensions { newDueOn reason } } userErrors { code field message }"
OPEN = f"mutation($input: OpenSupervisionItemInput!) {{ openSupervisionItem(input: $input) {{ {ITEM_FIELDS} }} }}"
SUBMIT = f"mutation($input: SubmitRectificationInput!) {{ submitRectification(input: $input) {{ {ITEM_FIELDS} }} }}"
VERIFY = f"mutation($input: VerifyRectificationInput!) {{ verifyRectification(input: $input) {{ {ITEM_FIELDS} }} }}"
EXTEND = f"mutation($input: ExtendSupervisionItemInput!) {{ extendSupervisionItem(input: $input) {{ {ITEM_FIELDS} }} }}"
LEDGER = "query($f: SupervisionItemFilter) { supervisionItems(filter: $f, first: 100) { totalCount nodes { serial status } } }"
TIMELINE = "query($id: ID!) { trace(id: $id) { timeline { kind actor } } }"


def _open_input(**patch: object) -> dict[str, object]:
    return {
        "title": "营商环境投诉办理超时",
        "responsibleUnitCode": "DY.DYQ.XD",
        "dueOn": "2026-12-10",
        "source": "LEADER_INSTRUCTION",
        "level": "KEY",
        **patch,
    }


async def _open(gql, **patch) -> dict:  # type: ignore[no-untyped-def]
    return (await gql.ok(OPEN, {"input": _open_input(**patch)}, as_="SUPERVISOR"))["supervisionItem"]


async def test_open_report_reject_report_accept(gql) -> None:  # type: ignore[no-untyped-def]
    item = await _open(gql)
    assert item["serial"] == "DB2026-0001" and item["status"] == "OPEN"
    assert (await _open(gql))["serial"] == "DB2026-0002"
    report = {"itemId": item["id"], "text": "已整改", "measures": "专人负责", "evidence": ["文件1"]}
    item = (await gql.ok(SUBMIT, {"input": report}, as_="UNIT_OPERATOR"))["supervisionItem"]
    assert item["status"] == "REPORTED"
    reject = {"itemId": item["id"], "accept": False, "reason": "佐证不足"}
    item = (await gql.ok(VERIFY, {"input": reject}, as_="SUPERVISOR"))["supervisionItem"]
    assert item["status"] == "RECTIFYING"
    assert item["rectifications"] == [{"verdict": "REJECTED", "verdictReason": "佐证不足"}]
    item = (await gql.ok(SUBMIT, {"input": report}, as_="UNIT_OPERATOR"))["supervisionItem"]
    item = (await gql.ok(VERIFY, {"input": {"itemId": item["id"], "accept": True}}, as_="SUPERVISOR"))[
        "supervisionItem"
    ]
    assert item["status"] == "CLOSED"
    assert [r["verdict"] for r in item["rectifications"]] == ["REJECTED", "ACCEPTED"]
    kinds = [e["kind"] for e in (await gql(TIMELINE, {"id": item["id"]}))["trace"]["timeline"]]
    assert kinds == [
        "OPENED",
        "RECTIFICATION_SUBMITTED",
        "RECTIFICATION_REJECTED",
        "RECTIFICATION_SUBMITTED",
        "RECTIFICATION_ACCEPTED",
    ]


@pytest.mark.parametrize(
    ("patch", "code", "field"),
    [
        ({"title": " "}, "REQUIRED", "title"),
        ({"responsibleUnitCode": "NOPE"}, "UNKNOWN_UNIT", "responsibleUnitCode"),
        ({"supervisingUnitCode": "NOPE"}, "UNKNOWN_UNIT", "supervisingUnitCode"),
        ({"dueOn": "2026-11-01"}, "INVALID_DUE_DATE", "dueOn"),
    ],
)
async def test_open_refusals_write_nothing(gql, patch, code, field) -> None:  # type: ignore[no-untyped-def]
    errors = await gql.refused(OPEN, {"input": _open_input(**patch)})
    assert (errors[0]["code"], errors[0]["field"]) == (code, ["input", field])
    assert (await gql(LEDGER))["supervisionItems"]["totalCount"] == 0
    assert (await _open(gql))["serial"] == "DB2026-0001"  # the refused one took no number


async def test_refused_transitions(gql) -> None:  # type: ignore[no-untyped-def]
    item = await _open(gql)
    accept = {"itemId": item["id"], "accept": True}
    assert (await gql.refused(VERIFY, {"input": accept}))[0]["code"] == "INVALID_TRANSITION"  # OPEN
    await gql.ok(SUBMIT, {"input": {"itemId": item["id"], "text": "已整改"}})
    report = {"itemId": item["id"], "text": "再报"}
    assert (await gql.refused(SUBMIT, {"input": report}))[0]["code"] == "INVALID_TRANSITION"  # REPORTED
    reject = {"itemId": item["id"], "accept": False, "reason": "  "}
    assert (await gql.refused(VERIFY, {"input": reject}))[0]["code"] == "REASON_REQUIRED"
    await gql.ok(VERIFY, {"input": accept})
    assert (await gql.refused(SUBMIT, {"input": report}))[0]["code"] == "INVALID_TRANSITION"  # CLOSED
    assert (await gql.refused(VERIFY, {"input": accept}))[0]["code"] == "INVALID_TRANSITION"
    extend = {"itemId": item["id"], "newDueOn": "2026-12-31", "reason": "x"}
    assert (await gql.refused(EXTEND, {"input": extend}))[0]["code"] == "INVALID_TRANSITION"


async def test_submit_needs_text_and_a_known_item(gql) -> None:  # type: ignore[no-untyped-def]
    item = await _open(gql)
    assert (await gql.refused(SUBMIT, {"input": {"itemId": item["id"], "text": ""}}))[0]["code"] == "REQUIRED"
    stale = {"itemId": item["id"], "text": "x", "expectedVersion": 7}
    assert (await gql.refused(SUBMIT, {"input": stale}))[0]["code"] == "STALE_VERSION"


async def test_extension_is_recorded(gql) -> None:  # type: ignore[no-untyped-def]
    item = await _open(gql)
    extend = {"itemId": item["id"], "newDueOn": "2026-12-31", "reason": "涉及多部门协调"}
    item = (await gql.ok(EXTEND, {"input": extend}))["supervisionItem"]
    assert item["dueOn"] == "2026-12-31"
    assert item["extensions"] == [{"newDueOn": "2026-12-31", "reason": "涉及多部门协调"}]
    earlier = {**extend, "newDueOn": "2026-12-20"}
    assert (await gql.refused(EXTEND, {"input": earlier}))[0]["code"] == "INVALID_DUE_DATE"
    assert (await gql.refused(EXTEND, {"input": {**extend, "reason": ""}}))[0]["code"] == "REQUIRED"


async def test_roles_and_the_unit_subtree(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(OPEN, {"input": _open_input()}, as_="UNIT_OPERATOR")
    assert error["extensions"]["code"] == "FORBIDDEN"
    mine = await _open(gql)
    other = await _open(gql, responsibleUnitCode="DY.KLQ")
    # Another unit's item is answered exactly as a missing one, by mutations and by `node`.
    refused = await gql.refused(SUBMIT, {"input": {"itemId": other["id"], "text": "x"}}, as_="UNIT_OPERATOR")
    assert refused[0]["code"] == "NOT_FOUND"
    error = await gql.error(SUBMIT, {"input": {"itemId": mine["id"], "text": "x"}}, as_="SUPERVISOR")
    assert error["extensions"]["code"] == "FORBIDDEN"
    seen = (await gql(LEDGER, as_="UNIT_OPERATOR"))["supervisionItems"]["nodes"]
    assert [n["serial"] for n in seen] == [mine["serial"]]
    node = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": other["id"]}, as_="UNIT_OPERATOR")
    assert node == {"node": None}


async def test_ledger_filters(gql) -> None:  # type: ignore[no-untyped-def]
    a = await _open(gql, dueOn="2026-12-01", level="ORDINARY")
    b = await _open(gql, responsibleUnitCode="DY.KLQ.KL", dueOn="2026-12-20", source="MEDIA_REPORT")
    await gql.ok(SUBMIT, {"input": {"itemId": b["id"], "text": "x"}})

    async def serials(f: dict) -> list[str]:
        return [n["serial"] for n in (await gql(LEDGER, {"f": f}))["supervisionItems"]["nodes"]]

    assert await serials({"unitCode": "DY.KLQ"}) == [b["serial"]]
    assert await serials({"unitCode": "DY.KLQ", "includeDescendants": False}) == []
    assert await serials({"status": ["REPORTED"]}) == [b["serial"]]
    assert await serials({"level": ["ORDINARY"]}) == [a["serial"]]
    assert await serials({"source": ["MEDIA_REPORT"]}) == [b["serial"]]
    assert await serials({"dueFrom": "2026-12-10", "dueTo": "2026-12-31"}) == [b["serial"]]
    assert await serials({"overdue": False}) == [a["serial"], b["serial"]]
    assert await serials({"overdue": True}) == []
