"""Dataloaders for the ledger: one SELECT per batch, whatever the page size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models.by_id import load_by_id
from models.event import Event
from models.plan import Plan
from models.task import Milestone, ProgressReport, Task, TaskUnit

__all__ = [
    "load_milestones",
    "load_milestones_by_id",
    "load_plans",
    "load_progress_reports",
    "load_subtasks",
    "load_task_events",
    "load_task_units",
    "load_tasks",
]


async def load_tasks(ids: Sequence[int]) -> list[Task | None]:
    return await load_by_id(Task, ids)


async def load_plans(ids: Sequence[int]) -> list[Plan | None]:
    return await load_by_id(Plan, ids)


async def load_milestones_by_id(ids: Sequence[int]) -> list[Milestone | None]:
    return await load_by_id(Milestone, ids)


async def load_task_units(task_ids: Sequence[int]) -> list[list[TaskUnit]]:
    """Each task's unit links with their units (one joined SELECT), lead first, in entered order."""
    grouped: dict[int, list[TaskUnit]] = defaultdict(list)
    links = TaskUnit.filter(task_id__in=set(task_ids)).select_related("unit")
    for link in await links.order_by("task_id", "role", "position", "id"):
        grouped[link.task_id].append(link)  # type: ignore[attr-defined]
    return [grouped[i] for i in task_ids]


async def load_milestones(task_ids: Sequence[int]) -> list[list[Milestone]]:
    grouped: dict[int, list[Milestone]] = defaultdict(list)
    for row in await Milestone.filter(task_id__in=set(task_ids)).order_by("due_on", "id"):
        grouped[row.task_id].append(row)  # type: ignore[attr-defined]
    return [grouped[i] for i in task_ids]


async def load_subtasks(task_ids: Sequence[int]) -> list[list[Task]]:
    grouped: dict[int, list[Task]] = defaultdict(list)
    for row in await Task.filter(parent_id__in=set(task_ids)).order_by("code_key", "id"):
        grouped[row.parent_id].append(row)  # type: ignore[index]
    return [grouped[i] for i in task_ids]


async def load_progress_reports(task_ids: Sequence[int]) -> list[list[ProgressReport]]:
    """Newest first."""
    grouped: dict[int, list[ProgressReport]] = defaultdict(list)
    rows = ProgressReport.filter(task_id__in=set(task_ids)).order_by("-reported_at", "-id")
    for row in await rows:
        grouped[row.task_id].append(row)  # type: ignore[attr-defined]
    return [grouped[i] for i in task_ids]


async def load_task_events(task_ids: Sequence[int]) -> list[list[Event]]:
    grouped: dict[int, list[Event]] = defaultdict(list)
    rows = Event.filter(subject_type="Task", subject_id__in=set(task_ids)).order_by("at", "id")
    for row in await rows:
        grouped[row.subject_id].append(row)
    return [grouped[i] for i in task_ids]
