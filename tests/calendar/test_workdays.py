"""Deadline arithmetic (models/workdays.py) against an independent day-by-day count, and worked examples."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from models.calendar import DurationUnit
from models.workdays import (
    SHANGHAI,
    Calendar,
    Deadline,
    add_calendar_days,
    add_working_days,
    compute_deadline,
    working_days_between,
)

DAY = timedelta(days=1)
KNOWN = frozenset(range(2004, 2027))
REAL = Calendar(
    holidays=frozenset(d for d in chinese_calendar.holidays if d.weekday() < 5),
    workdays=frozenset(d for d in chinese_calendar.workdays if d.weekday() >= 5),
    years=KNOWN,
)


# ---- the reference: walk the days one by one, nothing shared with the implementation -------------


def ref_works(day: date, cal: Calendar) -> bool:
    if day in cal.workdays:
        return True
    return day not in cal.holidays and day.isoweekday() <= 5


def ref_days_after(day: date, count: int) -> list[date]:
    return [day + timedelta(days=k) for k in range(1, count + 1)]


def ref_midnight_after(day: date) -> datetime:
    """24:00 of `day` in Shanghai, as UTC."""
    nxt = day + DAY
    return datetime(nxt.year, nxt.month, nxt.day, tzinfo=SHANGHAI).astimezone(UTC)


def ref_working(start: datetime, n: int, cal: Calendar) -> tuple[datetime, bool]:
    first = start.astimezone(SHANGHAI).date()
    following = [d for d in ref_days_after(first, 4 * n + 60) if ref_works(d, cal)]
    last = following[n - 1]
    passed = [first + timedelta(days=k) for k in range(1, (last - first).days + 1)]
    return ref_midnight_after(last), any(d.year not in cal.years for d in passed)


def ref_calendar_days(start: datetime, n: int, cal: Calendar) -> tuple[datetime, bool]:
    first = start.astimezone(SHANGHAI).date()
    last = first + timedelta(days=n)
    while not ref_works(last, cal):
        last += DAY
    passed = [first + timedelta(days=k) for k in range(1, (last - first).days + 1)]
    return ref_midnight_after(last), any(d.year not in cal.years for d in passed)


def ref_between(a: datetime, b: datetime, cal: Calendar) -> int:
    day = a.astimezone(SHANGHAI).date() - DAY
    count = 0
    while ref_midnight_after(day) - DAY <= b:
        begins = ref_midnight_after(day) - DAY
        if begins >= a and ref_midnight_after(day) <= b and ref_works(day, cal):
            count += 1
        day += DAY
    return count


# ---- strategies ------------------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2028, 6, 30), timezones=st.just(UTC)
)


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    """The real schedule, or a random one with random holidays, make-up days and loaded years."""
    if draw(st.booleans()):
        return REAL
    span = st.dates(min_value=date(2023, 1, 1), max_value=date(2029, 12, 31))
    days = draw(st.sets(span, max_size=80))
    return Calendar(
        holidays=frozenset(d for d in days if d.weekday() < 5),
        workdays=frozenset(d for d in days if d.weekday() >= 5),
        years=frozenset(draw(st.sets(st.integers(2022, 2030), max_size=8))),
    )


@settings(max_examples=400, deadline=None)
@given(start=instants, n=st.integers(1, 400), cal=calendars())
def test_working_days_match_the_day_by_day_count(start: datetime, n: int, cal: Calendar) -> None:
    due, provisional = ref_working(start, n, cal)
    assert add_working_days(start, n, cal) == due
    assert compute_deadline(start, n, DurationUnit.WORKING_DAYS, cal) == Deadline(due, provisional)


@settings(max_examples=400, deadline=None)
@given(start=instants, n=st.integers(1, 400), cal=calendars())
def test_calendar_days_match_the_day_by_day_count(start: datetime, n: int, cal: Calendar) -> None:
    due, provisional = ref_calendar_days(start, n, cal)
    assert add_calendar_days(start, n, cal) == due
    deadline = compute_deadline(start, n, DurationUnit.CALENDAR_DAYS, cal)
    assert deadline == Deadline(due, provisional)


@settings(max_examples=300, deadline=None)
@given(a=instants, hours=st.integers(-48, 24 * 120), cal=calendars())
def test_working_days_between_matches_the_day_by_day_count(a: datetime, hours: int, cal: Calendar) -> None:
    b = a + timedelta(hours=hours, minutes=hours % 7)
    assert working_days_between(a, b, cal) == ref_between(a, b, cal)


@settings(max_examples=200, deadline=None)
@given(start=instants, n=st.integers(1, 200), cal=calendars())
def test_n_working_days_elapse_between_the_start_day_and_the_deadline(
    start: datetime, n: int, cal: Calendar
) -> None:
    start_day_end = ref_midnight_after(start.astimezone(SHANGHAI).date())
    due = add_working_days(start, n, cal)
    assert working_days_between(start_day_end, due, cal) == n
    assert due.astimezone(SHANGHAI).time() == time(0)


@given(start=instants, n=st.integers(0, 3650))
def test_hours_are_elapsed_and_never_provisional(start: datetime, n: int) -> None:
    assert compute_deadline(start, n, DurationUnit.HOURS, Calendar()) == Deadline(
        start + timedelta(hours=n), False
    )


def test_zero_days_is_due_at_the_start() -> None:
    start = datetime(2025, 10, 1, 3, tzinfo=UTC)
    assert compute_deadline(start, 0, DurationUnit.WORKING_DAYS, REAL) == Deadline(start, False)


# ---- worked examples (Asia/Shanghai) ---------------------------------------------------------------


def sh(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


def due(start: datetime, n: int, unit: DurationUnit = DurationUnit.WORKING_DAYS) -> datetime:
    return compute_deadline(start, n, unit, REAL).due_at.astimezone(SHANGHAI)


def test_domain_example_friday_before_national_day_2025() -> None:
    # Sunday 2025-09-28 was a make-up working day: 1 working day from Friday ends 09-28 24:00.
    assert due(sh(2025, 9, 26, 17), 1) == sh(2025, 9, 29, 0)


def test_domain_example_ten_working_days_skip_national_day_2025() -> None:
    # 09-30, 10-09, 10-10, Saturday 10-11 (make-up), 10-13..17, 10-20.
    assert due(sh(2025, 9, 29, 9), 10) == sh(2025, 10, 21, 0)


def test_national_day_2025_make_up_saturday() -> None:
    assert REAL.is_workday(date(2025, 10, 11))
    assert not REAL.is_workday(date(2025, 10, 8))
    assert due(sh(2025, 9, 30), 1) == sh(2025, 10, 10, 0)  # 10-01..10-08 off -> Thursday 10-09
    assert due(sh(2025, 10, 10), 1) == sh(2025, 10, 12, 0)  # Saturday 10-11 is a working day


def test_spring_festival_2024() -> None:
    # 2024-02-10..17 off (02-12..16 weekday holidays), Sunday 02-04 and Sunday 02-18 make-up days.
    assert due(sh(2024, 2, 2), 1) == sh(2024, 2, 5, 0)  # Friday -> Sunday 02-04
    assert due(sh(2024, 2, 9), 1) == sh(2024, 2, 19, 0)  # Friday 02-09 (holiday eve) -> Sunday 02-18
    assert due(sh(2024, 2, 8), 3) == sh(2024, 2, 20, 0)  # 02-09, 02-18, 02-19


def test_spring_festival_2025() -> None:
    # 2025-01-28..02-04 off, Sunday 01-26 and Saturday 02-08 make-up days.
    assert due(sh(2025, 1, 24), 1) == sh(2025, 1, 27, 0)  # Friday -> Sunday 01-26
    assert due(sh(2025, 1, 27), 1) == sh(2025, 2, 6, 0)  # -> Wednesday 02-05
    assert due(sh(2025, 2, 7), 1) == sh(2025, 2, 9, 0)  # Friday -> Saturday 02-08


def test_calendar_days_ending_in_spring_festival_2025_extend_to_the_next_working_day() -> None:
    assert due(sh(2025, 1, 25), 5, DurationUnit.CALENDAR_DAYS) == sh(2025, 2, 6, 0)
    # Saturday 01-25 is a rest day; Sunday 01-26 a make-up working day: ends 01-26 24:00.
    assert due(sh(2025, 1, 20), 5, DurationUnit.CALENDAR_DAYS) == sh(2025, 1, 27, 0)


def test_unloaded_2027_counts_weekends_only_and_is_provisional() -> None:
    deadline = compute_deadline(sh(2026, 12, 30), 3, DurationUnit.WORKING_DAYS, REAL)
    assert deadline.provisional
    assert deadline.due_at.astimezone(SHANGHAI) == sh(2027, 1, 5, 0)  # 12-31, 01-01 (Fri), 01-04 (Mon)
    loaded = Calendar(REAL.holidays | {date(2027, 1, 1)}, REAL.workdays, REAL.years | {2027})
    again = compute_deadline(sh(2026, 12, 30), 3, DurationUnit.WORKING_DAYS, loaded)
    assert (again.due_at.astimezone(SHANGHAI), again.provisional) == (sh(2027, 1, 6, 0), False)


def test_working_days_between_counts_whole_days_after_the_first_instant() -> None:
    friday_end = sh(2025, 9, 26, 0) + DAY  # Friday 09-26 24:00
    assert working_days_between(friday_end, sh(2025, 9, 28, 23), REAL) == 0
    assert working_days_between(friday_end, sh(2025, 9, 29, 0), REAL) == 1  # Sunday 09-28 (make-up)
    assert working_days_between(friday_end, sh(2025, 10, 10, 0), REAL) == 4  # 09-28, 09-29, 09-30, 10-09
    assert working_days_between(sh(2025, 10, 10), sh(2025, 9, 1), REAL) == 0


@settings(max_examples=200, deadline=None)
@given(
    st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    st.lists(st.integers(-5, 800), min_size=1, max_size=40),
)
def test_overdue_ages_match_a_day_by_day_count(today: date, back: list[int]) -> None:
    """The overdue job's one-walk ages (jobs/overdue.py) against counting each deadline's days afresh."""
    from jobs.overdue import working_days_after

    last_days = [today - timedelta(days=k) for k in back]
    ages = working_days_after(last_days, today, lambda d: ref_works(d, REAL))
    for last_day in last_days:
        expected = sum(ref_works(d, REAL) for d in ref_days_after(last_day, (today - last_day).days))
        assert ages[last_day] == expected, last_day
