"""Deadline arithmetic on the statutory working-day calendar (Civil Code arts. 201-203); pure, no database.

Rules (domain.md "Working days and deadlines"):
- Day arithmetic happens in local time (Asia/Shanghai by default); instants are returned in UTC.
- WORKING_DAYS n: the start day is not counted; the period ends at 24:00 of the n-th working day
  after the start day, i.e. the instant 00:00 local of the following day.
- CALENDAR_DAYS n: the start day is not counted; the period ends at 24:00 of the n-th calendar day;
  when that last day is not a working day (statutory holiday or weekend rest day, 法定休假日), the
  period ends at 24:00 of the next working day (Civil Code art. 203).
- HOURS n: n elapsed clock hours from the start instant; the calendar plays no part.
- An amount of 0 is due at the start instant itself (nothing to count).
- A year without a loaded schedule counts weekends only; a deadline whose count passes through such
  a year is `provisional`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from models.calendar import DurationUnit

__all__ = [
    "SHANGHAI",
    "Calendar",
    "Deadline",
    "add_calendar_days",
    "add_working_days",
    "compute_deadline",
    "is_workday",
    "last_day",
    "working_days_after",
    "working_days_between",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    """The schedule as data: weekday holidays, weekend make-up working days, and the years loaded."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    # Sorted effective exceptions, for counting working days in a range without walking it.
    _extra_off: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _extra_on: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        off = sorted(d for d in self.holidays if d.weekday() < 5 and d not in self.workdays)
        on = sorted(d for d in self.workdays if d.weekday() >= 5)
        object.__setattr__(self, "_extra_off", tuple(off))
        object.__setattr__(self, "_extra_on", tuple(on))

    def __repr__(self) -> str:
        years = sorted(self.years)
        span = f"{years[0]}-{years[-1]}" if years else "none"
        return f"Calendar({len(self.holidays)} holidays, {len(self.workdays)} make-up days, years {span})"

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def knows(self, year: int) -> bool:
        return year in self.years

    def missing_years(self, first: date, last: date) -> list[int]:
        """Years from `first` to `last` (inclusive) whose schedule is not loaded."""
        return [y for y in range(first.year, last.year + 1) if y not in self.years]


@dataclass(frozen=True)
class Deadline:
    """When a period ends (aware, UTC) and whether a year it passes through had no schedule loaded."""

    due_at: datetime
    provisional: bool


def is_workday(day: date, calendar: Calendar) -> bool:
    return calendar.is_workday(day)


def _local_day(instant: datetime, tz: tzinfo) -> date:
    if instant.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return instant.astimezone(tz).date()


def _end_of(day: date, tz: tzinfo) -> datetime:
    """24:00 of `day` in local time (= 00:00 of the next day), as a UTC instant."""
    return datetime.combine(day + ONE_DAY, time(0), tzinfo=tz).astimezone(UTC)


def _nth_workday_after(day: date, n: int, calendar: Calendar) -> date:
    while n > 0:
        day += ONE_DAY
        if calendar.is_workday(day):
            n -= 1
    return day


def _last_day_calendar(start: date, n: int, calendar: Calendar) -> date:
    last = start + timedelta(days=n)
    # Art. 203: a period whose last day is a rest day ends on the next working day.
    return last if calendar.is_workday(last) else _nth_workday_after(last, 1, calendar)


def add_working_days(start: datetime, n: int, calendar: Calendar, tz: tzinfo = SHANGHAI) -> datetime:
    """End of `n` working days from the aware instant `start`: 24:00 local of the n-th working day
    after the start's local day, returned in UTC; `n == 0` returns `start`."""
    if n == 0:
        return start.astimezone(UTC)
    return _end_of(_nth_workday_after(_local_day(start, tz), n, calendar), tz)


def add_calendar_days(start: datetime, n: int, calendar: Calendar, tz: tzinfo = SHANGHAI) -> datetime:
    """End of `n` calendar days from `start` (24:00 local of the n-th day, moved to the next working
    day's 24:00 when that day is a rest day, art. 203), in UTC; `n == 0` returns `start`."""
    if n == 0:
        return start.astimezone(UTC)
    return _end_of(_last_day_calendar(_local_day(start, tz), n, calendar), tz)


def compute_deadline(
    start: datetime, amount: int, unit: DurationUnit, calendar: Calendar, tz: tzinfo = SHANGHAI
) -> Deadline:
    """The deadline of `amount` `unit`s from the aware instant `start` under the statutory rule."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if unit is DurationUnit.HOURS:
        return Deadline(start.astimezone(UTC) + timedelta(hours=amount), False)
    if amount == 0:
        return Deadline(start.astimezone(UTC), False)
    first = _local_day(start, tz)
    if unit is DurationUnit.WORKING_DAYS:
        last = _nth_workday_after(first, amount, calendar)
    else:
        last = _last_day_calendar(first, amount, calendar)
    # The start day itself is not counted: only the days after it need a known schedule.
    provisional = bool(calendar.missing_years(first + ONE_DAY, last))
    return Deadline(_end_of(last, tz), provisional)


def _weekdays_until(day: date) -> int:
    """Number of Monday-Friday dates before `day` since the (Monday) epoch 0001-01-01."""
    days = day.toordinal() - 1
    weeks, rest = divmod(days, 7)
    return weeks * 5 + min(rest, 5)


def _count_in(items: tuple[date, ...], first: date, last: date) -> int:
    return bisect_right(items, last) - bisect_left(items, first)


def working_days_between(a: datetime, b: datetime, calendar: Calendar, tz: tzinfo = SHANGHAI) -> int:
    """Whole working days elapsed after `a` up to `b`: the working days D whose entire local day
    [D 00:00, D 24:00) lies within [a, b]. 0 when b <= a.

    Used for "overdue by N working days": with `a` a deadline (24:00 of its last day), a working day
    counts once it has fully passed, so overdue since Friday 24:00 and now Monday 10:00 is 0, and
    Tuesday 00:00 is 1 (if Monday is a working day)."""
    if b <= a:
        return 0
    la, lb = a.astimezone(tz), b.astimezone(tz)
    first = la.date() if la.time() == time(0) else la.date() + ONE_DAY
    last = lb.date() - ONE_DAY  # a day counts only once its 24:00 has been reached
    if last < first:
        return 0
    plain = _weekdays_until(last + ONE_DAY) - _weekdays_until(first)
    off = _count_in(calendar._extra_off, first, last)
    on = _count_in(calendar._extra_on, first, last)
    return plain - off + on


def last_day(due_at: datetime, tz: tzinfo = SHANGHAI) -> date:
    """The local day a deadline ends: 24:00 of that day is stored as 00:00 of the next (the figures and
    the overdue flags put a deadline on this day)."""
    return (due_at.astimezone(tz) - timedelta(microseconds=1)).date()


def working_days_after(day: date, today: date, calendar: Calendar) -> int:
    """Working days d with day < d <= today: how long a deadline that ended with `day` is overdue (the
    overdue job's age of a flag)."""
    count = 0
    while day < today:
        day += ONE_DAY
        count += calendar.is_workday(day)
    return count
