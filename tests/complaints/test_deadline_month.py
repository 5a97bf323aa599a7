"""Figures attribute a deadline to the day it ends: "24:00 on 10月31日" (stored as 11-01 00:00 local)
is due in October, on both databases, by period and by month."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from resolvers.complaints import followup
from tests.complaints.test_stats import STATS, Builder, utc

# 24:00 on 2026-10-31 in Shanghai: the first instant of November.
OCTOBER_END = datetime(2026, 11, 1, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


async def _due_at_october_end(scope, clock) -> None:  # type: ignore[no-untyped-def]
    """Received 10-12, contacted and replied, extended to 24:00 on 10-31, never resolved."""
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", utc(10, 12), resolved_days=None)
    b.at(utc(10, 20))
    extension = await followup.request_extension(
        scope, followup.RequestExtension(cid, OCTOBER_END, "需协调多部门")
    )
    await followup.decide_extension(scope, followup.DecideExtension(extension.id, True))
    b.at(OCTOBER_END + timedelta(days=10))


def _due(rows: list[dict]) -> list[tuple[str | None, int, int]]:
    return [(r["month"], r["dueInPeriod"], r["resolvedInTime"]) for r in rows]


async def test_a_deadline_at_24_00_on_the_months_last_day_is_due_in_that_month(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await _due_at_october_end(scope, clock)
    units = ["DY.DYQ.XD"]
    october = {"from": "2026-10-01", "to": "2026-10-31", "units": units}
    november = {"from": "2026-11-01", "to": "2026-11-30", "units": units}
    assert _due((await gql(STATS, october))["complaintStats"]) == [(None, 1, 0)]
    assert _due((await gql(STATS, november))["complaintStats"]) == [(None, 0, 0)]
    by_month = {"from": "2026-10-01", "to": "2026-11-30", "units": units, "group": "UNIT_MONTH"}
    assert _due((await gql(STATS, by_month))["complaintStats"]) == [("2026-10-01", 1, 0)]


async def test_a_deadline_one_minute_later_is_due_in_the_next_month(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", utc(10, 12), resolved_days=None)
    b.at(utc(10, 20))
    later = OCTOBER_END + timedelta(minutes=1)
    extension = await followup.request_extension(scope, followup.RequestExtension(cid, later, "需协调"))
    await followup.decide_extension(scope, followup.DecideExtension(extension.id, True))
    b.at(later + timedelta(days=10))
    by_month = {"from": "2026-10-01", "to": "2026-11-30", "units": ["DY.DYQ.XD"], "group": "UNIT_MONTH"}
    assert _due((await gql(STATS, by_month))["complaintStats"]) == [
        ("2026-10-01", 0, 0),
        ("2026-11-01", 1, 0),
    ]
