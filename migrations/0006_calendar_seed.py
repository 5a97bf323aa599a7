"""Data migration: seed the working-day calendar with every year the `chinesecalendar` package knows.

Hand-written. Each weekday statutory holiday becomes an exception with its holiday's Chinese name,
each weekend make-up working day an exception named 调休上班, and each year a `calendar_year` row.
Holidays falling on a weekend are rest days anyway and are not stored.
"""

from datetime import UTC, date, datetime

from tortoise import migrations
from tortoise.migrations import operations as ops

# chinesecalendar's English holiday names -> the names in the State Council's notices.
CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
MAKEUP_NAME = "调休上班"


def _schedule() -> tuple[list[tuple[date, bool, str]], list[int], str]:
    import chinese_calendar

    days = [
        (day, False, CHINESE_NAMES[str(name)])
        for day, name in chinese_calendar.holidays.items()
        if day.weekday() < 5
    ]
    days += [(day, True, MAKEUP_NAME) for day in chinese_calendar.workdays if day.weekday() >= 5]
    years = sorted({day.year for day in chinese_calendar.holidays})
    version = getattr(chinese_calendar, "__version__", "")
    return sorted(days), years, f"chinesecalendar {version}".strip()


async def seed(apps, schema_editor) -> None:
    calendar_day = apps.get_model("models", "CalendarDay")
    calendar_year = apps.get_model("models", "CalendarYear")
    days, years, source = _schedule()
    now = datetime.now(UTC)
    await calendar_day.bulk_create([calendar_day(date=d, is_workday=w, name=n) for d, w, n in days])
    await calendar_year.bulk_create([calendar_year(year=y, loaded_at=now, source=source) for y in years])


async def unseed(apps, schema_editor) -> None:
    _, years, _ = _schedule()
    await apps.get_model("models", "CalendarDay").filter(
        date__gte=date(years[0], 1, 1), date__lte=date(years[-1], 12, 31)
    ).delete()
    await apps.get_model("models", "CalendarYear").filter(year__in=years).delete()


class Migration(migrations.Migration):
    dependencies = [("models", "0005_calendar")]

    initial = False

    operations = [ops.RunPython(seed, unseed)]
