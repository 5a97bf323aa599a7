"""What a calendar load costs on a generated database: recomputing every deadline counted through the year.

    .venv/bin/python -m bench.calendar_reload --db sqlite://bench/bench01.db [--year 2026] [--holiday 2026-03-02 ...]

Loads `year` again through the real unit of work (`load_calendar` and its hooks, events, audit entry),
twice, each inside an outer transaction rolled back afterwards, so the database is left as it was:
1. the same schedule: nothing moves, the cost of reading and recounting the year's window;
2. the schedule with more weekday holidays (as 国办发明电〔2020〕1号 extended 2020's Spring Festival): only
   the counts from the first to the last added day are read, so one day is the usual case, and days at
   both ends of the year (`--holiday 2026-01-05 --holiday 2026-12-28`) the worst.
Prints for each: seconds, SQL statements, complaints and supervision items in the window, how many
changed (one event each), and the audit entry's subjects.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time
from datetime import UTC, date, datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

__all__ = ["main"]


class _Rollback(Exception):
    """Raised after measuring, to undo the load."""


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        first = record.getMessage().split(None, 1)
        if first and first[0].upper() in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
            self.count += 1


async def _window(year: int) -> tuple[int, int]:
    from models.complaint import Complaint
    from models.supervision import SupervisionItem
    from resolvers.calendar.actions import ScheduleChange

    bounds = ScheduleChange(year, True, ()).window()
    assert bounds is not None
    start, end = bounds
    complaints = await Complaint.filter(
        Q(dispatched_at__lt=end)
        & (Q(contact_due_at__gt=start) | Q(reply_due_at__gt=start) | Q(resolve_due_at__gt=start))
    ).count()
    items = await SupervisionItem.filter(due_counted_from__lt=end, due_on__gte=start.date()).count()
    return complaints, items


async def _measure(label: str, year: int, days: list) -> None:  # type: ignore[type-arg]
    from resolvers.access import Scope
    from resolvers.calendar.actions import LoadCalendar, load_calendar
    from resolvers.unit_of_work import CLI, unit_of_work

    scope = Scope(actor=CLI, request_id="bench-calendar", clock=lambda: datetime.now(UTC))
    logger = logging.getLogger("tortoise.db_client")
    counter = _Statements()
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    kinds: dict[str, int] = {}
    started = time.perf_counter()
    try:
        async with in_transaction():
            async with unit_of_work(scope, "loadCalendar") as work:
                await load_calendar(scope, LoadCalendar(year, days, "bench"))
            elapsed = time.perf_counter() - started
            for event in work.events:
                kinds[event.kind] = kinds.get(event.kind, 0) + 1
            raise _Rollback
    except _Rollback:
        pass
    finally:
        logger.removeHandler(counter)
        logger.setLevel(logging.WARNING)
    changed = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    print(f"{label}: {elapsed:.2f} s, {counter.count} statements; events: {changed}")


async def main(db: str, year: int, holidays: list[date]) -> None:
    os.environ["DUBAN_DATABASE_URL"] = db
    import resolvers.complaints
    import resolvers.supervision  # noqa: F401  (register the recompute hooks)
    from models.db import apply_migrations, close_db, init_db
    from models.event import Event
    from models.settings import load_settings
    from resolvers.calendar.actions import CalendarEntry
    from resolvers.calendar.queries import invalidate_calendar_cache, working_calendar

    settings = load_settings()
    await init_db(settings)
    await apply_migrations(settings)
    try:
        complaints, items = await _window(year)
        print(f"{db}: window of {year}: {complaints} complaints, {items} supervision items")
        events_before = await Event.all().count()
        same = [
            CalendarEntry(d.date, d.is_workday, d.name) for d in (await working_calendar(year)).exceptions
        ]
        await _measure("same schedule", year, same)
        invalidate_calendar_cache()
        await _measure(
            f"more holidays ({', '.join(map(str, holidays))})",
            year,
            [*same, *(CalendarEntry(day, False, "测试假期") for day in holidays)],
        )
        invalidate_calendar_cache()
        assert await Event.all().count() == events_before, "the measured loads were not rolled back"
    finally:
        await close_db()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite://bench/bench.db")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--holiday", type=date.fromisoformat, action="append")
    args = parser.parse_args()
    asyncio.run(main(args.db, args.year, args.holiday or [date(2026, 3, 2)]))
