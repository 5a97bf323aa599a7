"""When digests are due: pure rules over the working-day calendar (no database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from models.digest import DigestPeriod

__all__ = ["DIGEST_HOUR", "days_to_generate", "periods_on"]

IsWorkday = Callable[[date], bool]
# Digests are written each working day from this local hour on (the office's morning).
DIGEST_HOUR = time(8, 0)
# After downtime, missed days are generated back to this many days (each once).
CATCH_UP_DAYS = 14


def _first_workday(days: list[date], is_workday: IsWorkday) -> date | None:
    return next((d for d in days if is_workday(d)), None)


def periods_on(day: date, is_workday: IsWorkday) -> list[DigestPeriod]:
    """DAILY on every working day (a make-up Saturday too, never a holiday); WEEKLY on the week's first
    working day; MONTHLY on the month's first working day."""
    if not is_workday(day):
        return []
    periods = [DigestPeriod.DAILY]
    monday = day - timedelta(days=day.weekday())
    if _first_workday([monday + timedelta(days=i) for i in range(7)], is_workday) == day:
        periods.append(DigestPeriod.WEEKLY)
    first = day.replace(day=1)
    if (
        _first_workday(
            [first + timedelta(days=i) for i in range(31) if (first + timedelta(days=i)).month == day.month],
            is_workday,
        )
        == day
    ):
        periods.append(DigestPeriod.MONTHLY)
    return periods


def days_to_generate(local_now: datetime, last_done: date | None) -> list[date]:
    """The days whose digests should exist by now: today once its digest hour has passed, and the
    days since the last generated one (bounded), so a restart after downtime catches up."""
    today = local_now.date()
    end = today if local_now.time() >= DIGEST_HOUR else today - timedelta(days=1)
    start = max(last_done + timedelta(days=1) if last_done else end, today - timedelta(days=CATCH_UP_DAYS))
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
