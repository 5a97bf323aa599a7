"""The REPORT_MISSING overdue source: tasks that must report progress weekly, monthly or quarterly
(周调度、月总结) and did not in the last completed period.

The periods are calendar ones in local time (Mon-Sun weeks, months, quarters). A task is flagged when
it is open, existed before the last completed period ended, and has no progress report from that
period's first instant on: a late report (made in the current period) clears the flag, as a late
completion clears a task's. The flag's deadline is the period's end, so the next period missed is a
new flag (a new breach record), and the previous one is cleared.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from models.sql import Sql
from models.task import ReportingCadence

__all__ = ["CADENCE_PARAMS", "last_period", "missing_reports", "period_params"]

# The statement's parameter prefix of each cadence.
CADENCE_PARAMS = {
    ReportingCadence.WEEKLY: "week",
    ReportingCadence.MONTHLY: "month",
    ReportingCadence.QUARTERLY: "quarter",
}


def last_period(cadence: ReportingCadence, today: date) -> tuple[date, date]:
    """First and last day of the last period of this cadence that ended before `today`."""
    if cadence is ReportingCadence.WEEKLY:
        this_monday = today - timedelta(days=today.weekday())
        return this_monday - timedelta(days=7), this_monday - timedelta(days=1)
    if cadence is ReportingCadence.MONTHLY:
        first = today.replace(day=1)
        last = first - timedelta(days=1)
        return last.replace(day=1), last
    if cadence is ReportingCadence.QUARTERLY:
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        last = first - timedelta(days=1)
        return date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last
    raise ValueError(f"no period for {cadence}")


def period_params(today: date, tz: tzinfo) -> dict[str, object]:
    """`:<p>_from`, `:<p>_until` (instants the period starts and ends, local midnight) and `:<p>_last`
    (its last day) of each cadence's last completed period."""
    params: dict[str, object] = {}
    for cadence, p in CADENCE_PARAMS.items():
        first, last = last_period(cadence, today)
        params[f"{p}_from"] = datetime.combine(first, time(), tz)
        params[f"{p}_until"] = datetime.combine(last + timedelta(days=1), time(), tz)
        params[f"{p}_last"] = last
    return params


def _lead_unit(task: str) -> str:
    return (
        f"(SELECT tu.unit_id FROM task_unit tu WHERE tu.task_id = {task} AND tu.role = 'LEAD' "
        "ORDER BY tu.position, tu.id LIMIT 1)"
    )


def missing_reports(sql: Sql) -> str:
    """Open tasks with a cadence and no progress report since their last completed period began."""
    # PostgreSQL types a bare parameter in a select list (and a UNION of them) as text.
    stamp, day = ("::timestamptz", "::date") if sql.postgres else ("", "")
    selects = [
        f"SELECT t.id, {_lead_unit('t.id')}, :{p}_until{stamp}, :{p}_last{day} FROM task t "
        f"WHERE t.reporting_cadence = '{cadence.value}' AND t.status IN ('NOT_STARTED', 'IN_PROGRESS') "
        f"AND t.created_at < :{p}_until AND NOT EXISTS (SELECT 1 FROM progress_report r "
        f"WHERE r.task_id = t.id AND r.reported_at >= :{p}_from)"
        for cadence, p in CADENCE_PARAMS.items()
    ]
    return " UNION ALL ".join(selects)
