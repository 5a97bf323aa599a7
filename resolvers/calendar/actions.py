"""Calendar actions: `load_calendar` replaces one year's schedule atomically and re-runs dependent deadlines."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date

from tortoise.expressions import F

from models.calendar import MAKEUP_NAME, CalendarDay, CalendarYear
from resolvers.access import Scope, require_role
from resolvers.calendar.queries import YearSchedule, invalidate_calendar_cache, working_calendar
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event

__all__ = ["CalendarEntry", "LoadCalendar", "load_calendar", "on_calendar_loaded"]

MIN_YEAR, MAX_YEAR = 2000, 2100

# Called inside the load's transaction with (scope, year) once the new schedule is in place: other
# domains register here to recompute their provisional deadlines (and record events for changes).
on_calendar_loaded: list[Callable[[Scope, int], Awaitable[None]]] = []


@dataclass
class CalendarEntry:
    """One listed day as published: a holiday (on a weekend it changes nothing and is not stored), or a
    make-up working day on a weekend."""

    date: date
    is_workday: bool
    name: str | None = None


@dataclass
class LoadCalendar:
    year: int
    days: list[CalendarEntry] = field(default_factory=list)
    source: str = "api"


def _path(i: int, name: str) -> list[str]:
    return ["input", "days", str(i), name]


def _check_entry(i: int, entry: CalendarEntry, year: int, seen: set[date]) -> None:
    if entry.date.year != year:
        raise UserError(
            ErrorCode.DATE_OUTSIDE_YEAR,
            f"日期不在 {year} 年内 (date outside the year): {entry.date}",
            _path(i, "date"),
        )
    if entry.date in seen:
        raise UserError(
            ErrorCode.DUPLICATE_DATE, f"日期重复 (date listed twice): {entry.date}", _path(i, "date")
        )
    seen.add(entry.date)
    weekend = entry.date.weekday() >= 5
    if entry.is_workday and not weekend:
        raise UserError(
            ErrorCode.MAKEUP_NOT_ON_WEEKEND,
            f"调休上班日须为周六或周日 (a make-up working day must fall on a weekend): {entry.date}",
            _path(i, "isWorkday"),
        )
    if not entry.is_workday and not (entry.name or "").strip():
        raise UserError(
            ErrorCode.REQUIRED, f"节假日须有名称 (a holiday needs its name): {entry.date}", _path(i, "name")
        )


def _changes_the_count(entry: CalendarEntry) -> bool:
    """Notices list a holiday's whole span, weekends included (国庆节 10-01..10-08); a weekend day is a
    rest day already, so only weekday holidays and weekend make-up days are exceptions to store."""
    return entry.is_workday or entry.date.weekday() < 5


def _validate(cmd: LoadCalendar) -> None:
    if not MIN_YEAR <= cmd.year <= MAX_YEAR:
        raise UserError(
            ErrorCode.INVALID_YEAR,
            f"年份须在 {MIN_YEAR}-{MAX_YEAR} 之间 (year out of range): {cmd.year}",
            "year",
        )
    if not cmd.days:
        raise UserError(
            ErrorCode.EMPTY_SCHEDULE, "日程不能为空 (a year's schedule lists its holidays)", "days"
        )
    seen: set[date] = set()
    for i, entry in enumerate(cmd.days):
        _check_entry(i, entry, cmd.year, seen)


def _plain(days: list[CalendarDay]) -> list[list[object]]:
    return [[d.date.isoformat(), d.is_workday, d.name] for d in days]


def _name(entry: CalendarEntry) -> str:
    name = (entry.name or "").strip()
    return name or MAKEUP_NAME if entry.is_workday else name


async def _lock_year(scope: Scope, cmd: LoadCalendar) -> bool:
    """Create the year's row if missing, then lock it: loads of one year run one after another, each
    seeing what the previous one left. Returns whether the year was loaded before."""
    stamp = {"loaded_at": scope.now(), "source": cmd.source[:200], "revision": 0}
    row, created = await CalendarYear.get_or_create(year=cmd.year, defaults=stamp)
    await CalendarYear.filter(id=row.id).select_for_update().first()
    return not created


async def _replace(scope: Scope, cmd: LoadCalendar) -> None:
    span = {"date__gte": date(cmd.year, 1, 1), "date__lte": date(cmd.year, 12, 31)}
    await CalendarDay.filter(**span).delete()
    rows = [
        CalendarDay(date=e.date, is_workday=e.is_workday, name=_name(e))
        for e in cmd.days
        if _changes_the_count(e)
    ]
    await CalendarDay.bulk_create(sorted(rows, key=lambda row: row.date))
    # The revision tells every process's calendar cache that the year changed.
    await CalendarYear.filter(year=cmd.year).update(
        revision=F("revision") + 1, loaded_at=scope.now(), source=cmd.source[:200]
    )


async def load_calendar(scope: Scope, cmd: LoadCalendar) -> YearSchedule:
    """Replace the year's holidays and make-up working days; provisional deadlines are recomputed."""
    require_role(scope.actor, "calendar")
    _validate(cmd)
    was_loaded = await _lock_year(scope, cmd)
    before = await working_calendar(cmd.year)
    invalidate_calendar_cache()
    try:
        await _replace(scope, cmd)
        ignored = tuple(sorted(e.date for e in cmd.days if not _changes_the_count(e)))
        after = replace(await working_calendar(cmd.year), ignored=ignored)
        await record_event(
            scope,
            "CalendarYear",
            cmd.year,
            "LOADED",
            f"载入 {cmd.year} 年工作日历 (loaded the {cmd.year} schedule, {len(after.exceptions)} days)",
            {
                "source": cmd.source,
                "before": {"loaded": was_loaded, "days": _plain(before.exceptions)},
                "after": {"loaded": True, "days": _plain(after.exceptions)},
                "ignored": [d.isoformat() for d in ignored],
            },
        )
        for hook in on_calendar_loaded:
            await hook(scope, cmd.year)
    finally:
        # A refused hook rolls the load back: never keep a calendar built from the undone rows.
        invalidate_calendar_cache()
    return after
