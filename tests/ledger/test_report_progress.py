"""reportProgress, completeTask by unit operators, milestones: responsibility checks and refusals."""

from __future__ import annotations

from datetime import date

from models.task import ProgressReport
from resolvers.ledger import actions
from resolvers.ledger import transitions as t
from schema.node import encode_id
from tests.ledger.setup import gid, make_plan, make_task

REPORT = """
mutation($input: ReportProgressInput!) {
  reportProgress(input: $input) {
    task { status progressPercent target { actualValue }
           progressReports(first: 5) { totalCount nodes { unit { code } text percent actualValue actor } } }
    userErrors { field message code }
  }
}
"""
COMPLETE = """
mutation($id: ID!) { completeTask(input: {id: $id, summary: "已办结"}) { task { status } userErrors { code } } }
"""
ADD_MILESTONE = """
mutation($input: AddMilestoneInput!) {
  addMilestone(input: $input) { task { version milestones { id title dueOn completedAt isOverdue } } userErrors { field code } }
}
"""
COMPLETE_MILESTONE = """
mutation($id: ID!) { completeMilestone(input: {id: $id}) { task { milestones { completedAt } } userErrors { code } } }
"""


async def test_co_unit_below_the_operator_reports_and_the_latest_percent_counts(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(
        scope, plan, "1", co_unit_codes=["DY.DYQ.XD"], target_value=80.0, target_indicator="网办率"
    )
    first = await gql.ok(
        REPORT, {"input": {"taskId": gid(task), "text": "已部署", "percent": 30}}, as_="UNIT_OPERATOR"
    )
    assert first["task"]["status"] == "IN_PROGRESS"  # the first report starts the task
    clock.advance(days=1)
    report = {"taskId": gid(task), "text": "网办率达到72%", "percent": 60, "actualValue": 72}
    second = (await gql.ok(REPORT, {"input": report}, as_="UNIT_OPERATOR"))["task"]
    assert second["progressPercent"] == 60
    assert second["target"]["actualValue"] == 72.0
    assert second["progressReports"]["totalCount"] == 2
    newest = second["progressReports"]["nodes"][0]
    assert newest == {
        "unit": {"code": "DY.DYQ.XD"},
        "text": "网办率达到72%",
        "percent": 60,
        "actualValue": 72.0,
        "actor": "test-unit_operator",
    }


async def test_an_operator_cannot_report_on_another_units_task(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1", co_unit_codes=["DY.KLQ"])
    # A task the operator may not see is answered exactly as a missing one.
    errors = await gql.refused(
        REPORT, {"input": {"taskId": gid(task), "text": "x", "percent": 5}}, as_="UNIT_OPERATOR"
    )
    assert errors[0]["code"] == "NOT_FOUND"
    assert await ProgressReport.all().count() == 0


async def test_report_refusals(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1")
    cases = [
        ({"percent": 101}, "INVALID_PERCENT", "percent"),
        ({"text": " "}, "REQUIRED", "reason"),
        ({"unitCode": "DY.KLQ"}, "NOT_RESPONSIBLE_UNIT", "unitCode"),
    ]
    for patch, code, field in cases:
        errors = await gql.refused(
            REPORT, {"input": {"taskId": gid(task), "text": "ok", "percent": 5, **patch}}
        )
        assert (errors[0]["code"], errors[0]["field"]) == (code, ["input", field])
    await t.suspend_task(scope, t.TaskTransition(task.id, reason="暂缓"))
    errors = await gql.refused(REPORT, {"input": {"taskId": gid(task), "text": "ok", "percent": 5}})
    assert errors[0]["code"] == "INVALID_TRANSITION"
    assert await ProgressReport.all().count() == 0


async def test_only_a_lead_unit_operator_completes(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    co_only = await make_task(scope, plan, "1", co_unit_codes=["DY.DYQ"])
    led = await make_task(scope, plan, "2", lead_unit_codes=["DY.DYQ.WH"])
    for task in (co_only, led):
        await t.start_task(scope, t.TaskTransition(task.id))
    error = await gql.error(COMPLETE, {"id": gid(co_only)}, as_="UNIT_OPERATOR")
    assert error["extensions"]["code"] == "FORBIDDEN"
    done = await gql.ok(COMPLETE, {"id": gid(led)}, as_="UNIT_OPERATOR")
    assert done["task"]["status"] == "COMPLETED"
    error = await gql.error(COMPLETE, {"id": gid(co_only)}, as_="VIEWER")
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_milestones(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1", lead_unit_codes=["DY.DYQ"])
    later = {"taskId": gid(task), "title": "全面推开", "dueOn": "2024-12-31"}
    await gql.ok(ADD_MILESTONE, {"input": later}, as_="SUPERVISOR")
    sooner = {"taskId": gid(task), "title": "试点", "dueOn": "2024-06-30"}
    added = (await gql.ok(ADD_MILESTONE, {"input": sooner}, as_="SUPERVISOR"))["task"]
    assert [m["title"] for m in added["milestones"]] == ["试点", "全面推开"]
    assert added["version"] == 3 and added["milestones"][0]["isOverdue"] is False
    error = await gql.error(ADD_MILESTONE, {"input": sooner}, as_="UNIT_OPERATOR")
    assert error["extensions"]["code"] == "FORBIDDEN"
    errors = await gql.refused(ADD_MILESTONE, {"input": {**sooner, "title": ""}})
    assert errors[0]["code"] == "REQUIRED"
    first_id = added["milestones"][0]["id"]
    done = await gql.ok(COMPLETE_MILESTONE, {"id": first_id}, as_="UNIT_OPERATOR")
    assert done["task"]["milestones"][0]["completedAt"].startswith("2026-11-24T02:00")
    errors = await gql.refused(COMPLETE_MILESTONE, {"id": first_id})
    assert errors[0]["code"] == "ALREADY_COMPLETED"
    errors = await gql.refused(COMPLETE_MILESTONE, {"id": encode_id("Milestone", 999)})
    assert errors[0]["code"] == "NOT_FOUND"


async def test_an_operator_cannot_complete_another_units_milestone(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1", lead_unit_codes=["DY.KLQ"], co_unit_codes=["DY.DYQ"])
    await actions.add_milestone(scope, actions.AddMilestone(task.id, "试点", date(2024, 6, 30)))
    milestone = (await task.milestones.all())[0]
    error = await gql.error(
        COMPLETE_MILESTONE, {"id": encode_id("Milestone", milestone.id)}, as_="UNIT_OPERATOR"
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
