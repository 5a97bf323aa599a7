"""A unit subtree's page: the merged statement (one ordered branch per unit) returns the plain one's rows."""

from __future__ import annotations

from tortoise import connections

from models.complaint import Complaint
from resolvers.complaints.queries import (
    ComplaintFilter,
    ComplaintList,
    ComplaintOrder,
    ComplaintOrderField,
    filter_complaints,
    subtree_ids,
)
from tests.complaints.queries import dispatched
from tests.helpers import count_sql

# Units under 东营区 (the county itself, two of its units) and one outside it; the gaps are minutes,
# 0 gives ties on received_at (then the order falls back to the id).
SEEDS = [
    ("DY.DYQ.XD", 5),
    ("DY.DYQ", 0),
    ("DY.DYQ.WH", 7),
    ("DY.SPJ", 1),
    ("DY.DYQ.XD", 0),
    ("DY.DYQ.WH", 0),
    ("DY.DYQ", 3),
    ("DY.DYQ.XD", 2),
    ("DY.DYQ.WH", 4),
    ("DY.DYQ.XD", 0),
]
WALK = """
query($f: ComplaintFilter, $first: Int, $after: String) {
  complaints(filter: $f, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } nodes { serialNo }
  }
}
"""
ORDERS = [
    [],
    [ComplaintOrder(ComplaintOrderField.RECEIVED_AT)],
    [ComplaintOrder(ComplaintOrderField.SERIAL_NO, descending=True)],
    [ComplaintOrder(ComplaintOrderField.STATUS), ComplaintOrder(ComplaintOrderField.RECEIVED_AT)],
]


async def _seed(gql, clock) -> None:  # type: ignore[no-untyped-def]
    for n, (unit, minutes) in enumerate(SEEDS):
        clock.advance(minutes=minutes)
        await dispatched(gql, unit=unit, ref=f"M{n}")


def _ids(rows: list[Complaint]) -> list[int]:
    return [row.id for row in rows]


async def test_subtree_ids(units) -> None:  # type: ignore[no-untyped-def]
    county = await subtree_ids("DY.DYQ", True)
    assert len(county) > 2
    (itself,) = await subtree_ids("DY.DYQ", False)
    assert itself in county
    assert set(await subtree_ids("DY.DYQ.XD", True)) < set(county)
    assert await subtree_ids("NO.SUCH", True) == []


async def test_merged_page_equals_plain_page(gql, clock, scope) -> None:  # type: ignore[no-untyped-def]
    await _seed(gql, clock)
    f = ComplaintFilter(unit_code="DY.DYQ")
    postgres = connections.get("default").capabilities.dialect == "postgres"
    for order in ORDERS:
        found = await filter_complaints(Complaint.all(), f, order, scope.now())
        plain = ComplaintList(found.queryset, [])
        assert len(found.unit_ids) > 2
        for columns in ([], ["id", "serial_no"]):
            page = found.queryset.only(*columns) if columns else found.queryset
            for start in range(0, 11):
                for limit in (1, 2, 5, 10):
                    with count_sql() as sql:
                        merged = await found.fetch(page, start, limit)
                    expected = await plain.fetch(page, start, limit)
                    assert _ids(merged) == _ids(expected), (order, columns, start, limit)
                    assert ("UNION ALL" in sql.statements[0]) is postgres
    everything = await plain.fetch(found.queryset, 0, 100)
    assert len(everything) == 9  # DY.SPJ's is outside the county


async def test_list_pages_walk_the_subtree_in_order(gql, clock) -> None:  # type: ignore[no-untyped-def]
    await _seed(gql, clock)
    whole = await gql(WALK, {"f": {"unitCode": "DY.DYQ"}, "first": 100})
    serials = [n["serialNo"] for n in whole["complaints"]["nodes"]]
    assert len(serials) == 9
    walked: list[str] = []
    after = None
    while True:
        data = await gql(WALK, {"f": {"unitCode": "DY.DYQ"}, "first": 2, "after": after})
        walked += [n["serialNo"] for n in data["complaints"]["nodes"]]
        if not data["complaints"]["pageInfo"]["hasNextPage"]:
            break
        after = data["complaints"]["pageInfo"]["endCursor"]
    assert walked == serials
