"""The list's unit filter: the subtree expanded to ids in one statement, pages walked in order, no join on unit."""

from __future__ import annotations

from resolvers.complaints.queries import subtree_ids
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
    pageInfo { hasNextPage endCursor } nodes { serialNo handlingUnit { code } }
  }
}
"""


async def _seed(gql, clock) -> list[str]:  # type: ignore[no-untyped-def]
    """The serials, newest first (the list's default order)."""
    made = []
    for n, (unit, minutes) in enumerate(SEEDS):
        clock.advance(minutes=minutes)
        made.append((await dispatched(gql, unit=unit, ref=f"M{n}"))["serialNo"])
    return made[::-1]


async def _walk(gql, f: dict, size: int) -> list[str]:  # type: ignore[no-untyped-def]
    walked: list[str] = []
    after = None
    while True:
        data = await gql(WALK, {"f": f, "first": size, "after": after})
        walked += [n["serialNo"] for n in data["complaints"]["nodes"]]
        if not data["complaints"]["pageInfo"]["hasNextPage"]:
            return walked
        after = data["complaints"]["pageInfo"]["endCursor"]


async def test_subtree_ids(units) -> None:  # type: ignore[no-untyped-def]
    county = await subtree_ids("DY.DYQ", True)
    assert len(county) > 2
    (itself,) = await subtree_ids("DY.DYQ", False)
    assert itself in county
    assert set(await subtree_ids("DY.DYQ.XD", True)) < set(county)
    assert await subtree_ids("NO.SUCH", True) == []


async def test_pages_walk_the_subtree_in_order(gql, clock) -> None:  # type: ignore[no-untyped-def]
    newest_first = await _seed(gql, clock)
    outside = newest_first[SEEDS[::-1].index(("DY.SPJ", 1))]
    county = [s for s in newest_first if s != outside]
    for size in (1, 2, 3, 100):
        assert await _walk(gql, {"unitCode": "DY.DYQ"}, size) == county
    alone = await _walk(gql, {"unitCode": "DY.DYQ", "includeDescendants": False}, 2)
    assert len(alone) == 2 and set(alone) < set(county)
    assert await _walk(gql, {"unitCode": "NO.SUCH"}, 5) == []


async def test_the_page_does_not_join_unit(gql, clock) -> None:  # type: ignore[no-untyped-def]
    await _seed(gql, clock)
    with count_sql() as sql:
        data = await gql(WALK, {"f": {"unitCode": "DY.DYQ"}, "first": 5})
    assert len(data["complaints"]["nodes"]) == 5
    (page,) = [s for s in sql.statements if 'FROM "complaint"' in s and "LIMIT" in s]
    assert '"unit"' not in page and "handling_unit_id" in page
