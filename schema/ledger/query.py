"""Ledger root fields: `plans`, `tasks`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry

from models.task import UnitRole
from resolvers.ledger import queries
from resolvers.pagination import Page
from schema.commands import command
from schema.connection import Connection, listing_connection, to_connection
from schema.context import Info
from schema.ledger.inputs import TaskFilter, TaskOrder
from schema.ledger.types import Plan, Task

__all__ = ["LedgerQuery", "unit_tasks"]


async def unit_tasks(
    info: Info,
    filter: TaskFilter | None,
    first: int | None,
    after: str | None,
    *,
    lead_unit_id: int | None = None,
    co_unit_id: int | None = None,
) -> Connection[Task]:
    """`Unit.leadTasks` / `Unit.coTasks`: the task list narrowed to one unit's role.

    The units of one list ask together: one loader per field of the query (its path without list
    positions: the same field, arguments and variables for every unit of the list), batching by unit.
    """
    role = UnitRole.LEAD if lead_unit_id is not None else UnitRole.CO
    unit_id = lead_unit_id if lead_unit_id is not None else co_unit_id
    field = tuple(key for key in info.path.as_list() if isinstance(key, str))
    actor = info.context.actor

    async def pages(unit_ids: Sequence[int]) -> list[Page[Any]]:
        f = command(filter, queries.TaskFilter)
        return await queries.unit_task_pages(actor, f, role, list(unit_ids), first, after)

    loader = info.context.loaders.keyed(("unit_tasks", role, field), pages)
    return to_connection(await loader.load(unit_id))


@strawberry.type
class LedgerQuery:
    @strawberry.field(description="方案列表 (plans, newest issued first)")
    async def plans(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Plan]:
        return await listing_connection(
            info, queries.PLANS, await queries.list_plans(info.context.actor), first, after
        )

    @strawberry.field(
        description="任务台账 (tasks); unit operators see only tasks their unit or a unit below leads or co-handles"
    )
    async def tasks(
        self,
        info: Info,
        filter: TaskFilter | None = None,
        order_by: list[TaskOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Task]:
        orders = [command(o, queries.TaskOrder) for o in order_by] if order_by else None
        qs = await queries.filter_tasks(info.context.actor, command(filter, queries.TaskFilter), orders)
        return await listing_connection(info, queries.TASKS, qs, first, after, last, before)
