"""Calendar fixtures: years 2027+ are free for tests to load; whatever a test loads there is removed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from models.calendar import CalendarDay, CalendarYear
from resolvers.calendar.queries import invalidate_calendar_cache

SPARE_YEAR = 2027


@pytest.fixture
async def spare_year(app: object) -> AsyncIterator[int]:
    """A year the migration did not seed; the calendar tables keep rows between tests, so clean up."""
    yield SPARE_YEAR
    await CalendarDay.filter(date__gte=date(SPARE_YEAR, 1, 1)).delete()
    await CalendarYear.filter(year__gte=SPARE_YEAR).delete()
    invalidate_calendar_cache()
