"""recordSanction: the four forms (四种形态) follow the sanction; a mismatch is refused and writes nothing."""

from __future__ import annotations

import pytest

from tests.discipline.test_cases import SANCTION, _case, _sanction

SANCTION_MESSAGE = """
mutation($input: RecordSanctionInput!) {
  recordSanction(input: $input) { case { sanctions { form } } userErrors { code field message } }
}
"""
CASE = "query($id: ID!) { node(id: $id) { ... on Case { sanctions { form } } } }"


@pytest.mark.parametrize(
    ("patch", "field", "named"),
    [
        # The three cases: 严重警告 in form 1, 留党察看 in form 2, 撤职 in form 1.
        ({"form": "FORM_1", "partySanction": "SERIOUS_WARNING"}, "partySanction", "SERIOUS_WARNING"),
        ({"form": "FORM_2", "partySanction": "PROBATION"}, "partySanction", "PROBATION"),
        (
            {"form": "FORM_1", "partySanction": None, "governmentSanction": "DISMISSAL_FROM_POST"},
            "governmentSanction",
            "DISMISSAL_FROM_POST",
        ),
        ({"form": "FORM_2", "governmentSanction": "DEMOTION"}, "governmentSanction", "DEMOTION"),
        ({"form": "FORM_3", "partySanction": "WARNING"}, "partySanction", "WARNING"),
        (
            {"form": "FORM_3", "partySanction": "PROBATION", "governmentSanction": "MAJOR_DEMERIT"},
            "governmentSanction",
            "MAJOR_DEMERIT",
        ),
        ({"form": "FORM_4", "partySanction": "SERIOUS_WARNING"}, "partySanction", "SERIOUS_WARNING"),
    ],
)
async def test_mismatch_is_refused_naming_form_and_sanction(gql, patch, field, named) -> None:  # type: ignore[no-untyped-def]
    case = await _case(gql)
    (error,) = await gql.refused(SANCTION_MESSAGE, {"input": _sanction(case["id"], **patch)})
    assert (error["code"], error["field"]) == ("FORM_MISMATCH", ["input", field])
    assert patch["form"] in error["message"] and named in error["message"]
    assert "形态" in error["message"]
    assert (await gql(CASE, {"id": case["id"]}))["node"]["sanctions"] == []


@pytest.mark.parametrize(
    "patch",
    [
        {"form": "FORM_1", "partySanction": None, "measure": "谈话函询"},
        {"form": "FORM_1", "partySanction": None, "accountability": "LEADER", "measure": "诫勉"},
        {"form": "FORM_2", "partySanction": "SERIOUS_WARNING", "governmentSanction": "MAJOR_DEMERIT"},
        {"form": "FORM_2", "partySanction": None, "measure": "调整职务"},
        {"form": "FORM_3", "partySanction": "PROBATION", "governmentSanction": "DISMISSAL_FROM_POST"},
        {"form": "FORM_3", "partySanction": "REMOVAL_FROM_PARTY_POST", "governmentSanction": "DEMOTION"},
        {"form": "FORM_4", "partySanction": "EXPULSION", "governmentSanction": "EXPULSION"},
    ],
)
async def test_consistent_forms_are_recorded(gql, patch) -> None:  # type: ignore[no-untyped-def]
    case = await _case(gql)
    recorded = await gql.ok(SANCTION, {"input": _sanction(case["id"], **patch)})
    assert [s["form"] for s in recorded["case"]["sanctions"]] == [patch["form"]]
