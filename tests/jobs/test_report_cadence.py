"""Reporting cadence (周调度、月总结): a task's required cadence set through the API, the overdue job's
REPORT_MISSING flags for a period without a progress report, their clearing, and their digest items."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jobs.report_cadence import last_period
from jobs.runner import run_job
from models.overdue import OverdueFlag
from models.task import ReportingCadence as RC
from resolvers.demo import ledger
from resolvers.ledger import transitions as t
from tests.ledger.setup import gid, make_plan, make_task

CREATE = """
mutation($input: CreateTaskInput!) {
  createTask(input: $input) { task { id reportingCadence } userErrors { field code } }
}
"""
UPDATE = """
mutation($input: UpdateTaskInput!) {
  updateTask(input: $input) { task { reportingCadence } userErrors { field code } }
}
"""
OVERDUE = """
query($f: OverdueFilter) {
  overdue(filter: $f, first: 50) {
    totalCount
    nodes { kind dueAt clearedAt unit { code } subject { __typename ... on Task { code isOverdue } } }
  }
}
"""
DIGESTS = """
query { digests(filter: {period: DAILY}, first: 50) {
  nodes { recipientUnit { code } items { category kind subject { __typename ... on Task { code } } } } } }
"""

# Tuesday 2030-03-05, 10:00 in Shanghai: last week is 02-25..03-03, last month February, last quarter
# 2029 Q4. Far enough ahead that the tasks (created at the real time) existed before those periods.
TUESDAY = datetime(2030, 3, 5, 2, 0, tzinfo=UTC)


def test_last_completed_periods() -> None:
    assert last_period(RC.WEEKLY, date(2030, 3, 5)) == (date(2030, 2, 25), date(2030, 3, 3))
    assert last_period(RC.WEEKLY, date(2030, 3, 4)) == (date(2030, 2, 25), date(2030, 3, 3))  # a Monday
    assert last_period(RC.MONTHLY, date(2030, 3, 1)) == (date(2030, 2, 1), date(2030, 2, 28))
    assert last_period(RC.MONTHLY, date(2030, 1, 15)) == (date(2029, 12, 1), date(2029, 12, 31))
    assert last_period(RC.QUARTERLY, date(2030, 3, 31)) == (date(2029, 10, 1), date(2029, 12, 31))
    assert last_period(RC.QUARTERLY, date(2030, 4, 1)) == (date(2030, 1, 1), date(2030, 3, 31))


async def test_cadence_is_set_on_create_and_update(gql, scope, units) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    created = await gql(
        CREATE,
        {
            "input": {
                "planId": gid(plan),
                "title": "每月调度的任务",
                "category": "MARKET",
                "leadUnitCodes": ["DY.SPJ"],
                "reportingCadence": "MONTHLY",
            }
        },
    )
    task = created["createTask"]["task"]
    assert task["reportingCadence"] == "MONTHLY"
    updated = await gql(UPDATE, {"input": {"id": task["id"], "reportingCadence": "WEEKLY"}})
    assert updated["updateTask"]["task"]["reportingCadence"] == "WEEKLY"
    untouched = await gql(UPDATE, {"input": {"id": task["id"], "title": "每周调度的任务"}})
    assert untouched["updateTask"]["task"]["reportingCadence"] == "WEEKLY"
    plain = await gql(
        CREATE,
        {
            "input": {
                "planId": gid(plan),
                "title": "不定期",
                "category": "MARKET",
                "leadUnitCodes": ["DY.SPJ"],
            }
        },
    )
    assert plain["createTask"]["task"]["reportingCadence"] == "NONE"


async def _run(clock, name: str = "overdue") -> None:  # type: ignore[no-untyped-def]
    run = await run_job(name, clock())
    assert run is not None and run.status.value == "SUCCEEDED", run and run.error


async def _report(scope, clock, task_id: int, when: datetime) -> None:  # type: ignore[no-untyped-def]
    clock.set(when)
    await t.report_progress(scope, t.ReportProgress(task_id, "召开调度会，推进有序", 40))


@pytest.fixture
async def tasks(scope, clock, units):  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    monthly = await make_task(scope, plan, "1", reporting_cadence=RC.MONTHLY)
    weekly = await make_task(scope, plan, "2", lead_unit_codes=["DY.DYQ"], reporting_cadence=RC.WEEKLY)
    quarterly = await make_task(scope, plan, "3", reporting_cadence=RC.QUARTERLY)
    await make_task(scope, plan, "4")  # no cadence, never reported: never flagged
    done = await make_task(scope, plan, "5", reporting_cadence=RC.MONTHLY)
    await t.start_task(scope, t.TaskTransition(done.id))
    await t.complete_task(scope, t.CompleteTask(done.id, "已办结"))
    await _report(scope, clock, weekly.id, datetime(2030, 3, 3, 15, 59, tzinfo=UTC))  # Sun 23:59 local
    await _report(scope, clock, quarterly.id, datetime(2029, 12, 15, 2, 0, tzinfo=UTC))
    return monthly, weekly, quarterly


async def test_a_period_without_a_report_is_flagged_on_the_lead_unit(gql, clock, tasks) -> None:  # type: ignore[no-untyped-def]
    clock.set(TUESDAY)
    await _run(clock)
    nodes = (await gql(OVERDUE, {"f": {"kinds": ["REPORT_MISSING"]}}))["overdue"]["nodes"]
    # Due when February ended: 03-01 00:00 local.
    assert [(n["subject"]["code"], n["unit"]["code"], n["dueAt"][:16]) for n in nodes] == [
        ("1", "DY.SPJ", "2030-02-28T16:00")
    ]
    # Its own deadline has not passed: the task is not overdue, and the TASK kind has no flag.
    assert nodes[0]["subject"]["isOverdue"] is False
    assert (await gql(OVERDUE, {"f": {"kinds": ["TASK"]}}))["overdue"]["totalCount"] == 0
    # The weekly report at 00:00 Monday local would be this week's: one second earlier is last week's.
    clock.set(datetime(2030, 3, 11, 2, 0, tzinfo=UTC))
    await _run(clock)
    codes = {
        n["subject"]["code"]
        for n in (await gql(OVERDUE, {"f": {"kinds": ["REPORT_MISSING"]}}))["overdue"]["nodes"]
    }
    assert codes == {"1", "2"}


async def test_a_late_report_clears_the_flag_and_the_next_missed_period_is_a_new_one(
    gql, scope, clock, tasks
) -> None:  # type: ignore[no-untyped-def]
    monthly, _, _ = tasks
    clock.set(TUESDAY)
    await _run(clock)
    assert (
        await OverdueFlag.filter(kind="REPORT_MISSING", subject_id=monthly.id, cleared_at=None).count() == 1
    )
    await _report(scope, clock, monthly.id, datetime(2030, 3, 6, 2, 0, tzinfo=UTC))
    await _run(clock)
    assert (
        await OverdueFlag.filter(kind="REPORT_MISSING", subject_id=monthly.id, cleared_at=None).count() == 0
    )
    clock.set(datetime(2030, 4, 2, 2, 0, tzinfo=UTC))  # March had its report (03-06)
    await _run(clock)
    assert (
        await OverdueFlag.filter(kind="REPORT_MISSING", subject_id=monthly.id, cleared_at=None).count() == 0
    )
    clock.set(datetime(2030, 5, 7, 2, 0, tzinfo=UTC))  # April had none
    await _run(clock)
    history = (await gql(OVERDUE, {"f": {"kinds": ["REPORT_MISSING"], "includeCleared": True}}))["overdue"]
    mine = [n for n in history["nodes"] if n["subject"]["code"] == "1"]
    assert sorted((n["dueAt"][:10], n["clearedAt"] is None) for n in mine) == [
        ("2030-02-28", False),
        ("2030-04-30", True),
    ]


async def test_the_flag_is_in_the_lead_units_digest(gql, clock, tasks) -> None:  # type: ignore[no-untyped-def]
    clock.set(TUESDAY)
    await _run(clock)
    await _run(clock, "digests")
    digests = (await gql(DIGESTS))["digests"]["nodes"]
    spj = next(d for d in digests if (d["recipientUnit"] or {}).get("code") == "DY.SPJ")
    assert {
        "category": "NEWLY_OVERDUE",
        "kind": "REPORT_MISSING",
        "subject": {"__typename": "Task", "code": "1"},
    } in spj["items"]


async def test_the_demo_has_a_monthly_task_missing_its_report(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await ledger.seed(scope)
    await _run(clock)
    nodes = (await gql(OVERDUE, {"f": {"kinds": ["REPORT_MISSING"]}}))["overdue"]["nodes"]
    # Task 3 never reports; task 10, also monthly, reported (at seeding, this period): not flagged.
    assert [(n["subject"]["code"], n["unit"]["code"]) for n in nodes] == [("3", "DY.FGW")]
