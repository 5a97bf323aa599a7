"""When digests are due: working days only (make-up Saturdays included), first working day of week and month."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from jobs.digest_rules import days_to_generate, periods_on
from models.digest import DigestPeriod as P

SH = ZoneInfo("Asia/Shanghai")
# National Day 2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are make-up working days.
HOLIDAYS = {date(2025, 10, d) for d in range(1, 9)}
MAKEUP = {date(2025, 9, 28), date(2025, 10, 11)}


def is_workday(day: date) -> bool:
    if day in MAKEUP:
        return True
    return day.weekday() < 5 and day not in HOLIDAYS


def test_no_digest_on_a_holiday() -> None:
    assert periods_on(date(2025, 10, 3), is_workday) == []


def test_daily_digest_on_a_make_up_saturday() -> None:
    assert periods_on(date(2025, 10, 11), is_workday) == [P.DAILY]


def test_weekly_on_the_weeks_first_working_day() -> None:
    # The week of 10-06 is all holiday until Thursday 10-09.
    assert P.WEEKLY in periods_on(date(2025, 10, 9), is_workday)
    assert periods_on(date(2025, 10, 10), is_workday) == [P.DAILY]
    # The week of 09-22: Monday.
    assert P.WEEKLY in periods_on(date(2025, 9, 22), is_workday)


def test_monthly_on_the_months_first_working_day() -> None:
    # 10-01..10-08 are off: October's first working day, 10-09, carries all three.
    assert periods_on(date(2025, 10, 9), is_workday) == [P.DAILY, P.WEEKLY, P.MONTHLY]
    assert P.MONTHLY not in periods_on(date(2025, 10, 10), is_workday)
    october_first_workday = min(d for d in (date(2025, 10, n) for n in range(1, 32)) if is_workday(d))
    assert october_first_workday == date(2025, 10, 9)
    assert P.MONTHLY in periods_on(date(2025, 12, 1), is_workday)


def test_days_to_generate_waits_for_the_morning_and_catches_up() -> None:
    early = datetime(2025, 9, 30, 7, 0, tzinfo=SH)
    assert days_to_generate(early, date(2025, 9, 29)) == []
    late = datetime(2025, 9, 30, 9, 0, tzinfo=SH)
    assert days_to_generate(late, date(2025, 9, 29)) == [date(2025, 9, 30)]
    after_a_week_down = datetime(2025, 10, 13, 9, 0, tzinfo=SH)
    days = days_to_generate(after_a_week_down, date(2025, 10, 6))
    assert days[0] == date(2025, 10, 7) and days[-1] == date(2025, 10, 13)
    assert [d for d in days if periods_on(d, is_workday)] == [
        date(2025, 10, 9),
        date(2025, 10, 10),
        date(2025, 10, 11),
        date(2025, 10, 13),
    ]
