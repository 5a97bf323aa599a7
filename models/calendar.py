"""Working-day calendar (法定工作日历): the dated exceptions to Monday-Friday and the years loaded."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row

__all__ = ["CalendarDay", "CalendarYear", "DurationUnit", "MAKEUP_NAME"]

# Name of a make-up working day on a weekend (调休上班).
MAKEUP_NAME = "调休上班"


class DurationUnit(str, Enum):
    HOURS = "HOURS"
    WORKING_DAYS = "WORKING_DAYS"
    CALENDAR_DAYS = "CALENDAR_DAYS"


class CalendarDay(Row):
    """An exception to Monday-Friday: a statutory holiday on a weekday, or a make-up working day on a weekend."""

    id = fields.BigIntField(primary_key=True)
    # Unique, hence indexed: a year's exceptions are one range scan.
    date = fields.DateField(unique=True)
    is_workday = fields.BooleanField()
    name = fields.CharField(max_length=50)

    class Meta:
        table = "calendar_day"
        ordering = ["date"]


class CalendarYear(Row):
    """A year whose schedule is known. Deadlines reaching a year without a row are provisional."""

    id = fields.BigIntField(primary_key=True)
    year = fields.IntField(unique=True)
    loaded_at = fields.DatetimeField()
    source = fields.CharField(max_length=200, default="")
    # Raised by each load, so every process's calendar cache notices a reload of the same year.
    revision = fields.IntField(default=1)

    class Meta:
        table = "calendar_year"
        ordering = ["year"]
