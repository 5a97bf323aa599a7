"""Calendar root fields: `workingCalendar`, `deadline`."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from models import workdays as w
from resolvers.calendar import queries
from resolvers.calendar.actions import MAX_YEAR, MIN_YEAR
from resolvers.calendar.queries import MAX_AMOUNT
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from schema.calendar.enums import DurationUnitEnum
from schema.calendar.types import CalendarYear, DeadlineAnswer
from schema.context import Info

__all__ = ["CalendarQuery"]


@strawberry.type
class CalendarQuery:
    @strawberry.field(description="年度工作日历 (a year's holidays and make-up working days)")
    async def working_calendar(
        self, info: Info, year: Annotated[int, strawberry.argument(description="年份 (year)")]
    ) -> CalendarYear:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise RequestError(
                ErrorCode.INVALID_YEAR, f"年份须在 {MIN_YEAR}-{MAX_YEAR} 之间 (year out of range): {year}"
            )
        return await queries.working_calendar(year)  # type: ignore[return-value]

    @strawberry.field(
        description="按法定规则计算期限 (deadline of `amount` units from `start`: HOURS, WORKING_DAYS, CALENDAR_DAYS)"
    )
    async def deadline(
        self,
        info: Info,
        start: Annotated[
            datetime.datetime, strawberry.argument(description="起算时刻 (start instant, with offset)")
        ],
        amount: Annotated[int, strawberry.argument(description="数量 (amount, 0-3650)")],
        unit: Annotated[DurationUnitEnum, strawberry.argument(description="单位 (unit)")],
    ) -> DeadlineAnswer:
        if not 0 <= amount <= MAX_AMOUNT:
            raise RequestError(
                ErrorCode.INVALID_AMOUNT, f"数量须在 0-{MAX_AMOUNT} 之间 (amount out of range): {amount}"
            )
        if start.tzinfo is None:
            raise RequestError(ErrorCode.INVALID_START, "起算时刻须带时区 (start must carry a UTC offset)")
        answer: w.Deadline = await queries.deadline(start, amount, unit)
        return answer  # type: ignore[return-value]
