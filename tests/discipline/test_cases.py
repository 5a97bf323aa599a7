"""Discipline: transfer, dispose, file, sanction, recommend, reply, close; refusals and confidentiality."""

from __future__ import annotations

import pytest

CLUE_FIELDS = "clue { id serial disposal disposalReason origins { id } officials { name position unit { code } } units { code } case { serial } } userErrors { code field }"
CASE_FIELDS = "case { id serial status exempted exemptionReason clue { disposal } sanctions { form partySanction governmentSanction personName } recommendations { id unit { code } replyDueOn reply } } userErrors { code field }"
TRANSFER = f"mutation($input: TransferClueInput!) {{ transferClue(input: $input) {{ {CLUE_FIELDS} }} }}"
DISPOSE = f"mutation($input: DisposeClueInput!) {{ disposeClue(input: $input) {{ {CLUE_FIELDS} }} }}"
FILE = f"mutation($input: FileCaseInput!) {{ fileCase(input: $input) {{ {CASE_FIELDS} }} }}"
SANCTION = f"mutation($input: RecordSanctionInput!) {{ recordSanction(input: $input) {{ {CASE_FIELDS} }} }}"
RECOMMEND = f"mutation($input: IssueRecommendationInput!) {{ issueRecommendation(input: $input) {{ {CASE_FIELDS} }} }}"
CLOSE = f"mutation($input: CloseCaseInput!) {{ closeCase(input: $input) {{ {CASE_FIELDS} }} }}"
REPLY = """
mutation($input: ReplyRecommendationInput!) {
  replyRecommendation(input: $input) { recommendation { reply repliedAt } userErrors { code field } }
}
"""
OPEN = """
mutation($input: OpenSupervisionItemInput!) { openSupervisionItem(input: $input) { supervisionItem { id } userErrors { code } } }
"""
CLUES = "query { disciplineClues { totalCount nodes { serial } } }"
CASES = "query { disciplineCases { totalCount nodes { serial } } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"


async def _clue(gql, **patch) -> dict:  # type: ignore[no-untyped-def]
    item = {"title": "推诿扯皮", "responsibleUnitCode": "DY.DYQ", "dueOn": "2026-12-01", "source": "OTHER"}
    item_id = (await gql.ok(OPEN, {"input": item}))["supervisionItem"]["id"]
    clue = {
        "source": "SUPERVISION_ITEM",
        "summary": "新官不理旧账，拒不履行招商承诺",
        "receivedOn": "2026-11-24",
        "originIds": [item_id],
        "unitCodes": ["DY.DYQ"],
        "officials": [{"name": "张某", "position": "副局长", "unitCode": "DY.DYQ"}],
        **patch,
    }
    return (await gql.ok(TRANSFER, {"input": clue}, as_="INSPECTOR"))["clue"]


async def _case(gql) -> dict:  # type: ignore[no-untyped-def]
    clue = await _clue(gql)
    filed = {"clueId": clue["id"], "title": "张某不作为案", "filedOn": "2026-11-24"}
    return (await gql.ok(FILE, {"input": filed}, as_="INSPECTOR"))["case"]


def _sanction(case_id: str, **patch: object) -> dict[str, object]:
    return {
        "caseId": case_id,
        "form": "FORM_2",
        "decidedOn": "2026-11-24",
        "documentNo": "东纪发〔2026〕12号",
        "personName": "张某",
        "position": "副局长",
        "partySanction": "WARNING",
        **patch,
    }


async def test_transfer_dispose_and_file(gql) -> None:  # type: ignore[no-untyped-def]
    clue = await _clue(gql)
    assert clue["serial"] == "XS2026-0001" and len(clue["origins"]) == 1
    assert clue["officials"] == [{"name": "张某", "position": "副局长", "unit": {"code": "DY.DYQ"}}]
    clue = (
        await gql.ok(
            DISPOSE, {"input": {"clueId": clue["id"], "disposal": "TALK_INQUIRY", "reason": "先谈话函询"}}
        )
    )["clue"]
    assert clue["disposal"] == "TALK_INQUIRY"
    case = (await gql.ok(FILE, {"input": {"clueId": clue["id"], "title": "案", "filedOn": "2026-11-24"}}))[
        "case"
    ]
    assert case["serial"] == "LA2026-0001" and case["clue"]["disposal"] == "CASE_FILED"
    again = {"clueId": clue["id"], "disposal": "SHELVED", "reason": "x"}
    assert (await gql.refused(DISPOSE, {"input": again}))[0]["code"] == "INVALID_TRANSITION"
    refile = {"clueId": clue["id"], "title": "案", "filedOn": "2026-11-24"}
    assert (await gql.refused(FILE, {"input": refile}))[0]["code"] == "INVALID_TRANSITION"


async def test_dispose_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    clue = await _clue(gql)
    base = {"clueId": clue["id"], "disposal": "CLOSED_NO_ACTION", "reason": "查无实据"}
    assert (await gql.refused(DISPOSE, {"input": {**base, "reason": " "}}))[0]["code"] == "REASON_REQUIRED"
    filed = {**base, "disposal": "CASE_FILED"}
    assert (await gql.refused(DISPOSE, {"input": filed}))[0]["code"] == "INVALID_DISPOSAL"
    await gql.ok(DISPOSE, {"input": base})
    assert (await gql.refused(DISPOSE, {"input": base}))[0]["code"] == "INVALID_TRANSITION"


@pytest.mark.parametrize(
    ("patch", "code"),
    [
        ({"summary": ""}, "REQUIRED"),
        ({"receivedOn": "2026-12-30"}, "INVALID_DATES"),
        ({"unitCodes": ["NOPE"]}, "UNKNOWN_UNIT"),
        ({"officials": [{"name": " "}]}, "REQUIRED"),
    ],
)
async def test_transfer_refusals(gql, patch, code) -> None:  # type: ignore[no-untyped-def]
    clue = {"source": "LETTER", "summary": "举报", "receivedOn": "2026-11-24", **patch}
    assert (await gql.refused(TRANSFER, {"input": clue}))[0]["code"] == code
    assert (await gql(CLUES))["disciplineClues"]["totalCount"] == 0


async def test_transfer_origin_must_exist(gql) -> None:  # type: ignore[no-untyped-def]
    clue = {
        "source": "LETTER",
        "summary": "举报",
        "receivedOn": "2026-11-24",
        "originIds": ["U3VwZXJ2aXNpb25JdGVtOjk5"],
    }
    assert (await gql.error(TRANSFER, {"input": clue}))["extensions"]["code"] == "NOT_FOUND"
    clue["originIds"] = ["bm9wZToy"]
    assert (await gql.error(TRANSFER, {"input": clue}))["extensions"]["code"] == "INVALID_ID"


async def test_sanctions_recommendations_and_closing(gql) -> None:  # type: ignore[no-untyped-def]
    case = await _case(gql)
    await gql.ok(
        SANCTION, {"input": _sanction(case["id"], form="FORM_1", partySanction=None, measure="诫勉谈话")}
    )
    await gql.ok(SANCTION, {"input": _sanction(case["id"], governmentSanction="DEMERIT")})
    unit_acc = _sanction(
        case["id"], personName=None, partySanction=None, accountability="UNIT", unitCode="DY.DYQ"
    )
    await gql.ok(SANCTION, {"input": unit_acc})
    rec = {"caseId": case["id"], "unitCode": "DY.DYQ", "content": "建立承诺台账", "replyDueOn": "2026-12-24"}
    case = (await gql.ok(RECOMMEND, {"input": rec}))["case"]
    assert [s["form"] for s in case["sanctions"]] == ["FORM_1", "FORM_2", "FORM_2"]
    rec_id = case["recommendations"][0]["id"]
    replied = await gql.ok(
        REPLY, {"input": {"recommendationId": rec_id, "reply": "已建立"}}, as_="UNIT_OPERATOR"
    )
    assert replied["recommendation"]["reply"] == "已建立"
    again = {"recommendationId": rec_id, "reply": "再答"}
    assert (await gql.refused(REPLY, {"input": again}))[0]["code"] == "INVALID_TRANSITION"
    close = {"caseId": case["id"], "outcome": "给予处分", "exempted": True}
    assert (await gql.refused(CLOSE, {"input": close}))[0]["code"] == "EXEMPTION_REASON_REQUIRED"
    assert (await gql.refused(CLOSE, {"input": {**close, "outcome": ""}}))[0]["code"] == "REQUIRED"
    closed = (await gql.ok(CLOSE, {"input": {**close, "exemptionReason": "改革探索中的失误"}}))["case"]
    assert (closed["status"], closed["exempted"], closed["exemptionReason"]) == (
        "CLOSED",
        True,
        "改革探索中的失误",
    )
    assert (await gql.refused(CLOSE, {"input": close}))[0]["code"] == "INVALID_TRANSITION"
    assert (await gql.refused(SANCTION, {"input": _sanction(case["id"])}))[0]["code"] == "INVALID_TRANSITION"
    assert (await gql.refused(RECOMMEND, {"input": rec}))[0]["code"] == "INVALID_TRANSITION"


@pytest.mark.parametrize(
    ("patch", "code"),
    [
        ({"partySanction": None}, "SANCTION_REQUIRED"),
        ({"personName": " "}, "REQUIRED"),
        ({"accountability": "UNIT", "personName": None}, "REQUIRED"),
        ({"documentNo": ""}, "REQUIRED"),
        ({"unitCode": "NOPE"}, "UNKNOWN_UNIT"),
    ],
)
async def test_sanction_refusals(gql, patch, code) -> None:  # type: ignore[no-untyped-def]
    case = await _case(gql)
    assert (await gql.refused(SANCTION, {"input": _sanction(case["id"], **patch)}))[0]["code"] == code


async def test_recommendation_refusals_and_reply_scope(gql) -> None:  # type: ignore[no-untyped-def]
    case = await _case(gql)
    rec = {"caseId": case["id"], "unitCode": "DY.KLQ", "content": "整改", "replyDueOn": "2026-11-01"}
    assert (await gql.refused(RECOMMEND, {"input": rec}))[0]["code"] == "INVALID_DUE_DATE"
    assert (await gql.refused(RECOMMEND, {"input": {**rec, "content": ""}}))[0]["code"] == "REQUIRED"
    case = (await gql.ok(RECOMMEND, {"input": {**rec, "replyDueOn": "2026-12-31"}}))["case"]
    reply = {"recommendationId": case["recommendations"][0]["id"], "reply": "x"}
    # A recommendation to another unit is answered exactly as a missing one.
    assert (await gql.refused(REPLY, {"input": reply}, as_="UNIT_OPERATOR"))[0]["code"] == "NOT_FOUND"
    assert (await gql.error(REPLY, {"input": reply}, as_="SUPERVISOR"))["extensions"]["code"] == "FORBIDDEN"
    assert (await gql.refused(REPLY, {"input": {**reply, "reply": ""}}))[0]["code"] == "REQUIRED"


@pytest.mark.parametrize("role", ["SUPERVISOR", "UNIT_OPERATOR", "HOTLINE", "VIEWER"])
async def test_discipline_data_is_confidential(gql, role) -> None:  # type: ignore[no-untyped-def]
    case = await _case(gql)
    for query in (CLUES, CASES):
        assert (await gql.error(query, as_=role))["extensions"]["code"] == "FORBIDDEN"
    assert (await gql.error(NODE, {"id": case["id"]}, as_=role))["extensions"]["code"] == "FORBIDDEN"
    missing = "Q2FzZTo5OTk"  # Case:999 does not exist: refused the same way, so nothing leaks
    assert (await gql.error(NODE, {"id": missing}, as_=role))["extensions"]["code"] == "FORBIDDEN"
    error = await gql.error(
        FILE, {"input": {"clueId": "Q2x1ZTox", "title": "x", "filedOn": "2026-11-24"}}, as_=role
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(CLUES, as_="INSPECTOR"))["disciplineClues"]["totalCount"] == 1
    assert (await gql(CASES, as_="INSPECTOR"))["disciplineCases"]["totalCount"] == 1
