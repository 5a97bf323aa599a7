"""The users' representative requests (GraphQL) and, beside each, the same answer by hand-written SQL (the floor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from models.sql import Sql
from models.workdays import SHANGHAI
from schema.node import encode_id

__all__ = [
    "DASHBOARD",
    "DISPATCH",
    "FIGURES",
    "LIST",
    "LIST_TOTAL",
    "RECEIVE",
    "TRACE",
    "TRACE_CASE",
    "Params",
    "floor_sql",
]

DASHBOARD = """
query Dashboard($county: String!, $from: Date!, $to: Date!) {
  units(filter: {underCode: $county}, first: 100) {
    totalCount
    nodes { code name kind overdueCount overdueByKind { kind count } }
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

# The inspector's trace (INSPECTOR token): every node of the case's chain back to the complaint, what each
# is and where it stands, the edges, and one timeline.
TRACE = """
query Trace($id: ID!) {
  trace(id: $id) {
    root { id }
    nodes {
      __typename id
      ... on Complaint {
        serialNo title status receivedAt enterprise { name creditCode } handlingUnit { code name }
        contactDueAt contactedAt replyDueAt repliedAt resolveDueAt resolvedAt escalatedAt
        breaches { stage dueAt metAt }
      }
      ... on Task { code title taskDueOn: dueOn taskStatus: status leadUnits { code name } }
      ... on Inspection { title kind startsOn endsOn }
      ... on Finding { description foundAt unit { code name } }
      ... on SupervisionItem {
        serial title itemSource: source level itemStatus: status dueOn isOverdue openedAt closedAt responsibleUnit { code name }
        rectifications { submittedAt submittedBy verdict verdictReason verifiedAt }
        extensions { oldDueOn newDueOn reason at }
      }
      ... on Clue { serial clueSource: source summary receivedOn disposal disposalReason disposedAt officials { name position } }
      ... on Case { serial title filedOn caseStatus: status outcome exempted exemptionReason closedAt }
      ... on Sanction {
        personName position sanctionUnit: unit { code name } form partySanction governmentSanction accountability measure
        decidedOn documentNo
      }
      ... on Recommendation { unit { code name } content issuedOn replyDueOn repliedAt reply isOverdue }
    }
    edges { from to relation at }
    timeline { subjectId kind summary actor actorRole at }
  }
}"""

# The case query 4 traces: one whose chain reaches a complaint (case ← clue ← item ← complaint), the one with
# the most edges at the case and its clue (sanctions, recommendations, items), the lowest id on ties.
TRACE_CASE = """
SELECT k.id FROM discipline_case k
JOIN link f ON f.relation = 'FILED_AS' AND f.to_type = 'Case' AND f.to_id = k.id AND f.from_type = 'Clue'
JOIN link t ON t.relation = 'TRANSFERRED_TO' AND t.to_type = 'Clue' AND t.to_id = f.from_id
  AND t.from_type = 'SupervisionItem'
JOIN link e ON e.relation = 'ESCALATED_TO' AND e.to_type = 'SupervisionItem' AND e.to_id = t.from_id
  AND e.from_type = 'Complaint'
ORDER BY (SELECT count(*) FROM link o WHERE o.from_type = 'Case' AND o.from_id = k.id)
  + (SELECT count(*) FROM link o WHERE o.to_type = 'Clue' AND o.to_id = f.from_id) DESC, k.id
LIMIT 1"""

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
    case: int | None = None

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
            "trace": {"id": encode_id("Case", self.case or 0)},
        }


def _statuses() -> str:
    return "(" + ", ".join(f"'{s}'" for s in OPEN_AND_DONE) + ")"


async def floor_sql(sql: Sql, name: str, p: Params) -> int:
    """The same answer by hand-written SQL; returns the number of rows read back."""
    start, end = p.month_bounds()
    under = f"{p.county_path}%"
    if name == "dashboard":
        units = await sql.fetch(
            "SELECT u.id, u.code, u.name, u.kind FROM unit u WHERE u.path LIKE :under ORDER BY u.code LIMIT 100",
            under=under,
        )
        per_kind = await sql.fetch(
            "SELECT f.unit_id, f.kind, count(*) AS n FROM overdue_flag f JOIN unit u ON u.id = f.unit_id "
            "WHERE f.cleared_at IS NULL AND f.kind <> 'RECOMMENDATION' AND u.path LIKE :under "
            "GROUP BY f.unit_id, f.kind",
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
        return len(units) + len(per_kind) + len(flags) + len(total) + len(stats)
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
    if name == "trace":
        return await _trace_floor(sql, p.case or 0)
    raise ValueError(name)


def _stats_sql(where: str, join: bool) -> str:
    """Received-in-month cohort counts per handling unit, and the on-time pair (due or resolved in the month)."""
    join_sql = "JOIN unit u ON u.id = c.handling_unit_id " if join else ""
    return (
        "SELECT c.handling_unit_id, count(*) AS received, "
        "sum(CASE WHEN c.dispatched_at IS NOT NULL THEN 1 ELSE 0 END) AS dispatched, "
        "sum(CASE WHEN c.contact_in_time THEN 1 ELSE 0 END) AS responded, "
        "sum(CASE WHEN c.first_resolved_at IS NOT NULL THEN 1 ELSE 0 END) AS resolved, "
        "sum(CASE WHEN c.resolved_at IS NOT NULL THEN 1 ELSE 0 END) AS completed, "
        "sum(CASE WHEN c.visited_at IS NOT NULL THEN 1 ELSE 0 END) AS visited, "
        "sum(CASE WHEN c.reopen_count > 0 THEN 1 ELSE 0 END) AS reopened "
        f"FROM complaint c {join_sql}WHERE {where} AND c.status <> 'WITHDRAWN' "
        "AND c.received_at >= :start AND c.received_at < :end "
        "GROUP BY c.handling_unit_id "
        "UNION ALL "
        "SELECT c.handling_unit_id, count(*), sum(CASE WHEN c.resolve_in_time THEN 1 ELSE 0 END), 0, 0, 0, 0, 0 "
        f"FROM complaint c {join_sql}WHERE {where} AND c.status <> 'WITHDRAWN' "
        "AND ((c.resolve_due_at > :start AND c.resolve_due_at <= :end) "
        "OR (c.resolved_at >= :start AND c.resolved_at < :end)) GROUP BY c.handling_unit_id"
    )


# The chain through a node: every link reachable from it in either direction (UNION stops at known nodes).
WALK = """
WITH RECURSIVE walk(t, i) AS (
  SELECT CAST(:type AS VARCHAR(40)), CAST(:id AS BIGINT)
  UNION
  SELECT CASE WHEN l.from_type = w.t AND l.from_id = w.i THEN l.to_type ELSE l.from_type END,
         CASE WHEN l.from_type = w.t AND l.from_id = w.i THEN l.to_id ELSE l.from_id END
  FROM walk w JOIN link l ON (l.from_type = w.t AND l.from_id = w.i) OR (l.to_type = w.t AND l.to_id = w.i)
)
SELECT l.id, l.from_type, l.from_id, l.to_type, l.to_id, l.relation, l.at
FROM link l JOIN walk w ON l.from_type = w.t AND l.from_id = w.i ORDER BY l.at, l.id"""

# Each node type's rows with what the trace shows of them ({ids}: the chain's ids of that type).
NODE_SQL = {
    "Complaint": [
        "SELECT c.*, e.name AS enterprise_name, e.credit_code, u.code AS unit_code, u.name AS unit_name "
        "FROM complaint c JOIN enterprise e ON e.id = c.enterprise_id "
        "LEFT JOIN unit u ON u.id = c.handling_unit_id WHERE c.id IN ({ids})"
    ],
    "Task": [
        "SELECT t.*, u.code, u.name FROM task t JOIN task_unit tu ON tu.task_id = t.id AND tu.role = 'LEAD' "
        "JOIN unit u ON u.id = tu.unit_id WHERE t.id IN ({ids})"
    ],
    "Inspection": ["SELECT * FROM inspection WHERE id IN ({ids})"],
    "Finding": [
        "SELECT f.*, u.code, u.name FROM finding f JOIN unit u ON u.id = f.unit_id WHERE f.id IN ({ids})"
    ],
    "SupervisionItem": [
        "SELECT s.*, u.code, u.name FROM supervision_item s JOIN unit u ON u.id = s.responsible_unit_id "
        "WHERE s.id IN ({ids})",
        "SELECT * FROM rectification WHERE item_id IN ({ids}) ORDER BY item_id, submitted_at, id",
        "SELECT * FROM supervision_extension WHERE item_id IN ({ids}) ORDER BY item_id, at, id",
    ],
    "Clue": [
        "SELECT * FROM clue WHERE id IN ({ids})",
        "SELECT * FROM clue_official WHERE clue_id IN ({ids}) ORDER BY clue_id, id",
    ],
    "Case": ["SELECT * FROM discipline_case WHERE id IN ({ids})"],
    "Sanction": [
        "SELECT s.*, u.code, u.name FROM sanction s LEFT JOIN unit u ON u.id = s.unit_id WHERE s.id IN ({ids})"
    ],
    "Recommendation": [
        "SELECT r.*, u.code, u.name FROM recommendation r JOIN unit u ON u.id = r.unit_id WHERE r.id IN ({ids})"
    ],
}


async def _trace_floor(sql: Sql, case_id: int) -> int:
    """The walk from the case over `link` (one recursive statement), each type's node rows, the events."""
    edges = await sql.fetch(WALK, type="Case", id=case_id)
    nodes: dict[str, set[int]] = {"Case": {case_id}}
    for e in edges:
        nodes.setdefault(e["from_type"], set()).add(int(e["from_id"]))
        nodes.setdefault(e["to_type"], set()).add(int(e["to_id"]))
    read = len(edges)
    for type_name, pks in sorted(nodes.items()):
        ids = ", ".join(str(pk) for pk in sorted(pks))
        for statement in NODE_SQL.get(type_name, []):
            read += len(await sql.fetch(statement.format(ids=ids)))
    subjects = " OR ".join(
        f"(subject_type = '{t}' AND subject_id IN ({', '.join(str(pk) for pk in sorted(pks))}))"
        for t, pks in sorted(nodes.items())
    )
    events = await sql.fetch(f"SELECT * FROM event WHERE {subjects} ORDER BY at, id")
    return read + len(events)
