"""即接即答: a consultation answered and closed at intake, its refusals, and its figures."""

from __future__ import annotations

from typing import Any

from tests.complaints.queries import CODES, DISPATCH, REOPEN, RETURN, received, step
from tests.complaints.readme import readme_example

FIELDS = "id serialNo status kind handlingResult intakeAnsweredAt handlingUnit { code } events { kind actor }"
ANSWER = f"""
mutation($input: AnswerAtIntakeInput!) {{
  answerAtIntake(input: $input) {{ complaint {{ {FIELDS} }} userErrors {{ field message code }} }}
}}
"""
STATS = """
query($from: Date!, $to: Date!) {
  intakeAnswerStats(from: $from, to: $to) { from to consultations answeredAtIntake answeredAtIntakeRate }
}
"""
ANSWER_TEXT = "该政策适用于规上工业企业，申报截止12月15日，可通过营商汇平台在线提交。"


async def _consultation(gql: Any, ref: str, **extra: Any) -> dict:
    return await received(gql, ref=ref, kind="CONSULTATION", title="技改补贴政策咨询", **extra)


async def _stats(gql: Any, start: str, end: str, as_: str = "SUPERVISOR") -> dict:
    return (await gql(STATS, {"from": start, "to": end}, as_=as_))["intakeAnswerStats"]


async def test_a_consultation_is_answered_and_closed_at_intake(gql, clock) -> None:  # type: ignore[no-untyped-def]
    consultation = await _consultation(gql, "HL-1")
    clock.advance(minutes=3)
    body = {"input": {"complaintId": consultation["id"], "answer": f"  {ANSWER_TEXT} "}}
    answered = (await gql.ok(ANSWER, body, as_="HOTLINE"))["complaint"]
    assert answered["status"] == "CLOSED" and answered["handlingUnit"] is None
    assert answered["handlingResult"] == ANSWER_TEXT
    assert answered["intakeAnsweredAt"] == "2026-11-24T02:03:00+00:00"
    assert [e["kind"] for e in answered["events"]] == ["RECEIVED", "ANSWER"]
    assert answered["events"][-1]["actor"] == "test-hotline"
    # Answered at intake, it has no unit to be reopened to.
    reopen = {"input": {"complaintId": answered["id"], "reason": "企业仍有疑问"}}
    refused = await gql.refused(REOPEN, reopen, as_="HOTLINE")
    assert (refused[0]["code"], refused[0]["field"]) == ("ANSWERED_AT_INTAKE", ["input", "complaintId"])


async def test_only_a_consultation_never_dispatched_is_answered_at_intake(gql) -> None:  # type: ignore[no-untyped-def]
    help_request = await received(gql, ref="HL-1")
    body = {"input": {"complaintId": help_request["id"], "answer": ANSWER_TEXT}}
    assert (await gql.refused(ANSWER, body, as_="HOTLINE"))[0]["code"] == "NOT_A_CONSULTATION"

    returned = await _consultation(gql, "HL-2", code=CODES[1])
    await gql.ok(DISPATCH, {"input": {"complaintId": returned["id"], "unitCode": "DY.DYQ.XD"}}, as_="HOTLINE")
    back = await step(gql, RETURN, returned["id"], reason="不属于本单位职责")
    assert back["status"] == "RECEIVED"
    body = {"input": {"complaintId": returned["id"], "answer": ANSWER_TEXT}}
    assert (await gql.refused(ANSWER, body, as_="HOTLINE"))[0]["code"] == "ALREADY_DISPATCHED"

    dispatched = await _consultation(gql, "HL-3", code=CODES[2])
    await gql.ok(
        DISPATCH, {"input": {"complaintId": dispatched["id"], "unitCode": "DY.DYQ.XD"}}, as_="HOTLINE"
    )
    body = {"input": {"complaintId": dispatched["id"], "answer": ANSWER_TEXT}}
    assert (await gql.refused(ANSWER, body, as_="HOTLINE"))[0]["code"] == "INVALID_TRANSITION"

    fresh = await _consultation(gql, "HL-4", code=CODES[3])
    blank = {"input": {"complaintId": fresh["id"], "answer": "   "}}
    errors = await gql.refused(ANSWER, blank, as_="HOTLINE")
    assert (errors[0]["code"], errors[0]["field"]) == ("REQUIRED", ["input", "answer"])
    for role in ("UNIT_OPERATOR", "SUPERVISOR", "VIEWER"):
        body = {"input": {"complaintId": fresh["id"], "answer": ANSWER_TEXT}}
        assert (await gql.error(ANSWER, body, as_=role))["extensions"]["code"] == "FORBIDDEN"
    # Nothing of the refusals was written: the consultation can still be answered.
    body = {"input": {"complaintId": fresh["id"], "answer": ANSWER_TEXT}}
    assert (await gql.ok(ANSWER, body, as_="ADMIN"))["complaint"]["status"] == "CLOSED"


async def test_the_figures_count_consultations_received_in_the_period(gql, clock) -> None:  # type: ignore[no-untyped-def]
    # 00:30 on 11-24 in Shanghai is still 11-23 in UTC: it belongs to the 24th.
    early = await _consultation(gql, "HL-1", receivedAt="2026-11-23T16:30:00+00:00")
    await _consultation(gql, "HL-2", code=CODES[1], receivedAt="2026-11-23T15:30:00+00:00")
    dispatched = await _consultation(gql, "HL-3", code=CODES[2])
    await received(gql, ref="HL-4", code=CODES[3])  # a request for help: not a consultation
    await gql.ok(ANSWER, {"input": {"complaintId": early["id"], "answer": ANSWER_TEXT}}, as_="HOTLINE")
    await gql.ok(
        DISPATCH, {"input": {"complaintId": dispatched["id"], "unitCode": "DY.DYQ.XD"}}, as_="HOTLINE"
    )
    today = await _stats(gql, "2026-11-24", "2026-11-24")
    assert today == {
        "from": "2026-11-24",
        "to": "2026-11-24",
        "consultations": 2,
        "answeredAtIntake": 1,
        "answeredAtIntakeRate": 0.5,
    }
    day_before = await _stats(gql, "2026-11-23", "2026-11-23")
    assert (day_before["consultations"], day_before["answeredAtIntake"]) == (1, 0)
    assert day_before["answeredAtIntakeRate"] == 0.0
    empty = await _stats(gql, "2026-11-01", "2026-11-02")
    assert (empty["consultations"], empty["answeredAtIntakeRate"]) == (0, None)
    # The unit operator counts what it sees: the consultation dispatched to its county, none answered.
    operator = await _stats(gql, "2026-11-23", "2026-11-24", as_="UNIT_OPERATOR")
    assert (operator["consultations"], operator["answeredAtIntake"]) == (1, 0)
    wrong = await gql.error(STATS, {"from": "2026-11-24", "to": "2026-11-23"})
    assert wrong["extensions"]["code"] == "INVALID_PERIOD"
    # No unit's figures count the one answered at intake; the city-wide month counts it received only.
    month = '{ complaintStats(from: "2026-11-01", to: "2026-11-30", groupBy: MONTH) { received resolved } }'
    assert (await gql(month))["complaintStats"] == [{"received": 4, "resolved": 0}]
    units = '{ complaintStats(from: "2026-11-01", to: "2026-11-30") { unit { code } received } }'
    assert (await gql(units))["complaintStats"] == [{"unit": {"code": "DY.DYQ.XD"}, "received": 1}]


async def test_the_readme_example_answers(gql) -> None:  # type: ignore[no-untyped-def]
    consultation = await _consultation(gql, "HL-1")
    await gql.ok(ANSWER, {"input": {"complaintId": consultation["id"], "answer": ANSWER_TEXT}}, as_="HOTLINE")
    answer = (await gql(readme_example("intakeAnswerStats"), as_="HOTLINE"))["intakeAnswerStats"]
    assert answer == {"consultations": 1, "answeredAtIntake": 1, "answeredAtIntakeRate": 1.0}
