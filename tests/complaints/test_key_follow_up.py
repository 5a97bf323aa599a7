"""重点推进: the mark on complaints visited unsatisfied or unsolved, its filter, and the follow-up list."""

from __future__ import annotations

from typing import Any

from tests.complaints.queries import CONTACT, REPLY, RESOLVE, dispatched, resolved, step
from tests.complaints.readme import readme_example

MARK = "id serialNo status needsFollowUp followUpReasons handlingUnit { code }"
FOLLOW_UPS = f"""
query($f: ComplaintFilter, $first: Int, $after: String) {{
  keyFollowUps(filter: $f, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {MARK} }}
  }}
}}
"""


def _mutation(name: str, input_type: str) -> str:
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{ complaint {{ {MARK} }} userErrors {{ field message code }} }}
}}
"""


VISIT = _mutation("recordReturnVisit", "RecordReturnVisitInput")
REOPEN = _mutation("reopenComplaint", "ReopenComplaintInput")
LIST = f"""
query($f: ComplaintFilter) {{ complaints(filter: $f, first: 100) {{ totalCount nodes {{ {MARK} }} }} }}
"""


async def _visit(gql: Any, complaint_id: str, satisfaction: str, solved: bool, **extra: Any) -> dict:
    return await step(
        gql, VISIT, complaint_id, as_="HOTLINE", satisfaction=satisfaction, problemSolved=solved, **extra
    )


async def _resolved_at(gql: Any, unit: str, ref: str) -> dict:
    """Resolved by a unit outside the test operator's county (the admin acts for it)."""
    complaint = await dispatched(gql, unit=unit, ref=ref)
    await step(gql, CONTACT, complaint["id"], as_="ADMIN")
    await step(gql, REPLY, complaint["id"], as_="ADMIN", note="已答复")
    return await step(gql, RESOLVE, complaint["id"], as_="ADMIN", handlingResult="已办", isReasonable=True)


async def _serials(gql: Any, doc: str, field: str, as_: str = "SUPERVISOR", **variables: Any) -> list[str]:
    return [n["serialNo"] for n in (await gql(doc, variables, as_=as_))[field]["nodes"]]


async def test_unsatisfied_or_unsolved_visits_mark_the_complaint(gql, clock) -> None:  # type: ignore[no-untyped-def]
    unsatisfied = await resolved(gql, ref="HL-1")
    unsolved = await resolved(gql, ref="HL-2")
    content = await resolved(gql, ref="HL-3")
    open_one = await dispatched(gql, ref="HL-4")
    marked = await _visit(gql, unsatisfied["id"], "UNSATISFIED", True)
    assert (marked["status"], marked["needsFollowUp"], marked["followUpReasons"]) == (
        "VISITED",
        True,
        ["UNSATISFIED"],
    )
    clock.advance(hours=1)
    # Basically satisfied closes the complaint by default, but an unsolved problem still marks it.
    closed = await _visit(gql, unsolved["id"], "BASICALLY_SATISFIED", False)
    assert (closed["status"], closed["needsFollowUp"], closed["followUpReasons"]) == (
        "CLOSED",
        True,
        ["UNSOLVED"],
    )
    fine = await _visit(gql, content["id"], "SATISFIED", True)
    assert (fine["needsFollowUp"], fine["followUpReasons"]) == (False, [])
    both = await _visit(gql, (await resolved(gql, ref="HL-5"))["id"], "UNSATISFIED", False, close=True)
    assert (both["status"], both["followUpReasons"]) == ("CLOSED", ["UNSATISFIED", "UNSOLVED"])

    expected = [unsatisfied["serialNo"], unsolved["serialNo"], both["serialNo"]]
    # The list: oldest visit first (HL-1 visited an hour before HL-2 and HL-5).
    assert await _serials(gql, FOLLOW_UPS, "keyFollowUps") == expected
    assert sorted(await _serials(gql, LIST, "complaints", f={"followUp": True})) == sorted(expected)
    # Not marked: the satisfied one and those never visited (no verdict is no mark).
    rest = await _serials(gql, LIST, "complaints", f={"followUp": False})
    assert sorted(rest) == sorted([content["serialNo"], open_one["serialNo"]])
    # The list keeps its own condition: a followUp filter cannot turn it into the unmarked rows.
    assert await _serials(gql, FOLLOW_UPS, "keyFollowUps", f={"followUp": False}) == expected
    closed_only = await _serials(gql, FOLLOW_UPS, "keyFollowUps", f={"status": ["CLOSED"]})
    assert closed_only == [unsolved["serialNo"], both["serialNo"]]


async def test_a_reopen_keeps_the_mark_and_a_good_visit_clears_it(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await resolved(gql)
    await _visit(gql, complaint["id"], "UNSATISFIED", False)
    reopened = await step(gql, REOPEN, complaint["id"], as_="HOTLINE", reason="企业不满意")
    assert (reopened["status"], reopened["needsFollowUp"]) == ("REOPENED", True)
    assert await _serials(gql, FOLLOW_UPS, "keyFollowUps") == [complaint["serialNo"]]
    clock.advance(days=2)
    await step(gql, RESOLVE, complaint["id"], handlingResult="已重新协调", isReasonable=True)
    cleared = await _visit(gql, complaint["id"], "SATISFIED", True)
    assert (cleared["status"], cleared["needsFollowUp"]) == ("CLOSED", False)
    assert await _serials(gql, FOLLOW_UPS, "keyFollowUps") == []


async def test_the_list_pages_and_keeps_the_row_rule(gql, clock) -> None:  # type: ignore[no-untyped-def]
    own = await resolved(gql, ref="HL-1")
    await _visit(gql, own["id"], "UNSATISFIED", True)
    clock.advance(hours=1)
    elsewhere = await _resolved_at(gql, "DY.SPJ", "HL-2")
    await _visit(gql, elsewhere["id"], "UNSATISFIED", True)
    first = (await gql(FOLLOW_UPS, {"first": 1}, as_="SUPERVISOR"))["keyFollowUps"]
    assert first["totalCount"] == 2 and first["pageInfo"]["hasNextPage"]
    assert [n["serialNo"] for n in first["nodes"]] == [own["serialNo"]]
    after = first["pageInfo"]["endCursor"]
    second = (await gql(FOLLOW_UPS, {"first": 1, "after": after}, as_="SUPERVISOR"))["keyFollowUps"]
    assert [n["serialNo"] for n in second["nodes"]] == [elsewhere["serialNo"]]
    assert not second["pageInfo"]["hasNextPage"]
    # The unit operator of 东营区 sees its own county's complaint only, exactly as in `complaints`.
    operator = (await gql(FOLLOW_UPS, {}, as_="UNIT_OPERATOR"))["keyFollowUps"]
    assert operator["totalCount"] == 1
    assert [n["handlingUnit"]["code"] for n in operator["nodes"]] == ["DY.DYQ.XD"]
    by_unit = await _serials(gql, FOLLOW_UPS, "keyFollowUps", f={"unitCode": "DY.SPJ"})
    assert by_unit == [elsewhere["serialNo"]]


async def test_the_readme_example_answers(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await resolved(gql)
    await _visit(gql, complaint["id"], "UNSATISFIED", False)
    answer = (await gql(readme_example("keyFollowUps"), as_="SUPERVISOR"))["keyFollowUps"]
    assert answer["totalCount"] == 1
    assert answer["nodes"][0]["followUpReasons"] == ["UNSATISFIED", "UNSOLVED"]
