"""好差评: ratings of resolved complaints, the "1、5、15" rectification of a 差评, and 好评率 / 差评按期整改率."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from schema.node import encode_id
from tests.complaints.queries import CONTACT, REPLY, RESOLVE, dispatched, resolved, step
from tests.complaints.readme import readme_example

RATING = """id score isBad comment verifyDueAt verifiedAt verifyInTime isComplex rectifyDueAt rectifiedAt
  rectifyInTime isOverdue version unit { code } complaint { serialNo rating { id } }"""


def _mutation(name: str, input_type: str) -> str:
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{ rating {{ {RATING} }} userErrors {{ field message code }} }}
}}
"""


RATE = _mutation("rateComplaint", "RateComplaintInput")
VERIFY = _mutation("verifyRating", "VerifyRatingInput")
RECTIFY = _mutation("rectifyRating", "RectifyRatingInput")
STATS = """
query($from: Date!, $to: Date!, $unit: String) {
  ratingStats(from: $from, to: $to, unitCode: $unit) {
    rated good bad goodRate badDue rectifiedInTime rectifiedOnTimeRate
  }
}
"""


async def _rate(gql: Any, complaint_id: str, score: int, **extra: Any) -> dict:
    body = {"input": {"complaintId": complaint_id, "score": score, **extra}}
    return (await gql.ok(RATE, body, as_="HOTLINE"))["rating"]


async def _on(gql: Any, doc: str, rating_id: str, as_: str = "UNIT_OPERATOR", **fields: Any) -> dict:
    return (await gql.ok(doc, {"input": {"ratingId": rating_id, **fields}}, as_=as_))["rating"]


async def _refused(gql: Any, doc: str, as_: str = "UNIT_OPERATOR", **fields: Any) -> str:
    return (await gql.refused(doc, {"input": fields}, as_=as_))[0]["code"]


async def _stats(gql: Any, start: str, end: str, **extra: Any) -> dict:
    return (await gql(STATS, {"from": start, "to": end, **extra}, as_="SUPERVISOR"))["ratingStats"]


async def _resolved_at(gql: Any, unit: str, ref: str) -> dict:
    complaint = await dispatched(gql, unit=unit, ref=ref)
    await step(gql, CONTACT, complaint["id"], as_="ADMIN")
    await step(gql, REPLY, complaint["id"], as_="ADMIN", note="已答复")
    return await step(gql, RESOLVE, complaint["id"], as_="ADMIN", handlingResult="已办", isReasonable=True)


async def test_a_good_rating_opens_nothing(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await resolved(gql)
    rating = await _rate(gql, complaint["id"], 4, comment="  办理及时 ")
    assert (rating["score"], rating["isBad"], rating["comment"]) == (4, False, "办理及时")
    assert rating["verifyDueAt"] is None and rating["rectifyDueAt"] is None and not rating["isOverdue"]
    assert rating["complaint"]["rating"]["id"] == rating["id"]
    assert rating["unit"]["code"] == "DY.DYQ.XD"
    again = {"complaintId": complaint["id"], "score": 1}
    assert await _refused(gql, RATE, "HOTLINE", **again) == "ALREADY_RATED"
    assert await _refused(gql, VERIFY, ratingId=rating["id"], isComplex=False, note="x") == "NOT_A_BAD_RATING"


async def test_rating_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    open_one = await dispatched(gql, ref="HL-1")
    assert await _refused(gql, RATE, "HOTLINE", complaintId=open_one["id"], score=5) == "NOT_RESOLVED"
    done = await resolved(gql, ref="HL-2")
    for score in (0, 6):
        assert await _refused(gql, RATE, "HOTLINE", complaintId=done["id"], score=score) == "INVALID_SCORE"
    for role in ("UNIT_OPERATOR", "SUPERVISOR", "VIEWER"):
        body = {"input": {"complaintId": done["id"], "score": 5}}
        assert (await gql.error(RATE, body, as_=role))["extensions"]["code"] == "FORBIDDEN"


async def test_a_bad_rating_is_verified_and_rectified_under_1_5_15(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await resolved(gql)
    # Rated on Tuesday 2026-11-24 10:00 (Shanghai): verify by Wednesday 24:00, rectify by Tuesday 12-01 24:00.
    rating = await _rate(gql, complaint["id"], 2, comment="回复敷衍")
    assert rating["isBad"] and rating["verifyDueAt"] == "2026-11-25T16:00:00+00:00"
    assert rating["rectifyDueAt"] == "2026-12-01T16:00:00+00:00"
    rid = rating["id"]
    assert await _refused(gql, RECTIFY, ratingId=rid, note="已整改") == "NOT_VERIFIED"
    assert await _refused(gql, VERIFY, ratingId=rid, isComplex=True, note=" ") == "REQUIRED"
    clock.advance(hours=3)
    verified = await _on(gql, VERIFY, rid, isComplex=True, note="涉及多部门，情况复杂")
    # Complex: 15 working days from the rating.
    assert (verified["verifyInTime"], verified["isComplex"]) == (True, True)
    assert verified["rectifyDueAt"] == "2026-12-15T16:00:00+00:00"
    assert await _refused(gql, VERIFY, ratingId=rid, isComplex=False, note="再次") == "ALREADY_VERIFIED"
    clock.advance(days=10)
    fixed = await _on(gql, RECTIFY, rid, note="已协调住建、城管部门完成整改")
    assert (fixed["rectifyInTime"], fixed["isOverdue"]) == (True, False)
    assert await _refused(gql, RECTIFY, ratingId=rid, note="再次") == "ALREADY_RECTIFIED"


async def test_late_verification_and_rectification_stay_late(gql, clock) -> None:  # type: ignore[no-untyped-def]
    rating = await _rate(gql, (await resolved(gql))["id"], 1)
    clock.advance(days=2)  # Thursday: the verify deadline (Wednesday 24:00) has passed
    assert (await gql(f'{{ node(id: "{rating["id"]}") {{ ... on ComplaintRating {{ isOverdue }} }} }}'))[
        "node"
    ] == {"isOverdue": True}
    late = await _on(gql, VERIFY, rating["id"], isComplex=False, note="已联系企业")
    assert (late["verifyInTime"], late["rectifyDueAt"]) == (False, "2026-12-01T16:00:00+00:00")
    clock.advance(days=7)  # 12-03: past the 5 working days
    fixed = await _on(gql, RECTIFY, rating["id"], note="已整改")
    assert fixed["rectifyInTime"] is False


async def test_another_units_rating_is_answered_as_missing(gql) -> None:  # type: ignore[no-untyped-def]
    elsewhere = await _resolved_at(gql, "DY.SPJ", "HL-1")
    rating = await _rate(gql, elsewhere["id"], 1)
    missing = encode_id("ComplaintRating", 999_999)
    theirs = (
        await gql.refused(
            VERIFY,
            {"input": {"ratingId": rating["id"], "isComplex": False, "note": "x"}},
            as_="UNIT_OPERATOR",
        )
    )[0]
    absent = (
        await gql.refused(
            VERIFY, {"input": {"ratingId": missing, "isComplex": False, "note": "x"}}, as_="UNIT_OPERATOR"
        )
    )[0]
    assert theirs["code"] == absent["code"] == "NOT_FOUND"
    assert theirs["message"].split(":")[0] == absent["message"].split(":")[0]
    node = f'{{ node(id: "{rating["id"]}") {{ id }} }}'
    assert (await gql(node, as_="UNIT_OPERATOR"))["node"] is None
    assert (await gql(node, as_="SUPERVISOR"))["node"] == {"id": rating["id"]}
    body = {"input": {"ratingId": rating["id"], "isComplex": False, "note": "x"}}
    assert (await gql.error(VERIFY, body, as_="HOTLINE"))["extensions"]["code"] == "FORBIDDEN"


async def test_the_figures(gql, clock) -> None:  # type: ignore[no-untyped-def]
    for n, score in enumerate((5, 4, 3, 2), start=1):
        rated = await _rate(gql, (await resolved(gql, ref=f"HL-{n}"))["id"], score)
    bad_id = rated["id"]
    spj = await _rate(gql, (await _resolved_at(gql, "DY.SPJ", "HL-9"))["id"], 1)
    november = await _stats(gql, "2026-11-01", "2026-11-30")
    # 好评率 over the 5 ratings made; nothing was due to be rectified in November.
    assert november == {
        "rated": 5,
        "good": 3,
        "bad": 2,
        "goodRate": 0.6,
        "badDue": 0,
        "rectifiedInTime": 0,
        "rectifiedOnTimeRate": None,
    }
    county = await _stats(gql, "2026-11-01", "2026-11-30", unit="DY.DYQ")
    assert (county["rated"], county["goodRate"]) == (4, 0.75)
    # Both 差评 fall due on 12-01; on 11-26 December's figure counts neither (not yet due).
    clock.advance(days=2)
    assert (await _stats(gql, "2026-12-01", "2026-12-31"))["badDue"] == 0
    await _on(gql, VERIFY, bad_id, isComplex=False, note="已核实")
    await _on(gql, RECTIFY, bad_id, note="已整改")
    rectified = await _stats(gql, "2026-11-01", "2026-11-30")
    assert (rectified["badDue"], rectified["rectifiedInTime"], rectified["rectifiedOnTimeRate"]) == (
        1,
        1,
        1.0,
    )
    # After 12-01 24:00 the unrectified one of 市审批局 is due and late.
    clock.advance(days=6)
    december = await _stats(gql, "2026-12-01", "2026-12-31")
    assert (december["badDue"], december["rectifiedInTime"], december["rectifiedOnTimeRate"]) == (2, 1, 0.5)
    operator = (await gql(STATS, {"from": "2026-12-01", "to": "2026-12-31"}, as_="UNIT_OPERATOR"))[
        "ratingStats"
    ]
    assert (operator["badDue"], operator["rectifiedOnTimeRate"]) == (1, 1.0)
    assert spj["unit"]["code"] == "DY.SPJ"
    wrong = await gql.error(STATS, {"from": "2026-12-02", "to": "2026-12-01"})
    assert wrong["extensions"]["code"] == "INVALID_PERIOD"


LOAD = "mutation($input: LoadCalendarInput!) { loadCalendar(input: $input) { userErrors { code } } }"
EVENTS = "query($s: String!) { complaint(serialNo: $s) { events { kind } } }"


async def test_provisional_rating_deadlines_are_recomputed_when_the_year_is_loaded(gql, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 12, 22, 2, 0, tzinfo=UTC))  # Tuesday; 15 working days reach into 2027
    complaint = await resolved(gql)
    rating = await _rate(gql, complaint["id"], 1)
    verified = await _on(gql, VERIFY, rating["id"], isComplex=True, note="情况复杂")
    assert verified["rectifyDueAt"] == "2027-01-12T16:00:00+00:00"  # 2027 on weekends only
    days = [{"date": "2027-01-01", "isWorkday": False, "name": "元旦"}]
    assert (await gql(LOAD, {"input": {"year": 2027, "days": days}}))["loadCalendar"]["userErrors"] == []
    node = f'{{ node(id: "{rating["id"]}") {{ ... on ComplaintRating {{ rectifyDueAt deadlineProvisional }} }} }}'
    assert (await gql(node))["node"] == {
        "rectifyDueAt": "2027-01-13T16:00:00+00:00",
        "deadlineProvisional": False,
    }
    events = (await gql(EVENTS, {"s": complaint["serialNo"]}))["complaint"]["events"]
    assert events[-1]["kind"] == "RATING_DEADLINES_RECOMPUTED"


async def test_the_readme_example_answers(gql) -> None:  # type: ignore[no-untyped-def]
    await _rate(gql, (await resolved(gql))["id"], 5)
    answer = (await gql(readme_example("ratingStats"), as_="VIEWER"))["ratingStats"]
    assert answer == {"rated": 1, "goodRate": 1.0, "badDue": 0, "rectifiedOnTimeRate": None}
