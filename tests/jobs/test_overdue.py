"""The overdue job over tasks and milestones: flags across a holiday, working days, clearing, idempotency."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jobs.runner import run_job
from models.event import Event
from models.overdue import OverdueFlag
from resolvers.ledger import actions
from resolvers.ledger import transitions as t
from tests.ledger.setup import gid, make_plan, make_task

OVERDUE = """
query($f: OverdueFilter) {
  overdue(filter: $f, first: 50) {
    totalCount
    nodes { kind overdueWorkingDays clearedAt unit { code } subject { __typename ... on Task { code } ... on Milestone { title } } }
  }
}
"""
TASK = "query($id: ID!) { node(id: $id) { ... on Task { isOverdue overdueSince overdueWorkingDays milestones { isOverdue overdueWorkingDays } } } }"
COUNTS = """query {
  spj: unit(code: "DY.SPJ") { overdueCount overdueByKind { kind count } }
  dyq: unit(code: "DY.DYQ") { overdueCount overdueByKind { kind count } }
}"""

# 2025-10-09 10:00 in Shanghai: the first working day after National Day (10-01..10-08 off).
AFTER_NATIONAL_DAY = datetime(2025, 10, 9, 2, 0, tzinfo=UTC)


@pytest.fixture
async def work(scope, units):  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    late = await make_task(scope, plan, "1", due_on=date(2025, 9, 30))
    await t.start_task(scope, t.TaskTransition(late.id))
    await actions.add_milestone(scope, actions.AddMilestone(late.id, "完成系统对接", date(2025, 9, 26)))
    later = await make_task(scope, plan, "2", lead_unit_codes=["DY.DYQ"], due_on=date(2025, 10, 20))
    return late, later


async def _run(clock) -> int:  # type: ignore[no-untyped-def]
    run = await run_job("overdue", clock())
    assert run is not None and run.status.value == "SUCCEEDED", run and run.error
    return run.rows_touched or 0


async def test_flags_count_working_days_across_national_day(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    late, _ = work
    clock.set(AFTER_NATIONAL_DAY)
    await _run(clock)
    data = (await gql(OVERDUE, {"f": {"unitCode": "DY"}}))["overdue"]
    assert data["totalCount"] == 2
    days = {(n["kind"], n["unit"]["code"]): n["overdueWorkingDays"] for n in data["nodes"]}
    # Task due 09-30: the only working day since is 10-09. Milestone due 09-26 (Fri): Sun 09-28 was a
    # make-up working day, then 09-29, 09-30 and 10-09.
    assert days == {("TASK", "DY.SPJ"): 1, ("MILESTONE", "DY.SPJ"): 4}
    task = (await gql(TASK, {"id": gid(late)}))["node"]
    assert task["isOverdue"] is True and task["overdueWorkingDays"] == 1
    assert task["overdueSince"].startswith("2025-10-09T02:00")
    assert task["milestones"] == [{"isOverdue": True, "overdueWorkingDays": 4}]
    counts = await gql(COUNTS)
    assert counts["spj"]["overdueCount"] == 2
    assert counts["spj"]["overdueByKind"] == [{"kind": "MILESTONE", "count": 1}, {"kind": "TASK", "count": 1}]
    assert counts["dyq"] == {"overdueCount": 0, "overdueByKind": []}


async def test_working_days_grow_on_a_make_up_saturday(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(AFTER_NATIONAL_DAY)
    await _run(clock)
    clock.set(datetime(2025, 10, 11, 2, 0, tzinfo=UTC))  # Saturday 10-11, a make-up working day
    await _run(clock)
    data = (await gql(OVERDUE, {"f": {"kinds": ["TASK"]}}))["overdue"]
    assert data["nodes"][0]["overdueWorkingDays"] == 3  # 10-09, 10-10, 10-11


async def test_a_second_run_changes_nothing_and_breach_events_are_written_once(clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(AFTER_NATIONAL_DAY)
    assert await _run(clock) > 0
    events = await Event.filter(kind="BREACH_DETECTED").count()
    assert events == 2
    assert await _run(clock) == 0
    clock.advance(minutes=5)
    assert await _run(clock) == 0
    assert await Event.filter(kind="BREACH_DETECTED").count() == events
    assert await OverdueFlag.all().count() == 2


async def test_completing_the_task_clears_its_flags(gql, clock, scope, work) -> None:  # type: ignore[no-untyped-def]
    late, _ = work
    clock.set(AFTER_NATIONAL_DAY)
    await _run(clock)
    clock.advance(hours=1)
    await t.complete_task(scope, t.CompleteTask(late.id, "已完成系统对接并上线"))
    await _run(clock)
    assert (await gql(OVERDUE, {"f": None}))["overdue"]["totalCount"] == 0
    history = (await gql(OVERDUE, {"f": {"includeCleared": True}}))["overdue"]["nodes"]
    assert len(history) == 2 and all(n["clearedAt"] for n in history)
    assert (await gql(TASK, {"id": gid(late)}))["node"]["isOverdue"] is False


async def test_extending_the_due_date_clears_the_flag(clock, scope, work) -> None:  # type: ignore[no-untyped-def]
    late, _ = work
    clock.set(AFTER_NATIONAL_DAY)
    await _run(clock)
    await actions.update_task(scope, actions.UpdateTask(id=late.id, due_on=date(2025, 10, 31)))
    await _run(clock)
    assert await OverdueFlag.filter(kind="TASK", cleared_at=None).count() == 0


async def test_unit_operators_see_only_their_subtrees_flags(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2025, 10, 22, 2, 0, tzinfo=UTC))  # task 2 (东营区) is now overdue too
    await _run(clock)
    mine = (await gql(OVERDUE, {"f": None}, as_="UNIT_OPERATOR"))["overdue"]
    assert mine["totalCount"] == 1 and mine["nodes"][0]["unit"]["code"] == "DY.DYQ"
    everyone = (await gql(OVERDUE, {"f": None}, as_="SUPERVISOR"))["overdue"]
    assert everyone["totalCount"] == 3


async def test_min_working_days_filter(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(AFTER_NATIONAL_DAY)
    await _run(clock)
    data = (await gql(OVERDUE, {"f": {"minWorkingDays": 2}}))["overdue"]
    assert [n["kind"] for n in data["nodes"]] == ["MILESTONE"]


# Complaint SLA stages ("2110"): dispatched Friday 2025-09-26 09:00 in Shanghai.
FRIDAY_9AM = datetime(2025, 9, 26, 1, 0, tzinfo=UTC)
COMPLAINT = "query($sn: String!) { complaint(serialNo: $sn) { isOverdue contactDueAt replyDueAt } }"


@pytest.fixture
async def complaint(scope, clock, units):  # type: ignore[no-untyped-def]
    from models.complaint import ComplaintChannel, ComplaintKind
    from resolvers.complaints import handling, intake
    from resolvers.complaints.enterprises import RegisterEnterprise

    clock.set(FRIDAY_9AM)
    received = await intake.receive_complaint(
        scope,
        intake.ReceiveComplaint(
            channel=ComplaintChannel.HOTLINE_12345,
            kind=ComplaintKind.HELP,
            title="施工许可办理进度咨询",
            content="企业反映施工许可申请已提交两周，请求加快办理。",
            new_enterprise=RegisterEnterprise(
                name="东营瑞达石油装备有限公司", credit_code="91370502MA3C4EL90Y"
            ),
            received_at=FRIDAY_9AM,
        ),
    )
    return await handling.dispatch_complaint(scope, handling.DispatchComplaint(received.id, "DY.SPJ"))


async def test_complaint_stages_are_flagged_and_cleared(gql, clock, scope, complaint) -> None:  # type: ignore[no-untyped-def]
    from resolvers.complaints import handling

    clock.set(datetime(2025, 9, 26, 4, 0, tzinfo=UTC))  # 12:00: the 2-hour contact deadline has passed
    await _run(clock)
    flags = (await gql(OVERDUE, {"f": {"kinds": ["COMPLAINT_STAGE"]}}))["overdue"]["nodes"]
    assert [(n["unit"]["code"], n["overdueWorkingDays"]) for n in flags] == [("DY.SPJ", 0)]
    assert (await gql(COMPLAINT, {"sn": complaint.serial_no}))["complaint"]["isOverdue"] is True
    await handling.record_contact(scope, handling.RecordStage(complaint.id))
    await _run(clock)
    assert (await gql(OVERDUE, {"f": None}))["overdue"]["totalCount"] == 0
    # The first reply was due at the end of Sunday 09-28, a make-up working day; Monday it is overdue.
    clock.set(datetime(2025, 9, 29, 1, 0, tzinfo=UTC))
    await _run(clock)
    stage = await OverdueFlag.get(cleared_at=None)
    assert (stage.stage, stage.due_date, stage.overdue_working_days) == ("REPLY", date(2025, 9, 28), 1)


RANKING = 'query { unitRanking(from: "2025-10-01", to: "2025-10-31", metric: OVERDUE_TASKS) { rank value unit { code } } }'


async def test_ranking_by_overdue_tasks_reads_the_flags(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(AFTER_NATIONAL_DAY)
    await _run(clock)
    ranking = (await gql(RANKING))["unitRanking"]
    values = {r["unit"]["code"]: r["value"] for r in ranking}
    assert values["DY.SPJ"] == 2 and values["DY"] == 2  # the city rolls its departments up
    assert ranking[0]["value"] == 0 and ranking[-1]["value"] == 2  # fewer overdue ranks higher
