"""Calendar queries: a year's schedule, the cached `Calendar` value, and deadlines computed on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from tortoise.functions import Count, Max, Sum

from models.calendar import CalendarDay, CalendarYear, DurationUnit
from models.settings import load_settings
from models.workdays import Calendar, Deadline, compute_deadline

__all__ = [
    "MAX_AMOUNT",
    "YearSchedule",
    "deadline",
    "get_calendar",
    "invalidate_calendar_cache",
    "local_tz",
    "working_calendar",
]


# The most units a deadline counts (ten years of days): beyond it a date overflows, for a deadline
# asked directly and for an SLA policy's stage alike.
MAX_AMOUNT = 3650


@dataclass(frozen=True)
class YearSchedule:
    """A year as the API shows it: whether its schedule is loaded, and its dated exceptions (after a
    load, also the listed days it did not store because they change nothing)."""

    year: int
    loaded: bool
    exceptions: list[CalendarDay]
    ignored: tuple[date, ...] = ()


@cache
def local_tz() -> ZoneInfo:
    """The time zone of all day arithmetic (DUBAN_TIMEZONE, Asia/Shanghai by default)."""
    return load_settings().tz


async def working_calendar(year: int) -> YearSchedule:
    loaded = await CalendarYear.exists(year=year)
    days = await CalendarDay.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)).order_by("date")
    return YearSchedule(year=year, loaded=loaded, exceptions=list(days))


# (key, calendar): the key changes whenever any year is loaded or removed, in any process: a first
# load adds a row (count, new id), a reload raises the row's revision.
_cached: tuple[tuple[object, ...], Calendar] | None = None


def invalidate_calendar_cache() -> None:
    global _cached
    _cached = None


async def _cache_key() -> tuple[object, ...]:
    aggregate = CalendarYear.annotate(n=Count("id"), last=Max("id"), revisions=Sum("revision"))
    row = await aggregate.values("n", "last", "revisions")
    first = row[0] if row else {}
    return (first.get("n"), first.get("last"), first.get("revisions"))


async def get_calendar() -> Calendar:
    """The schedule as a `Calendar` value: one cheap aggregate query when nothing changed, else two more.

    Measured on the seeded 2004-2026 schedule: the key query 0.2-0.35 ms, a full read 2.3-3.3 ms
    (SQLite, PostgreSQL). Inside a transaction it reads that transaction's rows."""
    global _cached
    key = await _cache_key()
    if _cached is not None and _cached[0] == key:
        return _cached[1]
    rows = await CalendarDay.all().values_list("date", "is_workday")
    years = await CalendarYear.all().values_list("year", flat=True)
    calendar = Calendar(
        holidays=frozenset(d for d, work in rows if not work),
        workdays=frozenset(d for d, work in rows if work),
        years=frozenset(years),
    )
    _cached = (key, calendar)
    return calendar


async def deadline(start: datetime, amount: int, unit: DurationUnit) -> Deadline:
    """The deadline of `amount` `unit`s from the aware instant `start` on the loaded calendar."""
    return compute_deadline(start, amount, unit, await get_calendar(), local_tz())
