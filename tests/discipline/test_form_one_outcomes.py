"""第一种形态 without a case: a form-1 outcome recorded from a clue's disposal; case counts stay honest."""

from __future__ import annotations

from typing import Any

from schema.node import encode_id
from tests.discipline.test_cases import DISPOSE, SANCTION, _case, _clue, _sanction

OUTCOME = """
mutation($input: RecordFormOneOutcomeInput!) {
  recordFormOneOutcome(input: $input) {
    clue { serial disposal case { serial }
           formOneOutcomes { personName position unit { code } measure form decidedOn note recordedBy } }
    userErrors { code field message }
  }
}
"""
FIGURES = """
query($from: Date!, $to: Date!) {
  disciplineFigures(from: $from, to: $to) {
    casesFiled sanctionedPersons formOnePersons formOneWithoutCase talkInquiries recommendationsIssued
  }
}
"""
CLUE_EVENTS = "query($id: ID!) { node(id: $id) { ... on Clue { formOneOutcomes { measure } } } }"


def _outcome(clue_id: str, **patch: Any) -> dict[str, Any]:
    return {
        "input": {
            "clueId": clue_id,
            "personName": "张某",
            "position": "副局长",
            "unitCode": "DY.DYQ",
            "measure": "TALK_REMINDER",
            "decidedOn": "2026-11-24",
            "note": "函询说明基本属实，予以谈话提醒",
            **patch,
        }
    }


async def _disposed(gql: Any, disposal: str = "TALK_INQUIRY") -> dict:
    clue = await _clue(gql)
    body = {"input": {"clueId": clue["id"], "disposal": disposal, "reason": "谈话函询"}}
    return (await gql.ok(DISPOSE, body, as_="INSPECTOR"))["clue"]


async def test_a_talk_inquiry_ends_in_form_one_without_a_case(gql) -> None:  # type: ignore[no-untyped-def]
    clue = await _disposed(gql)
    recorded = (await gql.ok(OUTCOME, _outcome(clue["id"]), as_="INSPECTOR"))["clue"]
    assert recorded["disposal"] == "TALK_INQUIRY" and recorded["case"] is None
    assert recorded["formOneOutcomes"] == [
        {
            "personName": "张某",
            "position": "副局长",
            "unit": {"code": "DY.DYQ"},
            "measure": "TALK_REMINDER",
            "form": "FORM_1",
            "decidedOn": "2026-11-24",
            "note": "函询说明基本属实，予以谈话提醒",
            "recordedBy": "test-inspector",
        }
    ]
    # A second person of the same clue is another outcome; a closure still allows one.
    again = await gql.ok(OUTCOME, _outcome(clue["id"], personName="李某", measure="ADMONISHMENT"))
    assert [o["measure"] for o in again["clue"]["formOneOutcomes"]] == ["TALK_REMINDER", "ADMONISHMENT"]
    closed = await _disposed(gql, "CLOSED_NO_ACTION")
    await gql.ok(OUTCOME, _outcome(closed["id"], measure="CRITICISM"), as_="INSPECTOR")


async def test_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    pending = await _clue(gql)
    assert (await gql.refused(OUTCOME, _outcome(pending["id"])))[0]["code"] == "NOT_DISPOSED"
    shelved = await _disposed(gql, "SHELVED")
    assert (await gql.refused(OUTCOME, _outcome(shelved["id"])))[0]["code"] == "NOT_DISPOSED"
    case = await _case(gql)
    filed_clue = (await gql(f'{{ node(id: "{case["id"]}") {{ ... on Case {{ clue {{ id }} }} }} }}'))["node"]
    errors = await gql.refused(OUTCOME, _outcome(filed_clue["clue"]["id"]))
    assert errors[0]["code"] == "CASE_ALREADY_FILED"
    clue = await _disposed(gql)
    checks = [
        ({"personName": " "}, "REQUIRED", "personName"),
        ({"decidedOn": "2026-11-25"}, "INVALID_DATES", "decidedOn"),  # tomorrow
        ({"decidedOn": "2026-11-23"}, "INVALID_DATES", "decidedOn"),  # before the clue
        ({"unitCode": "NOWHERE"}, "UNKNOWN_UNIT", "unitCode"),
    ]
    for patch, code, field in checks:
        (error,) = await gql.refused(OUTCOME, _outcome(clue["id"], **patch))
        assert (error["code"], error["field"]) == (code, ["input", field])
    missing = await gql.refused(OUTCOME, _outcome(encode_id("Clue", 999_999)))
    assert missing[0]["code"] == "NOT_FOUND"
    node = (await gql(CLUE_EVENTS, {"id": clue["id"]}))["node"]
    assert node == {"formOneOutcomes": []}


async def test_others_learn_nothing(gql) -> None:  # type: ignore[no-untyped-def]
    clue = await _disposed(gql)
    absent = encode_id("Clue", 999_999)
    for role in ("SUPERVISOR", "UNIT_OPERATOR", "HOTLINE", "VIEWER"):
        for target in (clue["id"], absent):
            error = await gql.error(OUTCOME, _outcome(target), as_=role)
            assert error["extensions"]["code"] == "FORBIDDEN"
        figures = await gql.error(FIGURES, {"from": "2026-11-01", "to": "2026-11-30"}, as_=role)
        assert figures["extensions"]["code"] == "FORBIDDEN"


async def test_the_figures_count_form_one_without_inflating_cases(gql) -> None:  # type: ignore[no-untyped-def]
    talked = await _disposed(gql)
    await gql.ok(OUTCOME, _outcome(talked["id"]))
    await gql.ok(OUTCOME, _outcome(talked["id"], personName="李某", measure="CRITICISM"))
    case = await _case(gql)
    await gql.ok(SANCTION, {"input": _sanction(case["id"])})  # 党内警告: form 2
    form_one = {"form": "FORM_1", "partySanction": None, "personName": "王某", "measure": "诫勉"}
    await gql.ok(SANCTION, {"input": _sanction(case["id"], **form_one)})
    unit_only = {"form": "FORM_2", "partySanction": None, "personName": None, "accountability": "UNIT"}
    unit_only["unitCode"] = "DY.DYQ"
    await gql.ok(SANCTION, {"input": _sanction(case["id"], **unit_only)})
    figures = await gql(FIGURES, {"from": "2026-11-01", "to": "2026-11-30"}, as_="INSPECTOR")
    assert figures["disciplineFigures"] == {
        "casesFiled": 1,
        "sanctionedPersons": 1,
        "formOnePersons": 3,
        "formOneWithoutCase": 2,
        "talkInquiries": 1,
        "recommendationsIssued": 0,
    }
    october = (await gql(FIGURES, {"from": "2026-10-01", "to": "2026-10-31"}))["disciplineFigures"]
    assert set(october.values()) == {0}
    wrong = await gql.error(FIGURES, {"from": "2026-11-30", "to": "2026-11-01"})
    assert wrong["extensions"]["code"] == "INVALID_PERIOD"
