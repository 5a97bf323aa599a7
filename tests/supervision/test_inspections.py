"""Inspections and findings: a finding opens its item, linked HAS_FINDING and OPENED_AS; interviews."""

from __future__ import annotations

from tests.helpers import count_sql

CREATE = """
mutation($input: CreateInspectionInput!) {
  createInspection(input: $input) { inspection { id title kind teamMembers units { code } } userErrors { code field } }
}
"""
FINDING = """
mutation($input: AddFindingInput!) {
  addFinding(input: $input) {
    supervisionItem { id serial source origins { id ... on Finding { description } } inspection { id } }
    userErrors { code field }
  }
}
"""
LEDGER = "query($f: SupervisionItemFilter) { supervisionItems(filter: $f) { nodes { serial } } }"
INTERVIEW = """
mutation($input: RecordInterviewInput!) {
  recordInterview(input: $input) { interview { id unit { code } reason participants } userErrors { code field } }
}
"""
INTERVIEWS = "query { interviews { nodes { unit { code } } } }"


async def _inspection(gql) -> dict:  # type: ignore[no-untyped-def]
    payload = await gql.ok(
        CREATE,
        {
            "input": {
                "title": "派出四个督查组，对12个县(市、区)优化营商环境工作开展督查",
                "kind": "INSPECTION",
                "startsOn": "2026-11-20",
                "endsOn": "2026-11-27",
                "teamMembers": ["王强", "李娜"],
                "unitCodes": ["DY.DYQ", "DY.KLQ"],
            }
        },
        as_="SUPERVISOR",
    )
    return payload["inspection"]


async def test_a_finding_opens_a_linked_item(gql) -> None:  # type: ignore[no-untyped-def]
    inspection = await _inspection(gql)
    assert [u["code"] for u in inspection["units"]] == ["DY.DYQ", "DY.KLQ"]
    finding = {
        "inspectionId": inspection["id"],
        "unitCode": "DY.DYQ",
        "description": "窗口推诿",
        "dueOn": "2026-12-15",
    }
    item = (await gql.ok(FINDING, {"input": finding}, as_="SUPERVISOR"))["supervisionItem"]
    assert item["source"] == "INSPECTION_FINDING" and item["inspection"]["id"] == inspection["id"]
    assert [o["description"] for o in item["origins"]] == ["窗口推诿"]
    ledger = (await gql(LEDGER, {"f": {"inspectionId": inspection["id"]}}))["supervisionItems"]["nodes"]
    assert ledger == [{"serial": item["serial"]}]


async def test_inspection_and_finding_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    bad_dates = {"title": "暗访", "kind": "UNANNOUNCED", "startsOn": "2026-11-20", "endsOn": "2026-11-01"}
    assert (await gql.refused(CREATE, {"input": bad_dates}))[0]["code"] == "INVALID_DATES"
    unknown = {"title": "暗访", "kind": "UNANNOUNCED", "startsOn": "2026-11-20", "unitCodes": ["NOPE"]}
    assert (await gql.refused(CREATE, {"input": unknown}))[0]["code"] == "UNKNOWN_UNIT"
    inspection = await _inspection(gql)
    finding = {
        "inspectionId": inspection["id"],
        "unitCode": "DY.DYQ",
        "description": " ",
        "dueOn": "2026-12-15",
    }
    assert (await gql.refused(FINDING, {"input": finding}))[0]["code"] == "REQUIRED"
    past = {**finding, "description": "x", "dueOn": "2026-01-01"}
    assert (await gql.refused(FINDING, {"input": past}))[0]["code"] == "INVALID_DUE_DATE"
    assert (await gql(LEDGER, {"f": None}))["supervisionItems"]["nodes"] == []
    error = await gql.error(CREATE, {"input": bad_dates}, as_="UNIT_OPERATOR")
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_interviews(gql) -> None:  # type: ignore[no-untyped-def]
    base = {
        "unitCode": "DY.KLQ",
        "heldOn": "2026-11-24",
        "reason": "REPEATED_OVERDUE",
        "participants": ["许文"],
    }
    interview = (await gql.ok(INTERVIEW, {"input": base}, as_="SUPERVISOR"))["interview"]
    assert interview["reason"] == "REPEATED_OVERDUE"
    await gql.ok(INTERVIEW, {"input": {**base, "unitCode": "DY.DYQ.XD", "reason": "LOW_RANKING"}})
    bad = {**base, "followUpDueOn": "2026-11-01"}
    assert (await gql.refused(INTERVIEW, {"input": bad}))[0]["code"] == "INVALID_DUE_DATE"
    assert (await gql.refused(INTERVIEW, {"input": {**base, "unitCode": "NO"}}))[0]["code"] == "UNKNOWN_UNIT"
    assert len((await gql(INTERVIEWS))["interviews"]["nodes"]) == 2
    assert (await gql(INTERVIEWS, as_="UNIT_OPERATOR"))["interviews"]["nodes"] == [
        {"unit": {"code": "DY.DYQ.XD"}}
    ]
    error = await gql.error(INTERVIEW, {"input": base}, as_="UNIT_OPERATOR")
    assert error["extensions"]["code"] == "FORBIDDEN"


LEDGER_DEEP = """
query {
  supervisionItems(first: 100) {
    nodes { serial responsibleUnit { code } inspection { title } origins { id } rectifications { text } extensions { reason } }
  }
}
"""


async def test_ledger_statements_do_not_grow_with_the_page(gql) -> None:  # type: ignore[no-untyped-def]
    inspection = await _inspection(gql)

    async def add(n: int) -> None:
        for i in range(n):
            finding = {
                "inspectionId": inspection["id"],
                "unitCode": "DY.DYQ",
                "description": f"问题{i}",
                "dueOn": "2026-12-15",
            }
            await gql.ok(FINDING, {"input": finding})

    await add(2)
    with count_sql() as few:
        assert len((await gql(LEDGER_DEEP))["supervisionItems"]["nodes"]) == 2
    await add(5)
    with count_sql() as many:
        assert len((await gql(LEDGER_DEEP))["supervisionItems"]["nodes"]) == 7
    assert 0 < many.count == few.count
