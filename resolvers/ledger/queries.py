"""Task and plan queries: the filtered, ordered task list with the unit operators' row restriction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from tortoise.expressions import Case, Q, RawSQL, Subquery, When
from tortoise.queryset import QuerySet

from models.plan import Plan
from models.task import Milestone, Task, TaskCategory, TaskStatus, TaskUnit, UnitRole
from models.unit import Unit
from resolvers.access import READERS, Actor
from resolvers.listing import NOTHING, Listing, register
from resolvers.pagination import Page, first_mentions, nothing, paginate_list
from resolvers.units.queries import subtree_q

__all__ = [
    "MILESTONES",
    "PLANS",
    "TASKS",
    "OrderDirection",
    "TaskFilter",
    "TaskOrder",
    "TaskOrderField",
    "filter_tasks",
    "list_plans",
    "plan_by_id_or_number",
    "responsible_in_subtree",
    "unit_task_pages",
    "visible_tasks",
]


class TaskOrderField(str, Enum):
    DUE_ON = "DUE_ON"
    CODE = "CODE"
    UPDATED_AT = "UPDATED_AT"


class OrderDirection(str, Enum):
    ASC = "ASC"
    DESC = "DESC"


@dataclass
class TaskOrder:
    field: TaskOrderField
    direction: OrderDirection = OrderDirection.ASC


@dataclass
class TaskFilter:
    plan_id: int | None = None
    parent_id: int | None = None
    top_level: bool | None = None
    category: list[TaskCategory] | None = None
    status: list[TaskStatus] | None = None
    lead_unit_code: str | None = None
    co_unit_code: str | None = None
    unit_code: str | None = None
    include_descendants: bool = True
    due_before: date | None = None
    due_after: date | None = None
    overdue: bool | None = None
    title_contains: str | None = None
    extra: list[Q] = field(default_factory=list)


def _linked(path_or_id: str | int, roles: tuple[UnitRole, ...], subtree: bool) -> Q:
    """Tasks having a unit link with one of `roles` to that unit (or its subtree): an index-served subquery."""
    links = TaskUnit.filter(role__in=roles)
    if subtree:
        links = links.filter(subtree_q(str(path_or_id), "unit__path"))
    else:
        links = links.filter(unit_id=path_or_id)
    return Q(id__in=Subquery(links.values("task_id")))


def responsible_in_subtree(path: str, roles: tuple[UnitRole, ...] = (UnitRole.LEAD, UnitRole.CO)) -> Q:
    return _linked(path, roles, True)


def _task_rule(actor: Actor) -> Q | None:
    """Unit operators see the tasks their unit subtree leads or co-handles; other readers every task."""
    if not actor.unit_scoped:
        return None
    return responsible_in_subtree(actor.unit_path) if actor.unit_path else NOTHING


def _milestone_rule(actor: Actor) -> Q | None:
    """A milestone is visible exactly when its task is."""
    visible = TASKS.id_subquery(actor)
    return None if visible is None else Q(task_id__in=visible)


_TASK_READERS = READERS["tasks"]
TASKS: Listing[Task] = register(
    Listing(
        "Task",
        Task,
        rule=_task_rule,
        readers=_TASK_READERS,
        denied="无权查看 (forbidden: tasks)",
        filters=lambda qs, f, now: _filtered(qs, f, now),
        order=lambda qs, orders: _ordered(qs, orders),
    )
)
MILESTONES: Listing[Milestone] = register(
    Listing(
        "Milestone",
        Milestone,
        rule=_milestone_rule,
        readers=_TASK_READERS,
        denied="无权查看 (forbidden: tasks)",
    )
)
PLANS: Listing[Plan] = register(
    Listing(
        "Plan",
        Plan,
        readers=_TASK_READERS,
        denied="无权查看 (forbidden: tasks)",
        default_order=("-issued_on", "id"),
    )
)


def visible_tasks(actor: Actor) -> QuerySet[Task]:
    """Every task the actor may read (the tasks' row rule: `TASKS`)."""
    return TASKS.rows(actor)


async def _unit_q(code: str, roles: tuple[UnitRole, ...], subtree: bool) -> Q | None:
    unit = await Unit.get_or_none(code=code).only("id", "path")
    if unit is None:
        return None
    return _linked(unit.path if subtree else unit.id, roles, subtree)


async def _unit_filters(f: TaskFilter) -> list[Q] | None:
    wanted = [
        (f.lead_unit_code, (UnitRole.LEAD,)),
        (f.co_unit_code, (UnitRole.CO,)),
        (f.unit_code, (UnitRole.LEAD, UnitRole.CO)),
    ]
    out = []
    for code, roles in wanted:
        if code:
            q = await _unit_q(code, roles, f.include_descendants)
            if q is None:
                return None
            out.append(q)
    return out


def _plain_filters(qs: QuerySet[Task], f: TaskFilter) -> QuerySet[Task]:
    if f.plan_id is not None:
        qs = qs.filter(plan_id=f.plan_id)
    if f.parent_id is not None:
        qs = qs.filter(parent_id=f.parent_id)
    if f.top_level is not None:
        qs = qs.filter(parent_id__isnull=f.top_level)
    if f.category:
        qs = qs.filter(category__in=f.category)
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.due_before is not None:
        qs = qs.filter(due_on__lte=f.due_before)
    if f.due_after is not None:
        qs = qs.filter(due_on__gte=f.due_after)
    if f.overdue is not None:
        qs = qs.filter(is_overdue=f.overdue)
    if f.title_contains:
        qs = qs.filter(title__icontains=f.title_contains)
    for q in f.extra:
        qs = qs.filter(q)
    return qs


_COLUMNS = {TaskOrderField.CODE: "code_key", TaskOrderField.UPDATED_AT: "updated_at"}


def _ordered(qs: QuerySet[Task], orders: list[TaskOrder] | None) -> QuerySet[Task]:
    """Ordering with undated tasks last in both directions and on both databases; id breaks ties."""
    terms: list[str] = []
    for order in first_mentions(orders or [TaskOrder(TaskOrderField.CODE)], lambda o: o.field):
        sign = "-" if order.direction is OrderDirection.DESC else ""
        if order.field is TaskOrderField.DUE_ON:
            qs = qs.annotate(undated=Case(When(due_on__isnull=True, then=RawSQL("1")), default=RawSQL("0")))
            terms += ["undated", f"{sign}due_on"]
        else:
            terms.append(f"{sign}{_COLUMNS[order.field]}")
    return qs.order_by(*terms, "id")


async def _filtered(qs: QuerySet[Task], f: TaskFilter, now: datetime) -> QuerySet[Task]:
    unit_qs = await _unit_filters(f)
    if unit_qs is None:
        return nothing(qs)
    qs = _plain_filters(qs, f)
    for q in unit_qs:
        qs = qs.filter(q)
    return qs


async def filter_tasks(
    actor: Actor, f: TaskFilter | None, orders: list[TaskOrder] | None = None
) -> QuerySet[Task]:
    """The list's rows: `TASKS`'s rule, then its filters and order."""
    return await TASKS.listed(actor, f, orders)


async def unit_task_pages(
    actor: Actor,
    f: TaskFilter | None,
    role: UnitRole,
    unit_ids: list[int],
    first: int | None,
    after: str | None,
) -> list[Page[Task]]:
    """One page of each unit's tasks in `role` (by code), for all the units at once: two statements.

    The first reads the (unit, task) pairs of every matching task of these units, in order, and
    cuts each unit's page from them (and its total); the second loads the pages' tasks. The pairs
    are two integers per task a unit holds, so a page of units never runs a query per unit.
    """
    paginate_list([], first, after)  # a refused window is refused before any statement
    qs = visible_tasks(actor)
    if f is not None:
        unit_qs = await _unit_filters(f)
        if unit_qs is None:
            return [paginate_list([], first, after) for _ in unit_ids]
        qs = _plain_filters(qs, f)
        for q in unit_qs:
            qs = qs.filter(q)
    pairs = await (
        TaskUnit.filter(role=role, unit_id__in=set(unit_ids), task_id__in=Subquery(qs.values("id")))
        .order_by("unit_id", "task__code_key", "task_id")
        .values_list("unit_id", "task_id")
    )
    held: dict[int, list[int]] = {unit_id: [] for unit_id in unit_ids}
    for unit_id, task_id in pairs:
        held[unit_id].append(task_id)
    windows = [paginate_list(held[unit_id], first, after) for unit_id in unit_ids]
    wanted = {task_id for window in windows for task_id in window.items}
    tasks = {t.id: t for t in await Task.filter(id__in=wanted)} if wanted else {}
    return [
        Page(
            items=[tasks[i] for i in w.items if i in tasks],
            start=w.start,
            has_next=w.has_next,
            has_previous=w.has_previous,
            count=w.count,
        )
        for w in windows
    ]


async def list_plans(actor: Actor) -> QuerySet[Plan]:
    return await PLANS.listed(actor)


async def plan_by_id_or_number(ref: str) -> Plan | None:
    """A plan named by its numeric id or its document number (文号)."""
    if ref.isdigit():
        return await Plan.get_or_none(id=int(ref))
    return await Plan.get_or_none(doc_number=ref)
