"""Calendar types: `CalendarYear`, `CalendarDay`, `DeadlineAnswer`; runtime objects are resolver values and rows."""

from __future__ import annotations

import datetime

import strawberry

from models import calendar as m
from models import workdays as w
from resolvers.calendar import queries as q

__all__ = ["CalendarDay", "CalendarYear", "DeadlineAnswer"]


@strawberry.type(
    description="日历例外日 (a dated exception: a weekday holiday or a weekend make-up working day)"
)
class CalendarDay:
    @strawberry.field(description="日期 (date)")
    def date(self: m.CalendarDay) -> datetime.date:
        return self.date

    @strawberry.field(description="是否上班 (true: make-up working day 调休上班; false: holiday 法定节假日)")
    def is_workday(self: m.CalendarDay) -> bool:
        return self.is_workday

    @strawberry.field(description="名称 (holiday name, e.g. 国庆节, or 调休上班)")
    def name(self: m.CalendarDay) -> str | None:
        return self.name


@strawberry.type(description="年度工作日历 (a year's working-day schedule)")
class CalendarYear:
    @strawberry.field(description="年份 (year)")
    def year(self: q.YearSchedule) -> int:
        return self.year

    @strawberry.field(
        description="是否已载入 (loaded; false: deadlines in this year count weekends only and are provisional)"
    )
    def loaded(self: q.YearSchedule) -> bool:
        return self.loaded

    @strawberry.field(description="例外日，按日期排序 (exceptions to Monday-Friday, by date)")
    def exceptions(self: q.YearSchedule) -> list[CalendarDay]:
        return self.exceptions  # type: ignore[return-value]


@strawberry.type(description="期限计算结果 (a computed deadline)")
class DeadlineAnswer:
    @strawberry.field(description="届满时刻 (when the period ends, e.g. 24:00 of its last working day)")
    def due_at(self: w.Deadline) -> datetime.datetime:
        return self.due_at

    @strawberry.field(description="是否暂定 (provisional: a year it passes through has no schedule loaded)")
    def provisional(self: w.Deadline) -> bool:
        return self.provisional
