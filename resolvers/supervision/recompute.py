"""A schedule change reaches the supervision deadlines counted in working days (the escalation's default).

A date the office chose (整改期限 given as a date, a recommendation's reply date, a task's due date)
depends on no schedule and never moves. A deadline the service counted in working days does: an
escalated complaint's item is due DEFAULT_RECTIFICATION_DAYS working days after the escalation unless
the office named a date. When a year is loaded or replaced, each such item whose count touches the year
is counted again (open or closed), its extensions' "old deadline" follows, it stops being provisional
once every year it passes through is known, its open overdue flag is re-dated or cleared, and the change
is a DEADLINE_RECOMPUTED event on its timeline. Batched like the complaints' recompute.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from models.calendar import DurationUnit
from models.overdue import OverdueKind
from models.supervision import SupervisionExtension, SupervisionItem, SupervisionStatus
from models.workdays import Calendar, compute_deadline, last_day
from resolvers.access import Scope
from resolvers.calendar.actions import ScheduleChange
from resolvers.calendar.queries import get_calendar, local_tz
from resolvers.complaints.recompute import BATCH
from resolvers.events import record_events
from resolvers.overdue.moves import MovedDeadline, follow_moved_deadlines

__all__ = ["recompute_supervision_deadlines"]


def _end_of(day: date) -> datetime:
    """24:00 of a deadline's last day, as the overdue flags store it."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=local_tz()).astimezone(UTC)


def _recount(
    item: SupervisionItem, extensions: list[SupervisionExtension], calendar: Calendar
) -> tuple[dict[str, Any], list[tuple[SupervisionExtension, date]]]:
    """The item's new due day and provisional flag, and the extensions whose old deadline moves. An
    extension's date was chosen by the office and stays; it never shortens the counted deadline."""
    assert item.due_counted_from is not None and item.due_working_days is not None
    counted = compute_deadline(
        item.due_counted_from, item.due_working_days, DurationUnit.WORKING_DAYS, calendar, local_tz()
    )
    base = last_day(counted.due_at, local_tz())
    cycle = sorted(extensions, key=lambda e: (e.at, e.id))
    old_base = cycle[0].old_due_on if cycle else item.due_on
    moved = [(e, base) for e in cycle if e.old_due_on == old_base and base != old_base]
    due_on = max(base, cycle[-1].new_due_on) if cycle else base
    values = {"due_on": due_on, "due_provisional": counted.provisional}
    return {k: v for k, v in values.items() if getattr(item, k) != v}, moved


def _event(item: SupervisionItem, changes: dict[Any, tuple[Any, Any]], flag: str | None, year: int) -> tuple:  # type: ignore[type-arg]
    names = {"due_on": "dueOn", "due_provisional": "dueProvisional"}
    data = {
        "cause": {"calendarYear": year, "reason": "SCHEDULE_CHANGED"},
        "changes": [
            {
                "field": names[k],
                "from": str(a) if isinstance(a, date) else a,
                "to": str(b) if isinstance(b, date) else b,
            }
            for k, (a, b) in changes.items()
            if k in names
        ]
        + [
            {"field": "extension.oldDueOn", "extensionId": k, "from": str(a), "to": str(b)}
            for k, (a, b) in changes.items()
            if isinstance(k, int)
        ],
        "flags": [{"stage": "", "flag": flag}] if flag else [],
    }
    summary = (
        f"工作日历变更（{year} 年）后重算整改期限 (rectification deadline recounted after the {year} "
        f"schedule changed): {item.due_on}"
    )
    return ("SupervisionItem", item.id, "DEADLINE_RECOMPUTED", summary, data)


async def _batch(scope: Scope, rows: list[SupervisionItem], calendar: Calendar, year: int) -> int:
    extensions: dict[int, list[SupervisionExtension]] = {}
    for ext in await SupervisionExtension.filter(item_id__in=[i.id for i in rows]):
        extensions.setdefault(ext.item_id, []).append(ext)
    now = scope.now()
    today = now.astimezone(local_tz()).date()
    # Each changed item with its changed columns, and its extensions' moved old deadline keyed by id.
    changed: list[tuple[SupervisionItem, dict[Any, tuple[Any, Any]]]] = []
    moved_extensions: list[SupervisionExtension] = []
    for item in rows:
        values, moved = _recount(item, extensions.get(item.id, []), calendar)
        changes: dict[Any, tuple[Any, Any]] = {k: (getattr(item, k), v) for k, v in values.items()}
        for ext, day in moved:
            changes[ext.id] = (ext.old_due_on, day)
            ext.old_due_on = day
            moved_extensions.append(ext)
        if changes:
            changed.append((item, changes))
    moves = [
        MovedDeadline(
            OverdueKind.SUPERVISION_ITEM,
            "",
            item.id,
            _end_of(changes["due_on"][0]),
            _end_of(changes["due_on"][1]),
            item.status is not SupervisionStatus.CLOSED and changes["due_on"][1] < today,
        )
        for item, changes in changed
        if "due_on" in changes
    ]
    flags = await follow_moved_deadlines(moves, now, calendar, local_tz())
    for item, changes in changed:
        for name, (_, after) in changes.items():
            if isinstance(name, str):
                setattr(item, name, after)
        if flags.get(("", item.id)) == "CLEARED":
            item.is_overdue = False
        if any(isinstance(k, str) for k in changes):
            item.version += 1
            item.updated_at = now
    rewritten = [item for item, changes in changed if any(isinstance(k, str) for k in changes)]
    if rewritten:
        columns = ["due_on", "due_provisional", "is_overdue", "version", "updated_at"]
        await SupervisionItem.bulk_update(rewritten, columns, BATCH)
    if changed:
        await record_events(
            scope, [_event(i, changes, flags.get(("", i.id)), year) for i, changes in changed]
        )
    if moved_extensions:
        await SupervisionExtension.bulk_update(moved_extensions, ["old_due_on"], BATCH)
    return len(changed)


async def recompute_supervision_deadlines(scope: Scope, change: ScheduleChange) -> int:
    """Hook of `on_calendar_loaded`: items whose working-day count touches the changed days (the whole
    year on a first load) are counted again; returns how many changed."""
    bounds = change.window()
    if bounds is None:
        return 0
    calendar = await get_calendar()
    start, end = bounds
    year = change.year
    window = {"due_counted_from__lt": end, "due_on__gte": start.date()}
    touched, after_id = 0, 0
    while True:
        query = SupervisionItem.filter(**window, id__gt=after_id).order_by("id").limit(BATCH)
        rows = list(await query.select_for_update())
        if not rows:
            return touched
        touched += await _batch(scope, rows, calendar, year)
        after_id = rows[-1].id
        if len(rows) < BATCH:
            return touched
