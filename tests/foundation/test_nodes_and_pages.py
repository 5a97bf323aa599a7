"""Global ids, `node`/`nodes`, and cursor pagination forward and backward."""

from __future__ import annotations

import pytest

UNITS_PAGE = """
query($first: Int, $after: String, $last: Int, $before: String) {
  units(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
NODE = "query($id: ID!) { node(id: $id) { id __typename ... on Unit { code } } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Unit { code } } }"
UNIT_ID = "query($code: String!) { unit(code: $code) { id code } }"


async def _all_codes(gql) -> list[str]:  # type: ignore[no-untyped-def]
    data = await gql(UNITS_PAGE, {"first": 100})
    return [e["node"]["code"] for e in data["units"]["edges"]]


async def test_forward_pages_cover_everything_once(gql) -> None:  # type: ignore[no-untyped-def]
    everything = await _all_codes(gql)
    seen, after = [], None
    while True:
        page = (await gql(UNITS_PAGE, {"first": 7, "after": after}))["units"]
        assert page["totalCount"] == len(everything)
        seen += [e["node"]["code"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == everything == sorted(everything)


async def test_backward_pages_cover_everything_once(gql) -> None:  # type: ignore[no-untyped-def]
    everything = await _all_codes(gql)
    seen, before = [], None
    while True:
        page = (await gql(UNITS_PAGE, {"last": 5, "before": before}))["units"]
        seen = [e["node"]["code"] for e in page["edges"]] + seen
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert seen == everything


async def test_page_after_a_cursor_starts_right_after_it(gql) -> None:  # type: ignore[no-untyped-def]
    first = (await gql(UNITS_PAGE, {"first": 3}))["units"]
    second = (await gql(UNITS_PAGE, {"first": 3, "after": first["edges"][1]["cursor"]}))["units"]
    assert second["edges"][0]["node"]["code"] == first["edges"][2]["node"]["code"]
    assert second["pageInfo"]["hasPreviousPage"] is True


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"first": 101}, "INVALID_PAGE_SIZE"),
        ({"first": -1}, "INVALID_PAGE_SIZE"),
        ({"last": 500}, "INVALID_PAGE_SIZE"),
        ({"first": 2, "last": 2}, "INVALID_PAGINATION"),
        ({"first": 2, "after": "garbage!"}, "INVALID_CURSOR"),
    ],
)
async def test_bad_pagination_arguments_are_refused_with_a_code(gql, variables, code) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(UNITS_PAGE, variables)
    assert error["extensions"]["code"] == code


async def test_node_round_trips_a_global_id(gql) -> None:  # type: ignore[no-untyped-def]
    unit = (await gql(UNIT_ID, {"code": "DY.SPJ"}))["unit"]
    node = (await gql(NODE, {"id": unit["id"]}))["node"]
    assert node == {"id": unit["id"], "__typename": "Unit", "code": "DY.SPJ"}


async def test_nodes_keeps_order_and_nulls_missing(gql) -> None:  # type: ignore[no-untyped-def]
    a = (await gql(UNIT_ID, {"code": "DY.SPJ"}))["unit"]["id"]
    b = (await gql(UNIT_ID, {"code": "DY.KLQ"}))["unit"]["id"]
    missing = "VW5pdDo5OTk5OTk"  # Unit:999999
    data = await gql(NODES, {"ids": [b, missing, a]})
    assert [n and n["code"] for n in data["nodes"]] == ["DY.KLQ", None, "DY.SPJ"]


@pytest.mark.parametrize("bad", ["not-base64!", "Tm9wZTox", "VW5pdDp4"])  # garbage, "Nope:1", "Unit:x"
async def test_malformed_global_id_is_refused(gql, bad) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(NODE, {"id": bad})
    assert error["extensions"]["code"] == "INVALID_ID"
