"""Calendar mutation: `loadCalendar` (ADMIN)."""

from __future__ import annotations

import datetime

import strawberry

from resolvers.calendar import actions
from schema.calendar.inputs import LoadCalendarInput
from schema.calendar.types import CalendarYear
from schema.commands import command
from schema.context import Info
from schema.errors import UserError, mutate

__all__ = ["CalendarMutation", "CalendarPayload"]


@strawberry.type(description="载入日历结果 (result of loading a calendar year)")
class CalendarPayload:
    calendar: CalendarYear | None = strawberry.field(
        description="载入后的年度日历 (the year; null when refused)"
    )
    user_errors: list[UserError] = strawberry.field(
        description="拒绝原因 (why it was refused; empty on success)"
    )

    @strawberry.field(
        description="未存储的日期 (listed holidays on a weekend: already rest days, so not stored; "
        "empty when refused)"
    )
    def ignored_days(self) -> list[datetime.date]:
        return list(self.calendar.ignored) if self.calendar else []  # type: ignore[attr-defined]


@strawberry.type
class CalendarMutation:
    @strawberry.mutation(
        description="载入年度工作日历，整体替换该年 (load a year's holidays and make-up working days; ADMIN)"
    )
    async def load_calendar(self, info: Info, input: LoadCalendarInput) -> CalendarPayload:
        return await mutate(
            CalendarPayload,
            "calendar",
            info.context.scope,
            actions.load_calendar,
            command(input, actions.LoadCalendar),
        )
