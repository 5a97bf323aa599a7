"""unitRanking: equal figures share a rank (并列, 1, 2, 2, 4), units without a figure have no rank, and
the ranked set can be one unit's direct children (a county's units, the city's counties without the city)."""

from __future__ import annotations

from datetime import timedelta

from resolvers.complaints.stats import competition_ranks
from tests.complaints.test_stats import Builder, utc

RANKING = """
query($metric: RankingMetric!, $kind: UnitKind, $within: String) {
  unitRanking(from: "2026-11-01", to: "2026-11-30", metric: $metric, unitKind: $kind, withinUnitCode: $within) {
    rank unit { code } value stats { dueInPeriod resolvedInTime }
  }
}
"""


def test_competition_ranks() -> None:
    assert competition_ranks([0.9, 0.8, 0.8, 0.7, 0.7, 0.7, 0.1, None, None]) == [
        1,
        2,
        2,
        4,
        4,
        4,
        7,
        None,
        None,
    ]
    assert competition_ranks([]) == []


async def _on_time_figures(scope, clock) -> None:  # type: ignore[no-untyped-def]
    """东营区 (its 辛店街道) and 垦利区 1 of 1 in time, 河口区 1 of 2; 利津县 and 广饶县 nothing due."""
    b = Builder(scope, clock)
    day = utc(11, 2)
    await b.complaint("DY.DYQ.XD", day)
    await b.complaint("DY.KLQ", day)
    await b.complaint("DY.HKQ", day)
    await b.complaint("DY.HKQ", day, resolved_days=20)  # resolved 11-22, after its deadline
    clock.set(day + timedelta(days=30))


async def test_ties_share_a_rank_and_units_without_a_value_have_none(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await _on_time_figures(scope, clock)
    variables = {"metric": "ON_TIME_RATE", "kind": "GOVERNMENT", "within": "DY"}
    ranking = (await gql(RANKING, variables))["unitRanking"]
    assert [(e["rank"], e["unit"]["code"], e["value"]) for e in ranking] == [
        (1, "DY.DYQ", 1.0),
        (1, "DY.KLQ", 1.0),  # 并列第一: the unit code only orders the list
        (3, "DY.HKQ", 0.5),
        (None, "DY.GRX", None),
        (None, "DY.LJX", None),
    ]
    assert ranking[2]["stats"] == {"dueInPeriod": 2, "resolvedInTime": 1}


async def test_the_ranked_set_is_the_named_units_children(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await _on_time_figures(scope, clock)
    city = (await gql(RANKING, {"metric": "ON_TIME_RATE", "within": "DY"}))["unitRanking"]
    codes = [e["unit"]["code"] for e in city]
    assert "DY" not in codes and "DY.DYQ.XD" not in codes  # neither the parent nor a grandchild
    assert {"DY.DYQ", "DY.SPJ"} <= set(codes)
    departments = (await gql(RANKING, {"metric": "ON_TIME_RATE", "kind": "DEPARTMENT"}))["unitRanking"]
    assert "DY.SPJ" in [e["unit"]["code"] for e in departments]
    assert not {"DY", "DY.DYQ"} & {e["unit"]["code"] for e in departments}
    assert all(e["rank"] is None for e in departments)
    county = (await gql(RANKING, {"metric": "ON_TIME_RATE", "within": "DY.DYQ"}))["unitRanking"]
    assert [(e["rank"], e["unit"]["code"]) for e in county][0] == (1, "DY.DYQ.XD")
    assert all(e["unit"]["code"].startswith("DY.DYQ.") for e in county)
    assert all(e["rank"] is None for e in county[1:])


async def test_the_ranked_set_within_the_callers_subtree(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await _on_time_figures(scope, clock)
    seen = (await gql(RANKING, {"metric": "ON_TIME_RATE", "within": "DY"}, as_="UNIT_OPERATOR"))[
        "unitRanking"
    ]
    assert [(e["rank"], e["unit"]["code"]) for e in seen] == [(1, "DY.DYQ")]


async def test_an_unknown_unit_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(RANKING, {"metric": "ON_TIME_RATE", "within": "NOPE"})
    assert error["extensions"]["code"] == "NOT_FOUND"
