"""Generated supervision items (督办事项) with their rectification up to NOW, written as the actions write them.

Origins, as `resolvers.supervision` opens items: every complaint the complaint generator escalated (提级督办,
`escalate_complaint`: the complaint's ESCALATE event, an ESCALATED item due in 5 working days, the link
Complaint ESCALATED_TO item), overdue open tasks (KEY items, Task ESCALATED_TO item), inspection findings
(`add_finding`: Inspection HAS_FINDING Finding OPENED_AS item) and leader instructions, media reports and
proposals (no origin). Each item then lives its rectification (`submit_rectification`, `verify_rectification`,
`extend_supervision_item`): reported on time or late, accepted (销号) or sent back up to three rounds, some
never reported, so every status occurs and some are overdue. Serials `DB<year>-NNNN` come from the
`supervision:<year>` counter in opening order.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from tortoise import connections

from bench import names
from bench.chain import FIRST_DAY, SUPERVISORS, TODAY, Chain, Item, UnitRow, local_day, office
from bench.gen_inspections import load_inspections
from bench.gen_rectification import Rectifications
from bench.loader import Loader, stamp
from models.calendar import DurationUnit
from models.workdays import SHANGHAI, Calendar, compute_deadline

__all__ = ["load_supervision"]

ITEM = "SupervisionItem"
ITEM_COLUMNS = (
    "id", "version", "created_at", "updated_at", "serial", "title", "description", "source", "level",
    "responsible_unit_id", "supervising_unit_id", "inspection_id", "due_on", "status", "is_overdue",
    "opened_by", "closed_at", "due_counted_from", "due_working_days", "due_provisional",
)  # fmt: skip


def _aware(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value)).astimezone(UTC)


def escalated(item: Item) -> bool:
    return item.source == "ESCALATED_COMPLAINT"


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def _complaint_items(units: dict[int, UnitRow], calendar: Calendar, rng: random.Random) -> list[Item]:
    """One ESCALATED item per escalated complaint, opened when it was escalated, due in 5 working days."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT id, serial_no, title, handling_unit_id, escalated_at FROM complaint "
        "WHERE escalated_at IS NOT NULL ORDER BY id"
    )
    items = []
    for r in rows:
        opened, reason = _aware(r["escalated_at"]), rng.choice(names.ESCALATION_REASONS)
        due_at = compute_deadline(opened, 5, DurationUnit.WORKING_DAYS, calendar).due_at
        items.append(
            Item(
                opened,
                "ESCALATED_COMPLAINT",
                "ESCALATED",
                units[r["handling_unit_id"]],
                f"提级督办：{r['title']}",
                f"{r['serial_no']}：{reason}",
                (due_at.astimezone(SHANGHAI) - timedelta(seconds=1)).date(),
                origin=("Complaint", r["id"]),
                escalation_reason=reason,
            )
        )
    return items


async def _task_items(n: int, units: dict[int, UnitRow], rng: random.Random) -> list[Item]:
    """Items opened 3-60 days after an open task's due date, for its lead unit (KEY mostly)."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT t.id, t.title, t.due_on, tu.unit_id FROM task t "
        "JOIN task_unit tu ON tu.task_id = t.id AND tu.role = 'LEAD' "
        "WHERE t.status IN ('NOT_STARTED', 'IN_PROGRESS') ORDER BY t.id"
    )
    overdue = [r for r in rows if _day(r["due_on"]) < TODAY - timedelta(days=4)]
    items = []
    for r in rng.sample(overdue, min(n, len(overdue))):
        day = min(_day(r["due_on"]) + timedelta(days=rng.randint(3, 60)), TODAY - timedelta(days=1))
        opened = office(day, rng)
        items.append(
            Item(
                opened,
                "OVERDUE_TASK",
                "KEY" if rng.random() < 0.7 else "ORDINARY",
                units[r["unit_id"]],
                f"任务逾期督办：{r['title']}",
                "该任务逾期未完成，列为重点督办事项",
                day + timedelta(days=rng.choice((10, 15, 20, 30))),
                origin=("Task", r["id"]),
            )
        )
    return items


def _other_items(n: int, handlers: list[UnitRow], rng: random.Random) -> list[Item]:
    items = []
    for _ in range(n):
        source, title = rng.choice(names.OTHER_ITEMS)
        day = FIRST_DAY + timedelta(days=rng.randrange((TODAY - FIRST_DAY).days))
        level = "KEY" if source == "LEADER_INSTRUCTION" or rng.random() < 0.3 else "ORDINARY"
        due = day + timedelta(days=rng.randint(15, 45))
        items.append(Item(office(day, rng), source, level, rng.choice(handlers), title, "", due))
    return items


def _open(items: list[Item], chain: Chain) -> None:
    """Ids and serials in opening order; the opening's events and links (`open_supervision_item`)."""
    items.sort(key=lambda i: (i.opened, i.source, i.origin or ("", 0)))
    for pk, item in enumerate(items, start=1):
        year = local_day(item.opened).year
        item.id, item.serial = pk, f"DB{year}-{chain.number(f'supervision:{year}'):04d}"
        item.updated = item.opened
        actor = item.opened_by
        if item.escalation_reason is not None:
            # `followup.escalate_complaint`: the complaint's transition event, then the item is opened.
            at = item.opened.isoformat()
            chain.event(
                item.opened,
                actor,
                item.origin,
                "ESCALATE",
                f"提级督办：{item.escalation_reason}",
                {
                    "before": {"escalated_at": None},
                    "after": {"escalated_at": at},
                    "reason": item.escalation_reason,
                },
            )
        if item.origin is not None:
            relation = "OPENED_AS" if item.origin[0] == "Finding" else "ESCALATED_TO"
            chain.link(item.opened, actor, item.origin, relation, (ITEM, pk))
        chain.event(
            item.opened,
            actor,
            (ITEM, pk),
            "OPENED",
            f"立项督办 {item.serial} {item.title}，责任单位 {item.unit.name}，限 {item.due_on} 前整改",
            {"source": item.source, "level": item.level, "dueOn": item.due_on.isoformat()},
        )


async def load_supervision(
    loader: Loader,
    chain: Chain,
    sizes: dict[str, int],
    units: list[UnitRow],
    calendar: Calendar,
    rng: random.Random,
) -> list[Item]:
    """Items from every origin (complaints escalated by the complaint generator first), lived up to NOW."""
    by_id = {u.id: u for u in units}
    handlers = [u for u in units if u.kind in ("DEPARTMENT", "TOWNSHIP", "PARK")]
    n = sizes["items"]
    items = await _complaint_items(by_id, calendar, rng)
    items += await _task_items(round(n * 0.24), by_id, rng)
    findings = round(n * 0.08)
    items += await load_inspections(loader, chain, sizes["inspections"], findings, handlers, rng)
    items += _other_items(max(0, n - len(items)), handlers, rng)
    for item in items:
        if item.source != "INSPECTION_FINDING":
            item.opened_by = rng.choice(SUPERVISORS)
    _open(items, chain)
    lives = Rectifications(chain, rng)
    for item in items:
        lives.live(item)
    office_unit = next((u.id for u in units if u.kind == "SUPERVISION_OFFICE"), None)
    pg = loader.postgres
    await loader.insert(
        "supervision_item",
        ITEM_COLUMNS,
        (
            (
                i.id,
                i.version,
                stamp(i.opened, pg),
                stamp(i.updated or i.opened, pg),
                i.serial,
                i.title,
                i.description,
                i.source,
                i.level,
                i.unit.id,
                office_unit,
                i.inspection_id,
                i.due_on,
                i.status,
                False,
                i.opened_by.name,
                i.closed_at and stamp(i.closed_at, pg),
                # An escalation's default deadline is counted in working days (`escalate_complaint`).
                stamp(i.opened, pg) if escalated(i) else None,
                5 if escalated(i) else None,
                False,
            )
            for i in items
        ),
    )
    await loader.insert(
        "finding",
        ("id", "inspection_id", "unit_id", "description", "item_id", "found_at", "recorded_by"),
        (
            (
                i.origin[1],
                i.inspection_id,
                i.unit.id,
                i.description,
                i.id,
                stamp(i.opened, pg),
                i.opened_by.name,
            )
            for i in sorted(items, key=lambda i: i.origin[1] if i.origin else 0)
            if i.origin and i.origin[0] == "Finding"
        ),
    )
    await lives.insert(loader)
    return items
