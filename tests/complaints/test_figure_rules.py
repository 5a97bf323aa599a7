"""The rules of docs/figures.md, one test each, on the injected clock: only what is due counts as late
(month to date), a complaint being redone is not 办结, a withdrawn complaint counts nowhere, and periods
are Asia/Shanghai days (a complaint received 23:30 on 10-31 local is October's)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from resolvers.complaints import handling
from tests.complaints.test_stats import Builder

FIGURES = """
query($from: Date!, $to: Date!, $units: [String!], $group: StatsGrouping) {
  complaintStats(from: $from, to: $to, unitCodes: $units, groupBy: $group) {
    month received dispatched respondedInTime resolved completed visited reopened dueInPeriod resolvedInTime
    responseRate onTimeRate completionRate returnVisitRate redoRate firstTimeRate
  }
}
"""
RANKING = """
query { unitRanking(from: "2026-11-01", to: "2026-11-30", metric: ON_TIME_RATE, withinUnitCode: "DY.DYQ") {
  rank unit { code } value } }
"""
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def at(month: int, day: int, hour: int = 10) -> datetime:
    """`hour`:00 Shanghai on 2026-`month`-`day`."""
    return datetime(2026, month, day, hour - 8, 0, tzinfo=UTC)


async def _figures(gql, unit: str, **extra: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    rows = (await gql(FIGURES, {**NOVEMBER, "units": [unit], **extra}))["complaintStats"]
    assert len(rows) == 1
    return rows[0]  # type: ignore[no-any-return]


async def test_month_to_date_on_time_counts_only_what_is_due(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    # Due 11-16 24:00, never resolved: late once that has passed.
    await b.complaint("DY.DYQ.XD", at(11, 2), resolved_days=None)
    # Due 11-24 24:00, not resolved yet: on 11-18 it is neither on time nor late.
    await b.complaint("DY.DYQ.XD", at(11, 10), resolved_days=None)
    # Resolved 11-12, due 11-24: resolved in the period, on time.
    await b.complaint("DY.DYQ.XD", at(11, 10), resolved_days=2)
    clock.set(at(11, 18))
    mid = await _figures(gql, "DY.DYQ.XD")
    assert (mid["dueInPeriod"], mid["resolvedInTime"], mid["onTimeRate"]) == (2, 1, 0.5)
    ranking = {r["unit"]["code"]: (r["rank"], r["value"]) for r in (await gql(RANKING))["unitRanking"]}
    assert ranking["DY.DYQ.XD"] == (1, 0.5)
    # 11-25 10:00: the second deadline (11-24 24:00) has passed unmet, so it now counts, as late.
    clock.set(at(11, 25))
    later = await _figures(gql, "DY.DYQ.XD")
    assert (later["dueInPeriod"], later["resolvedInTime"]) == (3, 1)
    # At 24:00 exactly the deadline has passed: counted (late) from that instant on.
    clock.set(at(11, 24) + timedelta(hours=14))
    assert (await _figures(gql, "DY.DYQ.XD"))["dueInPeriod"] == 3
    clock.set(at(11, 24) + timedelta(hours=14) - timedelta(seconds=1))
    assert (await _figures(gql, "DY.DYQ.XD"))["dueInPeriod"] == 2


async def test_a_reopened_complaint_being_redone_is_not_completed(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", at(11, 2), resolved_days=1, sat="U", solved=False)
    await b.reopen(cid, at(11, 5))
    redoing = await _figures(gql, "DY.DYQ.XD")
    assert (redoing["received"], redoing["resolved"], redoing["completed"]) == (1, 1, 0)
    # Not 办结 while redone; still resolved once, visited once, and a redo.
    assert (redoing["completionRate"], redoing["returnVisitRate"], redoing["redoRate"]) == (0.0, 1.0, 1.0)
    assert redoing["firstTimeRate"] == 0.0
    await b.resolve(cid, at(11, 6))
    done = await _figures(gql, "DY.DYQ.XD")
    assert (done["resolved"], done["completed"], done["completionRate"]) == (1, 1, 1.0)


async def test_a_withdrawn_complaint_counts_in_no_figure(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    await b.complaint("DY.DYQ.XD", at(11, 2), resolved_days=None)  # contacted in time, never resolved
    for unit in ("DY.DYQ.XD", "DY.DYQ.WH"):
        cid = await b.receive(at(11, 2))
        await b.dispatch(cid, unit)
        b.at(at(11, 2) + timedelta(minutes=30))
        await handling.withdraw_complaint(scope, handling.ReturnComplaint(cid, "企业已自行解决"))
    clock.set(at(11, 25))  # every resolve deadline above (11-16 24:00) has passed
    kept = await _figures(gql, "DY.DYQ.XD")
    assert (kept["received"], kept["dispatched"], kept["respondedInTime"], kept["responseRate"]) == (
        1,
        1,
        1,
        1.0,
    )
    assert (kept["dueInPeriod"], kept["completionRate"]) == (1, 0.0)
    # A unit whose only complaint was withdrawn has no figure, not 0 %.
    only = await _figures(gql, "DY.DYQ.WH")
    assert (only["received"], only["dispatched"], only["dueInPeriod"]) == (0, 0, 0)
    assert (only["responseRate"], only["completionRate"], only["onTimeRate"]) == (None, None, None)


async def test_periods_are_local_days(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    await b.receive(at(10, 31, 23) + timedelta(minutes=30))  # 2026-10-31 15:30 UTC
    await b.receive(at(11, 1, 8))  # 2026-11-01 00:00 UTC, still 11-01 locally
    rows = (await gql(FIGURES, {"from": "2026-10-01", "to": "2026-11-30", "units": None, "group": "MONTH"}))[
        "complaintStats"
    ]
    assert [(r["month"], r["received"]) for r in rows] == [("2026-10-01", 1), ("2026-11-01", 1)]
