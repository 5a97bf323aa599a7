"""The contract's forms restored: `complaintStats` takes an explicit null as its default, and the discipline
connections carry the contract's names."""

from __future__ import annotations

from typing import Any

from resolvers.access import Scope
from resolvers.demo import complaints as demo_complaints
from tests.helpers import Gql

STATS = """
query($from: Date!, $to: Date!, $units: [String!], $desc: Boolean, $group: StatsGrouping) {
  complaintStats(from: $from, to: $to, unitCodes: $units, includeDescendants: $desc, groupBy: $group) {
    unit { code } month received
  }
}
"""
STATS_LITERAL_NULLS = """
query($from: Date!, $to: Date!, $units: [String!]) {
  complaintStats(from: $from, to: $to, unitCodes: $units, includeDescendants: null, groupBy: null) {
    unit { code } month received
  }
}
"""
CONNECTIONS = """
query {
  disciplineCases { __typename ...Cases }
  disciplineClues { __typename ... on DisciplineClueConnection { totalCount } }
}
fragment Cases on DisciplineCaseConnection { totalCount }
"""
OLD_NAME = "query { disciplineCases { ... on CaseConnection { totalCount } } }"


async def test_complaint_stats_takes_an_explicit_null_as_the_default(gql: Gql, scope: Scope) -> None:
    await demo_complaints.seed(scope)
    # 东营区 handles complaints itself and through its streets (DY.DYQ.WH, DY.DYQ.XD): its subtree matters.
    period = {"from": "2026-08-01", "to": "2026-11-24", "units": ["DY.DYQ"]}

    async def stats(**values: object) -> list[dict[str, Any]]:
        return (await gql(STATS, {**period, **values}))["complaintStats"]

    omitted = await stats()
    assert sum(row["received"] for row in omitted) > 0
    assert await stats(desc=None, group=None) == omitted
    assert (await gql(STATS_LITERAL_NULLS, period))["complaintStats"] == omitted
    assert await stats(desc=True, group="UNIT") == omitted
    # The arguments still matter: null is the default, not whatever a missing value happens to do.
    assert await stats(desc=False, group=None) != omitted
    assert await stats(desc=None, group="MONTH") != omitted


async def test_discipline_connections_carry_the_contract_names(gql: Gql) -> None:
    data = await gql(CONNECTIONS, as_="INSPECTOR")
    assert data["disciplineCases"] == {"__typename": "DisciplineCaseConnection", "totalCount": 0}
    assert data["disciplineClues"] == {"__typename": "DisciplineClueConnection", "totalCount": 0}
    # The 0.1.0 name is gone (CHANGELOG.md, Unreleased, Breaking): a fragment on it is refused.
    error = await gql.error(OLD_NAME, as_="INSPECTOR")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "CaseConnection" in error["message"]
