"""`workingCalendar`: the schedule seeded by the migration for 2004-2026; later years are not loaded."""

from __future__ import annotations

import chinese_calendar

from models.calendar import CalendarYear

YEAR = """
query($year: Int!) { workingCalendar(year: $year) { year loaded exceptions { date isWorkday name } } }
"""


async def _year(gql, year: int) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(YEAR, {"year": year}, as_="VIEWER"))["workingCalendar"]


async def test_national_day_2025_is_seeded_with_its_make_up_days(gql) -> None:  # type: ignore[no-untyped-def]
    year = await _year(gql, 2025)
    assert year["loaded"] is True
    days = {d["date"]: (d["isWorkday"], d["name"]) for d in year["exceptions"]}
    assert days["2025-10-01"] == (False, "国庆节")
    assert days["2025-10-06"] == (False, "中秋节")
    assert days["2025-09-28"] == (True, "调休上班")
    assert days["2025-10-11"] == (True, "调休上班")
    assert "2025-10-04" not in days  # a Saturday holiday is a rest day anyway
    assert [d["date"] for d in year["exceptions"]] == sorted(days)


async def test_spring_festival_2024_is_seeded(gql) -> None:  # type: ignore[no-untyped-def]
    days = {d["date"]: (d["isWorkday"], d["name"]) for d in (await _year(gql, 2024))["exceptions"]}
    assert days["2024-02-12"] == (False, "春节")
    assert days["2024-02-04"] == (True, "调休上班")
    assert days["2024-02-18"] == (True, "调休上班")


async def test_every_year_the_package_knows_is_seeded(gql) -> None:  # type: ignore[no-untyped-def]
    known = sorted({d.year for d in chinese_calendar.holidays})
    assert known[0] == 2004
    assert sorted(await CalendarYear.all().values_list("year", flat=True)) == known
    days = {d["date"]: d["name"] for d in (await _year(gql, 2015))["exceptions"]}
    assert days["2015-09-03"] == "抗战胜利70周年纪念日"


async def test_a_year_not_published_is_not_loaded(gql) -> None:  # type: ignore[no-untyped-def]
    assert await _year(gql, 2030) == {"year": 2030, "loaded": False, "exceptions": []}


async def test_a_year_out_of_range_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(YEAR, {"year": 0}, as_="VIEWER")
    assert error["extensions"]["code"] == "INVALID_YEAR"
