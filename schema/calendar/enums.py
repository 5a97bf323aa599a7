"""Calendar enums with their Chinese terms."""

from models.calendar import DurationUnit
from schema.enums import described_enum

__all__ = ["DurationUnitEnum"]

DurationUnitEnum = described_enum(
    DurationUnit,
    "时限单位 (unit of a time limit)",
    {
        "HOURS": "小时 (elapsed clock hours)",
        "WORKING_DAYS": "工作日 (statutory working days; the start day is not counted)",
        "CALENDAR_DAYS": "自然日 (calendar days; a period ending on a rest day runs to the next working day)",
    },
)
