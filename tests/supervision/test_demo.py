"""The demo data: items in every status, a bulletin, an interview, and a traceable chain to a filed case."""

from __future__ import annotations

from resolvers.demo import supervision

LEDGER = "query { supervisionItems(first: 100) { nodes { status } } }"
CASES = "query { disciplineCases { nodes { id sanctions { form } recommendations { id } } } }"
TRACE = "query($id: ID!) { trace(id: $id) { nodes { __typename } timeline { kind } } }"
COUNTS = "query { bulletins { totalCount } interviews { totalCount } inspections { totalCount } }"


async def test_demo_seed(gql, scope) -> None:  # type: ignore[no-untyped-def]
    await supervision.seed(scope)
    statuses = {n["status"] for n in (await gql(LEDGER))["supervisionItems"]["nodes"]}
    assert statuses == {"OPEN", "RECTIFYING", "REPORTED", "CLOSED"}
    counts = await gql(COUNTS)
    assert [counts[k]["totalCount"] for k in ("bulletins", "interviews", "inspections")] == [1, 1, 2]
    (case,) = (await gql(CASES))["disciplineCases"]["nodes"]
    assert sorted(s["form"] for s in case["sanctions"]) == ["FORM_1", "FORM_2"]
    trace = (await gql(TRACE, {"id": case["recommendations"][0]["id"]}))["trace"]
    assert {n["__typename"] for n in trace["nodes"]} == {
        "Inspection",
        "Finding",
        "SupervisionItem",
        "Clue",
        "Case",
        "Sanction",
        "Recommendation",
    }
