"""`deadline`: the domain's examples over HTTP, hours, provisional years, refused amounts."""

from __future__ import annotations

import pytest

from tests.helpers import count_sql

DEADLINE = """
query($start: DateTime!, $amount: Int!, $unit: DurationUnit!) {
  deadline(start: $start, amount: $amount, unit: $unit) { dueAt provisional }
}
"""


async def _deadline(gql, start: str, amount: int, unit: str, as_: str = "VIEWER") -> dict:  # type: ignore[no-untyped-def]
    return (await gql(DEADLINE, {"start": start, "amount": amount, "unit": unit}, as_=as_))["deadline"]


async def test_one_working_day_from_friday_ends_on_the_make_up_sunday(gql) -> None:  # type: ignore[no-untyped-def]
    answer = await _deadline(gql, "2025-09-26T15:00:00+08:00", 1, "WORKING_DAYS")
    # 2025-09-28 24:00 Asia/Shanghai
    assert answer == {"dueAt": "2025-09-28T16:00:00+00:00", "provisional": False}


async def test_ten_working_days_skip_national_day(gql) -> None:  # type: ignore[no-untyped-def]
    answer = await _deadline(gql, "2025-09-29T09:00:00+08:00", 10, "WORKING_DAYS")
    # 09-30, 10-09, 10-10, Saturday 10-11 (make-up), 10-13..10-17, 10-20 -> 10-20 24:00
    assert answer == {"dueAt": "2025-10-20T16:00:00+00:00", "provisional": False}


async def test_hours_are_elapsed_clock_hours(gql) -> None:  # type: ignore[no-untyped-def]
    answer = await _deadline(gql, "2025-10-01T23:30:00+08:00", 2, "HOURS")
    assert answer == {"dueAt": "2025-10-01T17:30:00+00:00", "provisional": False}


async def test_calendar_days_ending_on_a_holiday_run_to_the_next_working_day(gql) -> None:  # type: ignore[no-untyped-def]
    # 5 calendar days from 2025-09-28 end on 10-03 (National Day) -> extended to 10-09 24:00.
    answer = await _deadline(gql, "2025-09-28T10:00:00+08:00", 5, "CALENDAR_DAYS")
    assert answer == {"dueAt": "2025-10-09T16:00:00+00:00", "provisional": False}


async def test_a_deadline_in_an_unloaded_year_is_provisional(gql) -> None:  # type: ignore[no-untyped-def]
    answer = await _deadline(gql, "2026-12-30T10:00:00+08:00", 3, "WORKING_DAYS")
    # 12-31, then 2027 weekends only: Friday 01-01, Monday 01-04
    assert answer == {"dueAt": "2027-01-04T16:00:00+00:00", "provisional": True}


@pytest.mark.parametrize("amount", [-1, 3651])
async def test_amount_out_of_range_is_refused(gql, amount: int) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(
        DEADLINE, {"start": "2025-09-29T09:00:00+08:00", "amount": amount, "unit": "HOURS"}
    )
    assert error["extensions"]["code"] == "INVALID_AMOUNT"


async def test_the_calendar_is_read_once_then_checked_with_one_query(gql) -> None:  # type: ignore[no-untyped-def]
    variables = {"start": "2025-09-29T09:00:00+08:00", "amount": 10, "unit": "WORKING_DAYS"}
    await gql(DEADLINE, variables)
    with count_sql() as sql:
        await gql(DEADLINE, variables)
    calendar = [s for s in sql.statements if "calendar_" in s]
    assert len(calendar) == 1 and "calendar_year" in calendar[0]


async def test_a_start_without_offset_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(DEADLINE, {"start": "2025-09-29T09:00:00", "amount": 1, "unit": "HOURS"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "offset" in error["message"]
