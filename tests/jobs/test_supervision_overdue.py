"""The supervision and recommendation overdue sources select exactly the missed deadlines, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

from jobs.supervision_overdue import recommendations, supervision_items
from models.sql import Sql
from resolvers.demo import supervision


async def test_sources_select_missed_deadlines(units, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await supervision.seed(scope)  # deadlines from today + 10 days (items) and + 30 days (recommendation)
    sql = Sql("Asia/Shanghai", 8)
    assert await sql.fetch(supervision_items(sql), today=date(2026, 11, 24)) == []
    clock.set(datetime(2026, 12, 20, 2, tzinfo=UTC))
    rows = await sql.fetch(supervision_items(sql), today=date(2026, 12, 20))
    # Due 12-09 (sent back) and 12-14 (reported) are overdue; 12-04 is closed, 12-24 and 12-29 not yet due.
    assert len(rows) == 2
    due = sorted(str(list(r.values())[2]) for r in rows)
    assert due[0].startswith("2026-12-09 16:00:00")  # the end of the local day, as a UTC instant
    assert await sql.fetch(recommendations(sql), today=date(2026, 12, 24)) == []
    (row,) = await sql.fetch(recommendations(sql), today=date(2026, 12, 25))
    assert list(row.values())[3] in (date(2026, 12, 24), "2026-12-24")
