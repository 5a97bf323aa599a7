"""trace: the same chain from either end, one time-ordered timeline, redaction by role, limits, SQL per hop."""

from __future__ import annotations

from datetime import UTC, datetime

from models.link import Link, LinkRelation
from models.supervision import Finding
from models.unit import Unit
from resolvers.events import record_event
from schema.node import decode_id
from tests.helpers import count_sql

TRACE = """
query($id: ID!) {
  trace(id: $id) {
    root { id }
    nodes { id __typename }
    edges { from to relation at }
    timeline { id subjectId kind summary actor actorRole at data }
  }
}
"""
INSPECTION = """
mutation($input: CreateInspectionInput!) { createInspection(input: $input) { inspection { id } userErrors { code } } }
"""
FINDING = """
mutation($input: AddFindingInput!) { addFinding(input: $input) { supervisionItem { id } userErrors { code } } }
"""
SUBMIT = """
mutation($input: SubmitRectificationInput!) { submitRectification(input: $input) { userErrors { code } } }
"""
VERIFY = """
mutation($input: VerifyRectificationInput!) { verifyRectification(input: $input) { userErrors { code } } }
"""
TRANSFER = (
    "mutation($input: TransferClueInput!) { transferClue(input: $input) { clue { id } userErrors { code } } }"
)
FILE = "mutation($input: FileCaseInput!) { fileCase(input: $input) { case { id } userErrors { code } } }"
SANCTION = """
mutation($input: RecordSanctionInput!) {
  recordSanction(input: $input) { case { sanctions { id } } userErrors { code } }
}
"""
RECOMMEND = """
mutation($input: IssueRecommendationInput!) {
  issueRecommendation(input: $input) { case { recommendations { id } } userErrors { code } }
}
"""


async def _chain(gql, clock, scope, sanctions: int = 2) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Inspection → Finding → SupervisionItem (rejected once) → Clue → Case → sanctions + recommendation."""
    ids: dict[str, str] = {}
    inspection = {"title": "回头看", "kind": "FOLLOW_UP", "startsOn": "2026-11-20", "unitCodes": ["DY.DYQ"]}
    ids["inspection"] = (await gql.ok(INSPECTION, {"input": inspection}))["inspection"]["id"]
    clock.advance(hours=1)
    finding = {
        "inspectionId": ids["inspection"],
        "unitCode": "DY.DYQ",
        "description": "承诺未兑现",
        "dueOn": "2026-12-01",
    }
    ids["item"] = (await gql.ok(FINDING, {"input": finding}))["supervisionItem"]["id"]
    clock.advance(hours=1)
    await gql.ok(SUBMIT, {"input": {"itemId": ids["item"], "text": "已整改"}}, as_="UNIT_OPERATOR")
    clock.advance(hours=1)
    await gql.ok(VERIFY, {"input": {"itemId": ids["item"], "accept": False, "reason": "未见实效"}})
    clock.advance(hours=1)
    await record_event(
        scope, "SupervisionItem", int(_pk(ids["item"])), "REMINDED", "提醒 (reminded in a digest)"
    )
    clock.advance(hours=1)
    clue = {
        "source": "SUPERVISION_ITEM",
        "summary": "慢作为",
        "receivedOn": "2026-11-24",
        "originIds": [ids["item"]],
    }
    ids["clue"] = (await gql.ok(TRANSFER, {"input": clue}, as_="INSPECTOR"))["clue"]["id"]
    clock.advance(hours=1)
    filed = {"clueId": ids["clue"], "title": "慢作为案", "filedOn": "2026-11-24"}
    ids["case"] = (await gql.ok(FILE, {"input": filed}))["case"]["id"]
    for n in range(sanctions):
        clock.advance(minutes=10)
        form = "FORM_1" if n % 2 == 0 else "FORM_2"
        sanction = {
            "caseId": ids["case"],
            "form": form,
            "decidedOn": "2026-11-24",
            "documentNo": f"东纪〔2026〕{n}号",
            "personName": f"干部{n}",
            "measure": "诫勉",
        }
        await gql.ok(SANCTION, {"input": sanction})
    clock.advance(hours=1)
    rec = {"caseId": ids["case"], "unitCode": "DY.DYQ", "content": "建立台账", "replyDueOn": "2026-12-31"}
    ids["recommendation"] = (await gql.ok(RECOMMEND, {"input": rec}))["case"]["recommendations"][0]["id"]
    return ids


def _pk(gid: str) -> str:
    return str(decode_id(gid)[1])


async def test_the_chain_is_the_same_from_either_end(gql, clock, scope) -> None:  # type: ignore[no-untyped-def]
    ids = await _chain(gql, clock, scope)
    from_top = (await gql(TRACE, {"id": ids["inspection"]}, as_="INSPECTOR"))["trace"]
    from_end = (await gql(TRACE, {"id": ids["recommendation"]}, as_="INSPECTOR"))["trace"]
    assert from_top["root"]["id"] == ids["inspection"] and from_end["root"]["id"] == ids["recommendation"]
    types = sorted(n["__typename"] for n in from_top["nodes"])
    assert types == sorted(
        ["Inspection", "Finding", "SupervisionItem", "Clue", "Case", "Sanction", "Sanction", "Recommendation"]
    )
    assert {n["id"] for n in from_top["nodes"]} == {n["id"] for n in from_end["nodes"]}
    relations = sorted(e["relation"] for e in from_top["edges"])
    assert relations == sorted(
        ["HAS_FINDING", "OPENED_AS", "TRANSFERRED_TO", "FILED_AS", "SANCTIONED", "SANCTIONED", "RECOMMENDED"]
    )
    assert {(e["from"], e["to"]) for e in from_top["edges"]} == {
        (e["from"], e["to"]) for e in from_end["edges"]
    }
    timeline = from_top["timeline"]
    assert timeline == from_end["timeline"]
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
    kinds = [e["kind"] for e in timeline]
    assert kinds[:3] == ["CREATED", "RECORDED", "OPENED"]
    assert {"RECTIFICATION_REJECTED", "REMINDED", "TRANSFERRED", "FILED", "DECIDED", "ISSUED"} <= set(kinds)
    assert {e["subjectId"] for e in timeline} <= {n["id"] for n in from_top["nodes"]}


async def test_a_non_inspector_sees_the_chain_stop_before_discipline(gql, clock, scope) -> None:  # type: ignore[no-untyped-def]
    ids = await _chain(gql, clock, scope)
    for role in ("SUPERVISOR", "VIEWER"):
        trace = (await gql(TRACE, {"id": ids["inspection"]}, as_=role))["trace"]
        assert {n["__typename"] for n in trace["nodes"]} == {"Inspection", "Finding", "SupervisionItem"}
        assert sorted(e["relation"] for e in trace["edges"]) == ["HAS_FINDING", "OPENED_AS"]
        kinds = {e["kind"] for e in trace["timeline"]}
        assert not kinds & {"TRANSFERRED", "FILED", "DECIDED", "ISSUED", "DISPOSED"}
        assert "Clue" not in str(trace) and "Case" not in str(trace)
        error = await gql.error(TRACE, {"id": ids["case"]}, as_=role)
        assert error["extensions"]["code"] == "FORBIDDEN"


async def test_statements_do_not_grow_with_the_chain(gql, clock, scope) -> None:  # type: ignore[no-untyped-def]
    small = await _chain(gql, clock, scope, sanctions=2)
    with count_sql() as few:
        await gql(TRACE, {"id": small["inspection"]}, as_="INSPECTOR")
    clock.set(datetime(2026, 11, 24, 2, tzinfo=UTC))
    large = await _chain(gql, clock, scope, sanctions=8)
    with count_sql() as many:
        trace = (await gql(TRACE, {"id": large["inspection"]}, as_="INSPECTOR"))["trace"]
    assert len(trace["nodes"]) == 14
    assert 0 < many.count == few.count


async def _findings(inspection_id: int, n: int, at: datetime) -> list[int]:
    """`n` real findings of the inspection: the walk stops at rows that do not exist, as at hidden ones."""
    unit = await Unit.all().order_by("id").first()
    assert unit is not None
    rows = [
        Finding(
            inspection_id=inspection_id,
            unit_id=unit.id,
            description=f"发现 {k}",
            found_at=at,
            recorded_by="t",
        )
        for k in range(n)
    ]
    await Finding.bulk_create(rows)
    return list(await Finding.filter(recorded_by="t").order_by("id").values_list("id", flat=True))


async def test_limits(gql, clock, scope) -> None:  # type: ignore[no-untyped-def]
    ids = await _chain(gql, clock, scope, sanctions=0)
    root = int(_pk(ids["inspection"]))
    at = clock()
    chain = await _findings(root, 15, at)
    deep = [
        Link(
            from_type="Finding",
            from_id=chain[n],
            to_type="Finding",
            to_id=chain[n + 1],
            relation=LinkRelation.OPENED_AS,
            at=at,
            actor="t",
        )
        for n in range(14)
    ]
    deep.append(
        Link(
            from_type="Inspection",
            from_id=root,
            to_type="Finding",
            to_id=chain[0],
            relation=LinkRelation.HAS_FINDING,
            at=at,
            actor="t",
        )
    )
    await Link.bulk_create(deep)
    error = await gql.error(TRACE, {"id": ids["inspection"]})
    assert error["extensions"]["code"] == "TRACE_TOO_LARGE"
    await Link.filter(actor="t").delete()
    await Finding.filter(recorded_by="t").delete()
    many = await _findings(root, 501, at)
    wide = [
        Link(
            from_type="Inspection",
            from_id=root,
            to_type="Finding",
            to_id=many[n],
            relation=LinkRelation.HAS_FINDING,
            at=at,
            actor="t",
        )
        for n in range(501)
    ]
    await Link.bulk_create(wide)
    error = await gql.error(TRACE, {"id": ids["inspection"]})
    assert error["extensions"]["code"] == "TRACE_TOO_LARGE"
    await Link.filter(actor="t").delete()
    assert len((await gql(TRACE, {"id": ids["inspection"]}))["trace"]["nodes"]) == 6
