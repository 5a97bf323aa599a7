"""Writing a checked ledger (台账) in batches: tasks level by level, then their unit links and events.

What `actions.create_task` writes per task, in a few statements per level instead of ~8 per row
(its checks were made on the whole file before: see `ledger_io`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tortoise import timezone

from models.bulk import insert_rows
from models.plan import Plan
from models.task import Task, TaskStatus, TaskUnit, UnitRole, code_sort_key
from resolvers.access import Scope
from resolvers.events import record_events
from resolvers.ledger.common import unit_roles
from resolvers.ledger.ledger_rows import LedgerRow

__all__ = ["write_rows"]


def _parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


_TASK_COLUMNS = (
    "plan_id",
    "parent_id",
    "code",
    "code_key",
    "title",
    "description",
    "category",
    "origin",
    "responsible_leader",
    "due_on",
    "target_indicator",
    "target_value",
    "target_unit",
    "status",
    "is_overdue",
    "version",
    "created_at",
    "updated_at",
)
_LINK_COLUMNS = ("task_id", "unit_id", "role", "position")


def _task(plan: Plan, row: LedgerRow, parents: dict[str, int], now: datetime) -> tuple[object, ...]:
    """The task table's values for a row, as `create_task` writes them."""
    parent = _parent_code(row.code)
    indicator, value, unit = row.target or (None, None, None)
    return (
        plan.id,
        parents.get(parent) if parent else None,
        row.code,
        code_sort_key(row.code),
        row.title,
        row.note,
        row.category,
        row.origin,
        row.leader,
        row.due_on,
        indicator,
        value,
        unit,
        TaskStatus.NOT_STARTED,
        False,
        1,
        now,
        now,
    )


def _links(task_id: int, row: LedgerRow) -> tuple[list[tuple[object, ...]], dict[str, list[str]]]:
    """The task_unit rows as `create_task` writes them (each unit once), and its event's unit codes."""
    roles = unit_roles(list({u.id: u for u in row.lead}.values()), list({u.id: u for u in row.co}.values()))
    codes: dict[str, list[str]] = {"lead": [], "co": []}
    for unit, role, _ in roles:
        codes["lead" if role is UnitRole.LEAD else "co"].append(unit.code)
    return [(task_id, unit.id, role, n) for unit, role, n in roles], codes


async def _ids_by_code(plan: Plan) -> dict[str, int]:
    return {code: id for id, code in await Task.filter(plan_id=plan.id).values_list("id", "code") if code}


async def _write_level(scope: Scope, plan: Plan, rows: list[LedgerRow], parents: dict[str, int]) -> None:
    now = timezone.now()
    await insert_rows(Task, _TASK_COLUMNS, (_task(plan, row, parents, now) for row in rows))
    parents.update(await _ids_by_code(plan))
    links: list[tuple[object, ...]] = []
    events: list[tuple[str, int, str, str, dict[str, Any] | None]] = []
    for row in rows:
        task_id = parents[row.code]
        task_links, codes = _links(task_id, row)
        links += task_links
        data = {"code": row.code, "due_on": row.due_on.isoformat() if row.due_on else None, **codes}
        events.append(("Task", task_id, "CREATED", f"新建任务 {row.title}", data))
    await insert_rows(TaskUnit, _LINK_COLUMNS, links)
    await record_events(scope, events)


async def write_rows(
    scope: Scope,
    plan: Plan,
    rows: list[LedgerRow],
    existing: dict[str, int],
    on_row: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Create the rows' tasks, parents before children; the new tasks' ids, by code."""
    levels: dict[int, list[LedgerRow]] = {}
    for row in rows:
        levels.setdefault(row.code.count("."), []).append(row)
    parents, done = dict(existing), 0
    for depth in sorted(levels):
        await _write_level(scope, plan, levels[depth], parents)
        done += len(levels[depth])
        if on_row:
            on_row(done, len(rows))
    return [parents[row.code] for row in sorted(rows, key=lambda r: code_sort_key(r.code))]
