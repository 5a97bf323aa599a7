"""Shared pieces of the ledger's actions: lookups with coded refusals, unit links, the operator check."""

from __future__ import annotations

from collections.abc import Sequence

from models.task import Task, TaskUnit, UnitRole
from models.unit import Unit
from resolvers.access import Actor, Scope
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError, UserError
from resolvers.ledger.queries import TASKS

__all__ = [
    "get_task",
    "require_responsible",
    "resolve_units",
    "set_unit_links",
    "task_not_found",
    "task_unit_codes",
    "unit_roles",
]


def task_not_found(task_id: int, field: str = "id") -> UserError:
    return UserError(ErrorCode.NOT_FOUND, f"任务不存在 (unknown task): {task_id}", field)


async def get_task(actor: Actor, task_id: int, field: str = "id") -> Task:
    """The task an action names; one the actor may not see is answered exactly as a missing one."""
    return await TASKS.get(actor, task_id, task_not_found(task_id, field))


async def resolve_units(codes: Sequence[str], field: str) -> list[Unit]:
    """Units by code, in the given order; UNKNOWN_UNIT names the first code that matches none."""
    found = {u.code: u for u in await Unit.filter(code__in=list(codes))}
    for n, code in enumerate(codes):
        if code not in found:
            raise UserError(
                ErrorCode.UNKNOWN_UNIT, f"单位不存在 (unknown unit): {code}", ["input", field, str(n)]
            )
    return [found[c] for c in dict.fromkeys(codes)]


def unit_roles(leads: Sequence[Unit], cos: Sequence[Unit]) -> list[tuple[Unit, UnitRole, int]]:
    """A task's lead (牵头) and co-responsible (责任) units as (unit, role, position), in order; a lead
    unit is not also a co unit."""
    lead_ids = {u.id for u in leads}
    rows = [(u, UnitRole.LEAD, n) for n, u in enumerate(leads)]
    return rows + [(u, UnitRole.CO, n) for n, u in enumerate(cos) if u.id not in lead_ids]


async def set_unit_links(task: Task, leads: Sequence[Unit], cos: Sequence[Unit]) -> None:
    """Replace the task's lead and co-responsible units."""
    await TaskUnit.filter(task_id=task.id).delete()
    if rows := unit_roles(leads, cos):
        await TaskUnit.bulk_create([TaskUnit(task=task, unit=u, role=r, position=n) for u, r, n in rows])


async def task_unit_codes(task_id: int) -> dict[str, list[str]]:
    links = await TaskUnit.filter(task_id=task_id).select_related("unit").order_by("role", "position")
    return {
        "lead": [x.unit.code for x in links if x.role is UnitRole.LEAD],
        "co": [x.unit.code for x in links if x.role is UnitRole.CO],
    }


async def require_responsible(
    scope: Scope, task: Task, roles: tuple[UnitRole, ...], hidden: UserError
) -> None:
    """A unit operator acts only on tasks its unit (or a unit below it) leads or co-handles per `roles`.
    A task no unit of its subtree leads or co-handles is one it may not see: `hidden`, the answer a
    missing id gets; one it sees in another role is FORBIDDEN."""
    actor = scope.actor
    if not actor.unit_scoped:
        return
    links = await TaskUnit.filter(task_id=task.id).values_list("role", "unit__path")
    held = {UnitRole(role) for role, path in links if actor.sees_unit(path)}
    if not held:
        raise hidden
    if not held & set(roles):
        what = "牵头" if roles == (UnitRole.LEAD,) else "牵头或责任"
        raise RequestError(
            ErrorCode.FORBIDDEN,
            f"本单位不是该任务的{what}单位 (your unit is not responsible for task {task.id})",
        )
