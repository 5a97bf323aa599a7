"""Complaint lists: every filter, ordering, row-level visibility for unit operators, SQL per page."""

from __future__ import annotations

from typing import Any

from graphql import get_named_type, is_leaf_type

from resolvers.complaints.queries import COMPLAINTS
from schema import schema as app_schema
from tests.complaints.queries import (
    BY_SERIAL,
    CODES,
    CONTACT,
    DISPATCH,
    ESCALATE,
    LIST,
    REOPEN,
    RETURN,
    VISIT,
    dispatched,
    received,
    resolved,
    step,
)
from tests.helpers import count_sql

ENTERPRISE_IDS = "query($f: EnterpriseFilter) { enterprises(filter: $f) { nodes { id } } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on Complaint { serialNo } } }"
UNIT_COMPLAINTS = """
query($code: String!, $f: ComplaintFilter) {
  unit(code: $code) { complaints(filter: $f, first: 50) { totalCount nodes { serialNo } } }
}
"""
PAGE = """
query($first: Int) {
  complaints(first: $first) { nodes { serialNo enterprise { name } handlingUnit { code } slaPolicy { code }
    returnVisit { satisfaction } breaches { stage } dispatches { unit { code } } events { kind } } }
}
"""


async def _serials(gql, f: dict[str, Any] | None = None, as_: str = "ADMIN", order=None) -> list[str]:  # type: ignore[no-untyped-def]
    data = await gql(LIST, {"f": f, "o": order, "first": 100}, as_=as_)
    return [n["serialNo"] for n in data["complaints"]["nodes"]]


async def _world(gql, clock) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Five complaints in different states and units; returns name → serial."""
    a = await dispatched(gql, unit="DY.DYQ.XD", ref="A")  # will be overdue on contact
    b = await dispatched(gql, unit="DY.SPJ", ref="B", kind="CONSULTATION", channel="ONLINE_PLATFORM")
    c = await received(gql, ref="C", code=CODES[1], title="企业开办登记咨询")
    clock.advance(hours=1)
    await step(gql, CONTACT, b["id"], as_="ADMIN")
    d = await resolved(gql, ref="D")
    await step(gql, VISIT, d["id"], as_="HOTLINE", satisfaction="UNSATISFIED", problemSolved=False)
    await step(gql, REOPEN, d["id"], as_="HOTLINE", reason="未解决")
    await step(gql, ESCALATE, d["id"], as_="SUPERVISOR", reason="重办督办")
    clock.advance(hours=2)  # 05:00 UTC: A's contact (due 04:00) is overdue
    return {"A": a["serialNo"], "B": b["serialNo"], "C": c["serialNo"], "D": d["serialNo"]}


async def test_filters(gql, clock) -> None:  # type: ignore[no-untyped-def]
    s = await _world(gql, clock)
    assert set(await _serials(gql, {"status": ["RECEIVED"]})) == {s["C"]}
    assert set(await _serials(gql, {"unitCode": "DY.DYQ"})) == {s["A"], s["D"]}
    assert await _serials(gql, {"unitCode": "DY.DYQ", "includeDescendants": False}) == []
    assert await _serials(gql, {"channel": ["ONLINE_PLATFORM"]}) == [s["B"]]
    assert await _serials(gql, {"kind": ["CONSULTATION"]}) == [s["B"]]
    assert await _serials(gql, {"creditCode": CODES[1]}) == [s["C"]]
    assert await _serials(gql, {"overdue": True}) == [s["A"]]
    assert set(await _serials(gql, {"overdue": False})) == {s["B"], s["C"], s["D"]}
    assert await _serials(gql, {"breachedStage": "CONTACT"}) == [s["A"]]
    assert await _serials(gql, {"breachedStage": "RESOLVE"}) == []
    assert await _serials(gql, {"reopened": True}) == [s["D"]]
    assert await _serials(gql, {"escalated": True}) == [s["D"]]
    assert await _serials(gql, {"satisfaction": ["UNSATISFIED"]}) == [s["D"]]
    assert await _serials(gql, {"text": "登记"}) == [s["C"]]
    assert set(await _serials(gql, {"dueBefore": "2026-12-09T00:00:00+00:00"})) == {s["A"], s["B"], s["D"]}
    assert await _serials(gql, {"dueBefore": "2026-12-08T00:00:00+00:00"}) == []
    window = {"receivedFrom": "2026-11-24T02:30:00+00:00", "receivedTo": "2026-11-24T03:30:00+00:00"}
    assert await _serials(gql, window) == [s["D"]]
    assert await _serials(gql, {"unitCode": "NOPE"}) == []


async def test_enterprise_id_filter_and_ordering(gql, clock) -> None:  # type: ignore[no-untyped-def]
    s = await _world(gql, clock)
    detail = (await gql(BY_SERIAL, {"s": s["C"]}))["complaint"]
    enterprises = await gql(ENTERPRISE_IDS, {"f": {"creditCode": CODES[1]}})
    eid = enterprises["enterprises"]["nodes"][0]["id"]
    assert await _serials(gql, {"enterpriseId": eid}) == [detail["serialNo"]]
    ascending = await _serials(gql, order=[{"field": "SERIAL_NO"}])
    assert ascending == sorted(ascending) and len(ascending) == 4
    assert await _serials(gql, order=[{"field": "SERIAL_NO", "descending": True}]) == ascending[::-1]


async def test_unit_operators_see_their_subtree_only(gql, clock) -> None:  # type: ignore[no-untyped-def]
    s = await _world(gql, clock)
    assert set(await _serials(gql, as_="UNIT_OPERATOR")) == {s["A"], s["D"]}
    data = await gql(LIST, {"f": None, "o": None, "first": 1}, as_="UNIT_OPERATOR")
    assert data["complaints"]["totalCount"] == 2
    assert (await gql(BY_SERIAL, {"s": s["B"]}, as_="UNIT_OPERATOR"))["complaint"] is None
    b_id = (await gql(BY_SERIAL, {"s": s["B"]}))["complaint"]["id"]
    # Another unit's complaint is answered as a missing one: null, and NOT_FOUND for actions on it.
    assert (await gql(NODE, {"id": b_id}, as_="UNIT_OPERATOR"))["node"] is None
    a_id = (await gql(BY_SERIAL, {"s": s["A"]}))["complaint"]["id"]
    assert (await gql(NODE, {"id": a_id}, as_="UNIT_OPERATOR"))["node"]["serialNo"] == s["A"]
    for mutation, extra in ((CONTACT, {}), (RETURN, {"reason": "x"})):
        refused = await gql.refused(mutation, {"input": {"complaintId": b_id, **extra}}, as_="UNIT_OPERATOR")
        assert [e["code"] for e in refused] == ["NOT_FOUND"], refused
    # Another unit's Unit.complaints is empty for them too.
    spj = await gql(UNIT_COMPLAINTS, {"code": "DY.SPJ", "f": None}, as_="UNIT_OPERATOR")
    assert spj["unit"]["complaints"]["totalCount"] == 0


async def test_unit_complaints_field(gql, clock) -> None:  # type: ignore[no-untyped-def]
    s = await _world(gql, clock)
    data = await gql(UNIT_COMPLAINTS, {"code": "DY.DYQ", "f": {"reopened": True}})
    assert [n["serialNo"] for n in data["unit"]["complaints"]["nodes"]] == [s["D"]]
    data = await gql(UNIT_COMPLAINTS, {"code": "DY.SPJ", "f": None})
    assert data["unit"]["complaints"]["totalCount"] == 1


async def test_handling_roles(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    for role in ("HOTLINE", "SUPERVISOR", "VIEWER", "INSPECTOR"):
        error = await gql.error(CONTACT, {"input": {"complaintId": complaint["id"]}}, as_=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
    error = await gql.error(
        DISPATCH, {"input": {"complaintId": complaint["id"], "unitCode": "DY.SPJ"}}, as_="UNIT_OPERATOR"
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
    visit = {"complaintId": complaint["id"], "satisfaction": "SATISFIED", "problemSolved": True}
    assert (await gql.error(VISIT, {"input": visit}, as_="UNIT_OPERATOR"))["extensions"][
        "code"
    ] == "FORBIDDEN"


async def test_sql_statements_do_not_grow_with_page_size(gql, clock) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        await resolved(gql, ref=f"S{n}")
    with count_sql() as small:
        await gql(PAGE, {"first": 1})
    for n in range(3, 9):
        await resolved(gql, ref=f"S{n}")
    with count_sql() as large:
        data = await gql(PAGE, {"first": 9})
    assert len(data["complaints"]["nodes"]) == 9
    assert large.count == small.count


def _with_leaves(name: str, field: Any) -> str:
    """`name`, with the leaf fields of its type one level down when it is an object (or list of)."""
    named = get_named_type(field.type)
    if is_leaf_type(named):
        return name
    leaves = [n for n, f in named.fields.items() if is_leaf_type(get_named_type(f.type))]
    return f"{name} {{ {' '.join(leaves)} }}"


async def test_a_page_reading_only_its_columns_answers_as_whole_rows(gql, clock) -> None:  # type: ignore[no-untyped-def]
    """A page loads only the columns its selection reads (`complaint_columns`); each field, alone and
    all together, answers exactly what `node` (whole rows) answers."""
    await _world(gql, clock)
    fields = app_schema._schema.type_map["Complaint"].fields  # noqa: SLF001
    assert COMPLAINTS.columns_for(set(fields)) is not None, (
        "a Complaint field is neither a column nor in the listing's `needs`"
    )
    listed = COMPLAINTS.columns_for(
        {"id", "serialNo", "title", "status", "receivedAt", "enterprise", "breaches"}
    )
    assert listed is not None and "content" not in listed and "enterprise_id" in listed
    assert COMPLAINTS.columns_for({"serialNo", "somethingNew"}) is None
    selections = {name: _with_leaves(name, f) for name, f in fields.items()}
    everything = " ".join(selections.values())
    first = await gql(f"{{ complaints(first: 10) {{ nodes {{ id {everything} }} }} }}")
    ids = [n["id"] for n in first["complaints"]["nodes"]]
    assert len(ids) == 4
    whole = {}
    for node_id in ids:
        one = await gql(
            f"query($id: ID!) {{ node(id: $id) {{ id ... on Complaint {{ {everything} }} }} }}",
            {"id": node_id},
        )
        whole[node_id] = one["node"]
    assert first["complaints"]["nodes"] == [whole[i] for i in ids]
    for name, selection in selections.items():
        page = await gql(f"{{ complaints(first: 10) {{ nodes {{ id {selection} }} }} }}")
        assert [n[name] for n in page["complaints"]["nodes"]] == [whole[i][name] for i in ids], name
