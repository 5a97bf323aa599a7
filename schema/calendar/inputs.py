"""Calendar inputs."""

from __future__ import annotations

import datetime

import strawberry

__all__ = ["CalendarDayInput", "LoadCalendarInput"]


@strawberry.input(description="一个例外日 (one dated exception as published)")
class CalendarDayInput:
    date: datetime.date = strawberry.field(description="日期 (date, within the year)")
    is_workday: bool = strawberry.field(
        description="是否上班 (true: make-up working day on a weekend 调休上班; false: holiday on a weekday)"
    )
    name: str | None = strawberry.field(
        default=None, description="名称 (holiday name, e.g. 春节; required for holidays)"
    )


@strawberry.input(description="载入年度工作日历 (load a year's schedule; replaces that year)")
class LoadCalendarInput:
    year: int = strawberry.field(description="年份 (year)")
    days: list[CalendarDayInput] = strawberry.field(
        description="节假日与调休上班日 (the weekday holidays and weekend make-up working days)"
    )
