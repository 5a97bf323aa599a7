"""Writing a checked ledger (台账) in batches: tasks level by level, then their unit links and events.

What `actions.create_task` writes per task, in a few statements per level instead of ~8 per row
(its checks were made on the whole file before: see `ledger_io`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.plan import Plan
from models.task import Task, TaskUnit, UnitRole, code_sort_key
from resolvers.access import Scope
from resolvers.events import record_events
from resolvers.ledger.common import unit_links
from resolvers.ledger.ledger_rows import LedgerRow

__all__ = ["write_rows"]

BATCH = 500


def _parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def _task(plan: Plan, row: LedgerRow, parents: dict[str, int]) -> Task:
    parent = _parent_code(row.code)
    indicator, value, unit = row.target or (None, None, None)
    return Task(
        plan_id=plan.id,
        parent_id=parents.get(parent) if parent else None,
        code=row.code,
        code_key=code_sort_key(row.code),
        title=row.title,
        category=row.category,
        origin=row.origin,
        responsible_leader=row.leader,
        due_on=row.due_on,
        target_indicator=indicator,
        target_value=value,
        target_unit=unit,
    )


def _links(task_id: int, row: LedgerRow) -> tuple[list[TaskUnit], dict[str, list[str]]]:
    """As `create_task` links them (each unit once), and their codes as its event records them."""
    leads = list({u.id: u for u in row.lead}.values())
    links = unit_links(task_id, leads, list({u.id: u for u in row.co}.values()))
    return links, {
        "lead": [u.code for u in leads],
        "co": [link.unit.code for link in links if link.role is UnitRole.CO],
    }


async def _ids_by_code(plan: Plan) -> dict[str, int]:
    return {code: id for id, code in await Task.filter(plan_id=plan.id).values_list("id", "code") if code}


async def _write_level(scope: Scope, plan: Plan, rows: list[LedgerRow], parents: dict[str, int]) -> None:
    await Task.bulk_create([_task(plan, row, parents) for row in rows], batch_size=BATCH)
    parents.update(await _ids_by_code(plan))
    links: list[TaskUnit] = []
    events: list[tuple[str, int, str, str, dict[str, Any] | None]] = []
    for row in rows:
        task_id = parents[row.code]
        task_links, codes = _links(task_id, row)
        links += task_links
        data = {"code": row.code, "due_on": row.due_on.isoformat() if row.due_on else None, **codes}
        events.append(("Task", task_id, "CREATED", f"新建任务 {row.title}", data))
    await TaskUnit.bulk_create(links, batch_size=BATCH)
    await record_events(scope, events)


async def write_rows(
    scope: Scope,
    plan: Plan,
    rows: list[LedgerRow],
    existing: dict[str, int],
    on_row: Callable[[int, int], None] | None = None,
) -> list[Task]:
    """Create the rows' tasks, parents before children; the new tasks, by code."""
    levels: dict[int, list[LedgerRow]] = {}
    for row in rows:
        levels.setdefault(row.code.count("."), []).append(row)
    parents, done = dict(existing), 0
    for depth in sorted(levels):
        await _write_level(scope, plan, levels[depth], parents)
        done += len(levels[depth])
        if on_row:
            on_row(done, len(rows))
    old = set(existing.values())
    tasks = [t for t in await Task.filter(plan_id=plan.id) if t.id not in old]
    return sorted(tasks, key=lambda t: t.code_key)
