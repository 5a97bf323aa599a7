"""`loadCalendar`: replacing a year atomically, refusals, FORBIDDEN, the load hook, provisional deadlines."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from models.event import Event
from resolvers.access import Scope
from resolvers.calendar.actions import on_calendar_loaded
from resolvers.calendar.queries import get_calendar
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError

LOAD = """
mutation($input: LoadCalendarInput!) {
  loadCalendar(input: $input) {
    calendar { year loaded exceptions { date isWorkday name } }
    ignoredDays
    userErrors { field message code }
  }
}
"""
YEAR = "query($year: Int!) { workingCalendar(year: $year) { loaded exceptions { date isWorkday name } } }"
DEADLINE = """
query($start: DateTime!) { deadline(start: $start, amount: 3, unit: WORKING_DAYS) { dueAt provisional } }
"""

# A plausible 2027 notice: New Year on Friday, Spring Festival 02-06..02-13 with a make-up Saturday.
SCHEDULE_2027 = [
    {"date": "2027-01-01", "isWorkday": False, "name": "元旦"},
    {"date": "2027-02-06", "isWorkday": True, "name": None},
    {"date": "2027-02-08", "isWorkday": False, "name": "春节"},
    {"date": "2027-02-09", "isWorkday": False, "name": "春节"},
]


def _input(days: list[dict], year: int = 2027) -> dict:  # type: ignore[type-arg]
    return {"input": {"year": year, "days": days}}


async def test_load_a_year_then_replace_it(gql, spare_year: int) -> None:  # type: ignore[no-untyped-def]
    payload = await gql.ok(LOAD, _input(SCHEDULE_2027))
    assert payload["calendar"]["loaded"] is True
    assert payload["calendar"]["exceptions"][1] == {
        "date": "2027-02-06",
        "isWorkday": True,
        "name": "调休上班",
    }

    await gql.ok(LOAD, _input([{"date": "2027-10-01", "isWorkday": False, "name": "国庆节"}]))
    year = (await gql(YEAR, {"year": 2027}))["workingCalendar"]
    assert year == {
        "loaded": True,
        "exceptions": [{"date": "2027-10-01", "isWorkday": False, "name": "国庆节"}],
    }
    events = await Event.filter(subject_type="CalendarYear", subject_id=2027).order_by("id")
    assert [e.kind for e in events] == ["LOADED", "LOADED"]
    assert events[1].data["before"]["days"][0] == ["2027-01-01", False, "元旦"]
    assert events[1].data["after"]["days"] == [["2027-10-01", False, "国庆节"]]


# 国庆节 as a notice writes it: "10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。"
# 2027-10-02 and 10-03 are a weekend: listed, already rest days.
NATIONAL_DAY_2027 = [
    *({"date": f"2027-10-0{d}", "isWorkday": False, "name": "国庆节"} for d in range(1, 8)),
    {"date": "2027-09-26", "isWorkday": True, "name": None},
    {"date": "2027-10-09", "isWorkday": True, "name": None},
]


async def test_a_schedule_as_the_notice_lists_it_stores_what_changes_the_count(gql, spare_year: int) -> None:  # type: ignore[no-untyped-def]
    payload = await gql.ok(LOAD, _input(NATIONAL_DAY_2027))
    assert payload["ignoredDays"] == ["2027-10-02", "2027-10-03"]
    stored = [(d["date"], d["isWorkday"]) for d in payload["calendar"]["exceptions"]]
    assert stored == [
        ("2027-09-26", True),
        ("2027-10-01", False),
        ("2027-10-04", False),
        ("2027-10-05", False),
        ("2027-10-06", False),
        ("2027-10-07", False),
        ("2027-10-09", True),
    ]
    assert (await gql(YEAR, {"year": 2027}))["workingCalendar"]["exceptions"] == payload["calendar"][
        "exceptions"
    ]
    (event,) = await Event.filter(subject_type="CalendarYear", subject_id=2027)
    assert event.data["ignored"] == ["2027-10-02", "2027-10-03"]
    # Three working days from Thursday 09-30: 10-08 (Fri), 10-09 (make-up Sat), 10-11 (Mon).
    deadline = (await gql(DEADLINE, {"start": "2027-09-30T10:00:00+08:00"}))["deadline"]
    assert deadline == {"dueAt": "2027-10-11T16:00:00+00:00", "provisional": False}


async def test_a_schedule_with_nothing_to_ignore_says_so(gql, spare_year: int) -> None:  # type: ignore[no-untyped-def]
    assert (await gql.ok(LOAD, _input(SCHEDULE_2027)))["ignoredDays"] == []


async def test_loading_a_year_makes_its_deadlines_final(gql, spare_year: int) -> None:  # type: ignore[no-untyped-def]
    start = {"start": "2026-12-30T10:00:00+08:00"}
    before = (await gql(DEADLINE, start))["deadline"]
    assert before == {"dueAt": "2027-01-04T16:00:00+00:00", "provisional": True}  # 12-31, 01-01, 01-04
    await gql.ok(LOAD, _input(SCHEDULE_2027))
    after = (await gql(DEADLINE, start))["deadline"]
    assert after == {"dueAt": "2027-01-05T16:00:00+00:00", "provisional": False}  # 12-31, 01-04, 01-05


@pytest.mark.parametrize(
    ("year", "days", "code", "field"),
    [
        (1999, SCHEDULE_2027, "INVALID_YEAR", ["input", "year"]),
        (2027, [], "EMPTY_SCHEDULE", ["input", "days"]),
        (
            2027,
            [{"date": "2028-01-03", "isWorkday": False, "name": "元旦"}],
            "DATE_OUTSIDE_YEAR",
            ["input", "days", "0", "date"],
        ),
        (2027, SCHEDULE_2027 + [SCHEDULE_2027[0]], "DUPLICATE_DATE", ["input", "days", "4", "date"]),
        (
            2027,
            [{"date": "2027-01-01", "isWorkday": True}],
            "MAKEUP_NOT_ON_WEEKEND",
            ["input", "days", "0", "isWorkday"],
        ),
        (
            2027,
            [{"date": "2027-01-01", "isWorkday": False, "name": " "}],
            "REQUIRED",
            ["input", "days", "0", "name"],
        ),
    ],
)
async def test_refusals_write_nothing(gql, spare_year: int, year, days, code, field) -> None:  # type: ignore[no-untyped-def]
    errors = await gql.refused(LOAD, _input(days, year))
    assert (errors[0]["code"], errors[0]["field"]) == (code, field)
    assert (await gql(YEAR, {"year": 2027}))["workingCalendar"] == {"loaded": False, "exceptions": []}
    assert not await Event.exists(subject_type="CalendarYear")


async def test_a_refused_load_keeps_the_year_as_it_was(gql, spare_year: int) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(LOAD, _input(SCHEDULE_2027))
    await gql.refused(LOAD, _input([*SCHEDULE_2027[:1], {"date": "2027-03-01", "isWorkday": True}]))
    exceptions = (await gql(YEAR, {"year": 2027}))["workingCalendar"]["exceptions"]
    assert [d["date"] for d in exceptions] == [d["date"] for d in SCHEDULE_2027]


@pytest.mark.parametrize("role", ["SUPERVISOR", "HOTLINE", "UNIT_OPERATOR", "VIEWER"])
async def test_only_admin_loads_a_calendar(gql, spare_year: int, role: str) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(LOAD, _input(SCHEDULE_2027), as_=role)
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(YEAR, {"year": 2027}))["workingCalendar"]["loaded"] is False


@pytest.fixture
def hook_calls() -> Iterator[list[tuple[int, bool]]]:
    """Registers a hook that records (year, whether it sees the year loaded) and refuses year 2028."""
    calls: list[tuple[int, bool]] = []

    async def hook(scope: Scope, year: int) -> None:
        calls.append((year, (await get_calendar()).knows(year)))
        if year == 2028:
            raise UserError(ErrorCode.INVALID_VALUE, "测试拒绝 (refused by a test hook)")

    on_calendar_loaded.append(hook)
    yield calls
    on_calendar_loaded.remove(hook)


async def test_hooks_run_inside_the_load(gql, spare_year: int, hook_calls) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(LOAD, _input(SCHEDULE_2027))
    assert hook_calls == [(2027, True)]
    errors = await gql.refused(
        LOAD, _input([{"date": "2028-01-03", "isWorkday": False, "name": "元旦"}], 2028)
    )
    assert errors[0]["code"] == "INVALID_VALUE"
    assert hook_calls[-1] == (2028, True)
    # The hook's refusal undid the load, and the calendar cache does not remember the undone year.
    assert (await gql(YEAR, {"year": 2028}))["workingCalendar"]["loaded"] is False
    assert not (await get_calendar()).knows(2028)


@pytest.mark.parametrize("loaded_before", [True, False])
async def test_concurrent_loads_leave_exactly_one_schedule(gql, spare_year: int, loaded_before: bool) -> None:  # type: ignore[no-untyped-def]
    if loaded_before:
        await gql.ok(LOAD, _input(SCHEDULE_2027))
    variants = [[{"date": f"2027-10-0{k}", "isWorkday": False, "name": "国庆节"}] for k in (1, 4, 5, 6, 7, 8)]
    results = await asyncio.gather(*(gql(LOAD, _input(days)) for days in variants))
    assert all(r["loadCalendar"]["userErrors"] == [] for r in results)
    exceptions = (await gql(YEAR, {"year": 2027}))["workingCalendar"]["exceptions"]
    assert exceptions in [[{"date": d[0]["date"], "isWorkday": False, "name": "国庆节"}] for d in variants]
    loads = await Event.filter(subject_type="CalendarYear", subject_id=2027).count()
    assert loads == loaded_before + len(variants)
