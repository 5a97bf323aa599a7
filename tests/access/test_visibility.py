"""What each role sees inside the fields it may read: subtree-only connections with honest totals, no
discipline data in counts, nodes or digests, masked contacts for the viewer (issue 7, Authorization)."""

from __future__ import annotations

from collections import Counter

import pytest

from jobs.runner import run_job
from models.discipline import Case
from resolvers.demo import chains, complaints, ledger, supervision
from schema.node import encode_id

NON_INSPECTORS = ["SUPERVISOR", "UNIT_OPERATOR", "HOTLINE", "VIEWER"]

# Each scoped connection with the unit code(s) of every node it returns.
CONNECTIONS = {
    "complaints": "complaints(first: 100) { totalCount nodes { handlingUnit { code } } }",
    "tasks": "tasks(first: 100) { totalCount nodes { leadUnits { code } coUnits { code } } }",
    "supervisionItems": "supervisionItems(first: 100) { totalCount nodes { responsibleUnit { code } } }",
    # A flag follows its subject (the subject's listing decides): the subject is one the operator sees.
    "overdue": "overdue(first: 100) { totalCount nodes { kind subject { id } } }",
    "digests": "digests(first: 100) { totalCount nodes { recipientUnit { code } recipientRole } }",
}
OVERDUE = """
query($f: OverdueFilter) { overdue(filter: $f, first: 100) { totalCount nodes { kind unit { code } } } }
"""
UNIT_OVERDUE = "{ unit(code: $code) { overdueCount overdueByKind { kind count } } }"
DIGEST_ITEMS = "{ digests(first: 100) { nodes { recipientRole items { kind subject { __typename } } } } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
CONTACTS = """
{
  unit(code: "DY.DYQ") { liaisonName liaisonPhone }
  enterprises(first: 100) { nodes { contactName contactPhone } }
  complaints(first: 100) { nodes { enterprise { contactName contactPhone } } }
}
"""


@pytest.fixture
async def demo(scope, clock, units):  # type: ignore[no-untyped-def]
    """The demo's ledger, complaints, supervision and chains, then the overdue and digest jobs well after."""
    for step in (ledger.seed, complaints.seed, supervision.seed, chains.seed):
        await step(scope)
    clock.advance(days=56)  # a Tuesday: the daily digests go out
    for name in ("overdue", "digests"):
        run = await run_job(name, clock())
        assert run is not None and run.status.value == "SUCCEEDED", run and run.error


def _codes(field: str, node: dict) -> list[str]:  # type: ignore[type-arg]
    if field == "tasks":
        return [u["code"] for u in node["leadUnits"] + node["coUnits"]]
    (unit,) = [v for v in node.values() if isinstance(v, dict)]
    return [unit["code"]]


@pytest.mark.parametrize("field", list(CONNECTIONS))
async def test_unit_operators_see_their_subtree_and_count_only_that(gql, demo, field) -> None:  # type: ignore[no-untyped-def]
    query = "{ " + CONNECTIONS[field] + " }"
    everything = (await gql(query, as_="ADMIN"))[field]
    mine = (await gql(query, as_="UNIT_OPERATOR"))[field]
    assert 0 < mine["totalCount"] < everything["totalCount"]
    assert mine["totalCount"] == len(mine["nodes"])
    for node in mine["nodes"]:
        if field == "overdue":
            assert node["subject"] is not None, node
            continue
        assert any(code.startswith("DY.DYQ") for code in _codes(field, node)), node
    if field == "overdue":
        # Every flag whose subject the operator sees is listed: the list and node() give one answer.
        flags = (await gql("{ overdue(first: 100) { nodes { id subject { id } } } }", as_="ADMIN"))["overdue"]
        seen = set()
        for flag in flags["nodes"]:
            body = await gql.raw(NODE, {"id": flag["subject"]["id"]}, "UNIT_OPERATOR")
            if (body.get("data") or {}).get("node") is not None:
                seen.add(flag["id"])
        listed = (await gql("{ overdue(first: 100) { nodes { id } } }", as_="UNIT_OPERATOR"))["overdue"]
        assert {n["id"] for n in listed["nodes"]} == seen


async def test_unit_overdue_count_leaves_out_recommendations(gql, demo) -> None:  # type: ignore[no-untyped-def]
    flags = (await gql(OVERDUE, {"f": {"kinds": ["RECOMMENDATION"]}}, as_="INSPECTOR"))["overdue"]["nodes"]
    assert flags, "the demo has an overdue recommendation"
    code = flags[0]["unit"]["code"]
    own = {"unitCode": code, "includeDescendants": False}
    every = (await gql(OVERDUE, {"f": own}, as_="INSPECTOR"))["overdue"]["nodes"]
    public = [f for f in every if f["kind"] != "RECOMMENDATION"]
    assert len(public) < len(every)
    query = "query($code: String!) " + UNIT_OVERDUE
    for role in ["ADMIN", "INSPECTOR", *NON_INSPECTORS]:
        unit = (await gql(query, {"code": code}, as_=role))["unit"]
        expected = public if role != "HOTLINE" else [f for f in public if f["kind"] == "COMPLAINT_STAGE"]
        assert unit["overdueCount"] == len(expected), role
        by_kind = Counter(f["kind"] for f in expected)
        assert unit["overdueByKind"] == [{"kind": k, "count": by_kind[k]} for k in sorted(by_kind)], role


@pytest.mark.parametrize("role", NON_INSPECTORS)
async def test_non_inspectors_see_no_discipline_flags_or_digests(gql, demo, role) -> None:  # type: ignore[no-untyped-def]
    flags = (await gql(OVERDUE, {"f": None}, as_=role))["overdue"]["nodes"]
    assert "RECOMMENDATION" not in {f["kind"] for f in flags}
    if role == "HOTLINE":
        assert {f["kind"] for f in flags} == {"COMPLAINT_STAGE"}
        return
    for digest in (await gql(DIGEST_ITEMS, as_=role))["digests"]["nodes"]:
        assert digest["recipientRole"] != "INSPECTOR"
        for item in digest["items"]:
            assert item["kind"] != "RECOMMENDATION"
            assert item["subject"] is None or item["subject"]["__typename"] not in {"Recommendation", "Case"}


@pytest.mark.parametrize("role", NON_INSPECTORS)
async def test_a_case_node_is_forbidden_alike_whether_it_exists_or_not(gql, demo, role) -> None:  # type: ignore[no-untyped-def]
    case = await Case.all().order_by("id").first()
    assert case is not None
    real, missing = encode_id("Case", case.id), encode_id("Case", 999_999)
    seen = []
    for gid in (real, missing):
        body = await gql.raw(NODE, {"id": gid}, as_=role)
        assert body["data"] == {"node": None}
        (error,) = body["errors"]
        seen.append((error["extensions"]["code"], error["message"].replace(gid, "<id>")))
    assert seen[0] == seen[1] and seen[0][0] == "FORBIDDEN"
    assert (await gql(NODE, {"id": real}, as_="INSPECTOR"))["node"] == {"id": real}


async def test_the_viewer_sees_contacts_masked(gql, demo) -> None:  # type: ignore[no-untyped-def]
    plain = await gql(CONTACTS, as_="ADMIN")
    masked = await gql(CONTACTS, as_="VIEWER")
    assert plain["unit"]["liaisonPhone"] and plain["unit"]["liaisonName"]
    pairs = [(plain["unit"], masked["unit"])]
    pairs += zip(plain["enterprises"]["nodes"], masked["enterprises"]["nodes"], strict=True)
    pairs += [
        (p["enterprise"], v["enterprise"])
        for p, v in zip(plain["complaints"]["nodes"], masked["complaints"]["nodes"], strict=True)
        if p["enterprise"]
    ]
    checked = 0
    for shown, hidden in pairs:
        for name, phone in (("liaisonName", "liaisonPhone"), ("contactName", "contactPhone")):
            if shown.get(phone):
                assert hidden[phone] != shown[phone] and "****" in hidden[phone]
                assert hidden[phone][-4:] == shown[phone][-4:]
                checked += 1
            if shown.get(name):
                assert hidden[name] != shown[name] or len(shown[name]) == 1
                assert hidden[name][0] == shown[name][0] and "*" in hidden[name] + "*"
    assert checked > 10
    for role in ("ADMIN", "SUPERVISOR", "UNIT_OPERATOR", "HOTLINE"):
        assert (await gql(CONTACTS, as_=role))["unit"] == plain["unit"], role


UPDATE_LIAISON = """
mutation { updateUnit(input: {code: "DY.DYQ", liaisonName: "张三丰", liaisonPhone: "13912345678"}) {
  unit { id } userErrors { code } } }
"""
TIMELINE = "query($id: ID!) { trace(id: $id) { timeline { data } } }"


async def test_the_viewer_sees_contacts_masked_in_event_data_too(gql, units) -> None:  # type: ignore[no-untyped-def]
    unit = (await gql.ok(UPDATE_LIAISON))["unit"]["id"]
    (*_, changed) = (await gql(TIMELINE, {"id": unit}, as_="VIEWER"))["trace"]["timeline"]
    assert changed["data"]["after"] == {"liaison_name": "张**", "liaison_phone": "139****5678"}
    assert changed["data"]["before"]["liaison_phone"].count("*") == 4
    (*_, plain) = (await gql(TIMELINE, {"id": unit}, as_="SUPERVISOR"))["trace"]["timeline"]
    assert plain["data"]["after"] == {"liaison_name": "张三丰", "liaison_phone": "13912345678"}


RANKING = '{ unitRanking(from: "2026-11-01", to: "2026-11-30", metric: OVERDUE_TASKS) { rank } }'


async def test_the_hotline_gets_no_task_figures(gql, units) -> None:  # type: ignore[no-untyped-def]
    assert (await gql.error(RANKING, as_="HOTLINE"))["extensions"]["code"] == "FORBIDDEN"
    for role in ("SUPERVISOR", "UNIT_OPERATOR", "VIEWER"):
        assert (await gql(RANKING, as_=role))["unitRanking"]
