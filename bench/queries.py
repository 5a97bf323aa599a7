"""The users' representative requests (GraphQL) and, beside each, the same answer by hand-written SQL (the floor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from models.sql import Sql
from models.workdays import SHANGHAI

__all__ = ["DASHBOARD", "DISPATCH", "FIGURES", "LIST", "LIST_TOTAL", "RECEIVE", "Params", "floor_sql"]

DASHBOARD = """
query Dashboard($county: String!, $from: Date!, $to: Date!) {
  units(filter: {underCode: $county}, first: 100) {
    totalCount
    nodes { code name kind overdueCount }
  }
  overdue(filter: {unitCode: $county}, first: 20) {
    totalCount
    nodes { kind stage dueAt overdueWorkingDays unit { code name } subject { id } }
  }
  complaintStats(from: $from, to: $to, unitCodes: [$county]) {
    unit { code } received dispatched resolved respondedInTime responseRate onTimeRate
  }
}"""

LIST = """
query List($first: Int!, $unit: String!, $status: [ComplaintStatus!], $from: DateTime!) {
  complaints(first: $first, filter: {unitCode: $unit, status: $status, receivedFrom: $from}) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id serialNo title status receivedAt
      enterprise { name creditCode }
      handlingUnit { code name }
      contactDueAt replyDueAt resolveDueAt
      breaches { stage dueAt metAt }
    }
  }
}"""

# The same list with the number of matches (a frontend's "共 N 条"): one COUNT(*) over the whole filter.
LIST_TOTAL = LIST.replace("    pageInfo", "    totalCount\n    pageInfo", 1)

FIGURES = """
query Figures($from: Date!, $to: Date!) {
  complaintStats(from: $from, to: $to, groupBy: UNIT) {
    unit { code name } received dispatched resolved visited respondedInTime resolvedInTime dueInPeriod
    responseRate onTimeRate completionRate satisfactionRate redoRate
  }
}"""

RECEIVE = """
mutation Receive($input: ReceiveComplaintInput!) {
  receiveComplaint(input: $input) { complaint { id serialNo } userErrors { code message } }
}"""

DISPATCH = """
mutation Dispatch($input: DispatchComplaintInput!) {
  dispatchComplaint(input: $input) { complaint { id status resolveDueAt } userErrors { code message } }
}"""

OPEN_AND_DONE = ["DISPATCHED", "CONTACTED", "REPLIED", "RESOLVED", "VISITED", "CLOSED"]


@dataclass(frozen=True)
class Params:
    """What the requests are about: a county, a month, a list window, a handling unit for intake."""

    county: str
    county_path: str
    month: date
    list_from: datetime
    intake_unit: str
    intake_credit_code: str

    @property
    def month_end(self) -> date:
        nxt = date(self.month.year + self.month.month // 12, self.month.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)

    def month_bounds(self) -> tuple[datetime, datetime]:
        start = datetime.combine(self.month, time(0), SHANGHAI).astimezone(UTC)
        end = datetime.combine(date.fromordinal(self.month_end.toordinal() + 1), time(0), SHANGHAI)
        return start, end.astimezone(UTC)

    def variables(self) -> dict[str, dict]:
        month = {"from": self.month.isoformat(), "to": self.month_end.isoformat()}
        listing = {"unit": self.county, "status": OPEN_AND_DONE, "from": self.list_from.isoformat()}
        return {
            "dashboard": {"county": self.county, **month},
            "list100": {"first": 100, **listing},
            "list10": {"first": 10, **listing},
            "list100total": {"first": 100, **listing},
            "figures": month,
        }


def _statuses() -> str:
    return "(" + ", ".join(f"'{s}'" for s in OPEN_AND_DONE) + ")"


async def floor_sql(sql: Sql, name: str, p: Params) -> int:
    """The same answer by hand-written SQL; returns the number of rows read back."""
    start, end = p.month_bounds()
    under = f"{p.county_path}%"
    if name == "dashboard":
        units = await sql.fetch(
            "SELECT u.id, u.code, u.name, u.kind, (SELECT count(*) FROM overdue_flag f WHERE f.unit_id = u.id "
            "AND f.cleared_at IS NULL) AS n FROM unit u WHERE u.path LIKE :under ORDER BY u.code LIMIT 100",
            under=under,
        )
        flags = await sql.fetch(
            "SELECT f.*, u.code, u.name FROM overdue_flag f JOIN unit u ON u.id = f.unit_id "
            "WHERE f.cleared_at IS NULL AND u.path LIKE :under "
            "ORDER BY f.overdue_working_days DESC, f.due_at, f.id LIMIT 20",
            under=under,
        )
        total = await sql.fetch(
            "SELECT count(*) AS n FROM overdue_flag f JOIN unit u ON u.id = f.unit_id "
            "WHERE f.cleared_at IS NULL AND u.path LIKE :under",
            under=under,
        )
        stats = await sql.fetch(
            _stats_sql("u.path LIKE :under", join=True), under=under, start=start, end=end
        )
        return len(units) + len(flags) + len(total) + len(stats)
    if name.startswith("list"):
        where = (
            "FROM complaint c JOIN unit u ON u.id = c.handling_unit_id "
            f"WHERE u.path LIKE :under AND c.status IN {_statuses()} AND c.received_at >= :since"
        )
        rows = await sql.fetch(
            "SELECT c.id, c.serial_no, c.title, c.status, c.received_at, c.contact_due_at, c.reply_due_at, "
            "c.resolve_due_at, c.contacted_at, c.replied_at, c.resolved_at, e.name, e.credit_code, u.code, "
            f"u.name AS unit_name {where.replace('WHERE', 'JOIN enterprise e ON e.id = c.enterprise_id WHERE')} "
            "ORDER BY c.received_at DESC, c.id DESC LIMIT :n",
            under=under,
            since=p.list_from,
            n=10 if name == "list10" else 100,
        )
        if name != "list100total":
            return len(rows)
        total = await sql.fetch(f"SELECT count(*) AS n {where}", under=under, since=p.list_from)
        return len(rows) + len(total)
    if name == "figures":
        rows = await sql.fetch(_stats_sql("1 = 1", join=False), start=start, end=end)
        return len(rows)
    raise ValueError(name)


def _stats_sql(where: str, join: bool) -> str:
    """Received-in-month cohort counts per handling unit, and the on-time pair (due or resolved in the month)."""
    join_sql = "JOIN unit u ON u.id = c.handling_unit_id " if join else ""
    return (
        "SELECT c.handling_unit_id, count(*) AS received, "
        "sum(CASE WHEN c.dispatched_at IS NOT NULL THEN 1 ELSE 0 END) AS dispatched, "
        "sum(CASE WHEN c.contact_in_time THEN 1 ELSE 0 END) AS responded, "
        "sum(CASE WHEN c.first_resolved_at IS NOT NULL THEN 1 ELSE 0 END) AS resolved, "
        "sum(CASE WHEN c.visited_at IS NOT NULL THEN 1 ELSE 0 END) AS visited, "
        "sum(CASE WHEN c.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened "
        f"FROM complaint c {join_sql}WHERE {where} AND c.received_at >= :start AND c.received_at < :end "
        "GROUP BY c.handling_unit_id "
        "UNION ALL "
        "SELECT c.handling_unit_id, count(*), sum(CASE WHEN c.resolve_in_time THEN 1 ELSE 0 END), 0, 0, 0, 0 "
        f"FROM complaint c {join_sql}WHERE {where} AND ((c.resolve_due_at >= :start AND c.resolve_due_at < :end) "
        "OR (c.resolved_at >= :start AND c.resolved_at < :end)) GROUP BY c.handling_unit_id"
    )
