"""The demo ledger loads through the actions: both plans, sub-tasks, milestones, progress, past-due tasks."""

from __future__ import annotations

from models.task import Milestone, ProgressReport, Task, TaskStatus
from resolvers.demo import STEPS, ledger

PLANS = "{ plans(first: 10) { totalCount nodes { docNumber exportUrl } } }"
FEIXIAN = '{ tasks(filter: {leadUnitCode: "FX"}, first: 10) { totalCount nodes { code status } } }'


async def test_demo_ledger(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    assert ledger.seed in STEPS
    await ledger.seed(scope)  # the units step ran already (the gql fixture's tokens need units)
    plans = (await gql(PLANS))["plans"]
    assert {p["docNumber"] for p in plans["nodes"]} == {"东政办字〔2024〕8号", "费政办字〔2023〕34号"}
    feixian = (await gql(FEIXIAN))["tasks"]
    assert feixian["totalCount"] == 5 and {n["status"] for n in feixian["nodes"]} == {"COMPLETED"}
    today = clock().date()
    open_states = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS]
    assert await Task.filter(due_on__lt=today, status__in=open_states).count() >= 2
    assert await Task.filter(parent_id__isnull=False).count() == 4
    assert await Milestone.all().count() == 30
    assert await ProgressReport.all().count() > 10
