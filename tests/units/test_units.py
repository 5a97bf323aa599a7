"""Units: create, update, move within the tree, refusals, masking, descendant filters."""

from __future__ import annotations

import pytest

CREATE = """
mutation($input: CreateUnitInput!) {
  createUnit(input: $input) { unit { code name kind level parent { code } version } userErrors { field message code } }
}
"""
UPDATE = """
mutation($input: UpdateUnitInput!) {
  updateUnit(input: $input) { unit { code name parent { code } version } userErrors { field message code } }
}
"""
UNITS = "query($f: UnitFilter) { units(filter: $f, first: 100) { totalCount nodes { code } } }"
LIAISON = 'query { unit(code: "DY.SPJ") { liaisonName liaisonPhone } }'
VERSION = "query($code: String!) { unit(code: $code) { version } }"


async def _codes(gql, f) -> list[str]:  # type: ignore[no-untyped-def]
    return [n["code"] for n in (await gql(UNITS, {"f": f}))["units"]["nodes"]]


async def test_create_unit_under_a_parent(gql) -> None:  # type: ignore[no-untyped-def]
    payload = await gql.ok(
        CREATE,
        {
            "input": {
                "code": "DY.DYQ.SL",
                "name": "东营区史口镇人民政府",
                "kind": "TOWNSHIP",
                "level": "TOWNSHIP",
                "parentCode": "DY.DYQ",
            }
        },
    )
    assert payload["unit"] == {
        "code": "DY.DYQ.SL",
        "name": "东营区史口镇人民政府",
        "kind": "TOWNSHIP",
        "level": "TOWNSHIP",
        "parent": {"code": "DY.DYQ"},
        "version": 1,
    }
    assert "DY.DYQ.SL" in await _codes(gql, {"underCode": "DY.DYQ"})


@pytest.mark.parametrize(
    ("patch", "code", "field"),
    [
        ({"code": "DY"}, "DUPLICATE_CODE", "code"),
        ({"code": "has space"}, "INVALID_CODE", "code"),
        ({"name": "  "}, "REQUIRED", "name"),
        ({"parentCode": "NOPE"}, "UNKNOWN_UNIT", "parentCode"),
        ({"liaisonPhone": "call me"}, "INVALID_PHONE", "liaisonPhone"),
    ],
)
async def test_create_unit_refusals_write_nothing(gql, patch, code, field) -> None:  # type: ignore[no-untyped-def]
    before = (await gql(UNITS, {"f": None}))["units"]["totalCount"]
    errors = await gql.refused(CREATE, {"input": {"code": "X1", "name": "新单位", "kind": "OTHER", **patch}})
    assert errors[0]["code"] == code
    assert errors[0]["field"] == ["input", field]
    assert (await gql(UNITS, {"f": None}))["units"]["totalCount"] == before


async def test_only_admin_creates_units(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(
        CREATE, {"input": {"code": "X1", "name": "新单位", "kind": "OTHER"}}, as_="SUPERVISOR"
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "X1" not in await _codes(gql, None)


async def test_moving_a_unit_moves_its_subtree(gql) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(UPDATE, {"input": {"code": "DY.DYQ", "parentCode": "DY.KFQ"}})
    under_park = await _codes(gql, {"underCode": "DY.KFQ"})
    assert {"DY.KFQ", "DY.DYQ", "DY.DYQ.XD", "DY.DYQ.WH"} <= set(under_park)
    assert "DY.DYQ.XD" not in await _codes(gql, {"underCode": "DY.KLQ"})


async def test_a_unit_cannot_become_its_own_ancestor(gql) -> None:  # type: ignore[no-untyped-def]
    errors = await gql.refused(UPDATE, {"input": {"code": "DY.DYQ", "parentCode": "DY.DYQ.XD"}})
    assert errors[0]["code"] == "CYCLE"
    errors = await gql.refused(UPDATE, {"input": {"code": "DY.DYQ", "parentCode": "DY.DYQ"}})
    assert errors[0]["code"] == "CYCLE"


async def test_stale_version_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    version = (await gql(VERSION, {"code": "DY.SPJ"}))["unit"]["version"]
    await gql.ok(
        UPDATE,
        {"input": {"code": "DY.SPJ", "name": "东营市行政审批服务局（改）", "expectedVersion": version}},
    )
    errors = await gql.refused(
        UPDATE, {"input": {"code": "DY.SPJ", "name": "覆盖", "expectedVersion": version}}
    )
    assert errors[0]["code"] == "STALE_VERSION"
    assert (await gql(VERSION, {"code": "DY.SPJ"}))["unit"]["version"] == version + 1


async def test_unknown_unit_update_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    errors = await gql.refused(UPDATE, {"input": {"code": "NOPE", "name": "x"}})
    assert errors[0]["code"] == "NOT_FOUND"


async def test_filters(gql) -> None:  # type: ignore[no-untyped-def]
    assert await _codes(gql, {"parentCode": "DY.GRX"}) == ["DY.GRX.DW"]
    assert await _codes(gql, {"underCode": "NO-SUCH-UNIT"}) == []
    assert set(await _codes(gql, {"kind": ["PARK"]})) == {"DY.KFQ", "DY.GKQ"}
    assert await _codes(gql, {"nameContains": "大王"}) == ["DY.GRX.DW"]
    assert set(await _codes(gql, {"codePrefix": "DY.KLQ"})) == {"DY.KLQ", "DY.KLQ.KL"}
    await gql.ok(UPDATE, {"input": {"code": "DY.GKQ", "active": False}})
    assert "DY.GKQ" not in await _codes(gql, {"active": True})


async def test_viewer_sees_liaison_contacts_masked(gql) -> None:  # type: ignore[no-untyped-def]
    plain = (await gql(LIAISON, as_="SUPERVISOR"))["unit"]
    masked = (await gql(LIAISON, as_="VIEWER"))["unit"]
    assert plain == {"liaisonName": "牟恒民", "liaisonPhone": "0546-8381101"}
    assert masked == {"liaisonName": "牟**", "liaisonPhone": "054****1101"}


async def test_concurrent_creates_of_one_code_give_one_unit_and_a_duplicate_error(gql) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    body = {"input": {"code": "DY.NEW", "name": "新设单位", "kind": "OTHER", "parentCode": "DY"}}
    results = await asyncio.gather(*(gql(CREATE, body) for _ in range(5)))
    outcomes = [
        r["createUnit"]["userErrors"][0]["code"] if r["createUnit"]["userErrors"] else "OK" for r in results
    ]
    assert outcomes.count("OK") == 1 and set(outcomes) == {"OK", "DUPLICATE_CODE"}
    assert await _codes(gql, {"codePrefix": "DY.NEW"}) == ["DY.NEW"]
