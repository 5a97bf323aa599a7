"""The demo's chains: from an escalated complaint and from an overdue task, each to a filed case."""

from __future__ import annotations

from resolvers.demo import chains, complaints, ledger, supervision
from schema.node import encode_id

TRACE = "query($id: ID!) { trace(id: $id) { nodes { __typename } edges { relation } } }"


async def test_demo_chains_reach_sanctions(gql, scope) -> None:  # type: ignore[no-untyped-def]
    from models.link import Link, LinkRelation

    for step in (ledger.seed, complaints.seed, supervision.seed, chains.seed):
        await step(scope)
    for origin in ("Complaint", "Task"):
        link = await Link.filter(
            from_type=origin, relation=LinkRelation.ESCALATED_TO, to_type="SupervisionItem"
        )
        chained = []
        for edge in link:
            trace = (await gql(TRACE, {"id": encode_id(origin, edge.from_id)}, as_="INSPECTOR"))["trace"]
            chained.append({n["__typename"] for n in trace["nodes"]})
        assert any(
            {origin, "SupervisionItem", "Clue", "Case", "Sanction", "Recommendation"} <= kinds
            for kinds in chained
        )
