"""`trace` walks only through what the caller may see: a row hidden from it stops the walk like an
unreadable type, so nothing beyond it shows and nothing hints that it is there."""

from __future__ import annotations

from datetime import date

from models.link import LinkRelation
from models.supervision import InspectionKind
from resolvers.links import add_link
from resolvers.supervision import inspections
from schema.node import encode_id
from tests.ledger.setup import make_plan, make_task

TRACE = "query($id: ID!) { trace(id: $id) { nodes { id __typename } edges { from to } } }"


async def test_a_hidden_item_stops_the_operators_walk(gql, scope) -> None:  # type: ignore[no-untyped-def]
    """A task 东营区 co-handles, escalated into the lead unit's item, which an inspection's finding opened:
    the operator sees the task, not the item, so neither the finding nor the inspection beyond it."""
    task = await make_task(scope, await make_plan(scope), "1", co_unit_codes=["DY.DYQ"])
    inspection = await inspections.create_inspection(
        scope, inspections.CreateInspection("营商环境专项督查", InspectionKind.INSPECTION, date(2026, 11, 20))
    )
    item = await inspections.add_finding(
        scope, inspections.AddFinding(inspection.id, "DY.SPJ", "审批超时", date(2026, 12, 31))
    )
    await add_link(scope, "Task", task.id, LinkRelation.ESCALATED_TO, "SupervisionItem", item.id)
    root = {"id": encode_id("Task", task.id)}
    everything = (await gql(TRACE, root, as_="ADMIN"))["trace"]
    assert sorted(n["__typename"] for n in everything["nodes"]) == [
        "Finding",
        "Inspection",
        "SupervisionItem",
        "Task",
    ]
    seen = (await gql(TRACE, root, as_="UNIT_OPERATOR"))["trace"]
    assert seen == {"nodes": [{"id": root["id"], "__typename": "Task"}], "edges": []}
