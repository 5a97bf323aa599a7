"""The seeds' figures (2小时响应率, 按时办结率, 办结率, 回访率, 满意率, …) per unit and month, in one GROUP BY.

Cohort counts (received … reopened) are over the complaints received in the period; the on-time
pair (dueInPeriod, resolvedInTime) is over the complaints whose resolve deadline fell in the period
(a deadline belongs to the day it ends: 24:00 on the period's last day is in it) or that were
resolved in it (the domain's definition). Units roll their subtree up by path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import Any

from tortoise import connections

from models.complaint import FIGURES_RECEIVED_INDEX
from models.overdue import OverdueKind
from models.settings import load_settings
from models.unit import Unit, UnitKind
from resolvers.access import Actor, require_reader
from resolvers.complaints.queries import COMPLAINTS
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from resolvers.listing import NOTHING
from resolvers.overdue.queries import subtree_overdue_counts

__all__ = [
    "COUNTS",
    "RANK_DIGITS",
    "RankingMetric",
    "Stats",
    "StatsGrouping",
    "competition_ranks",
    "complaint_stats",
    "counts_for",
    "rank_units",
    "ranked_set",
]

COUNTS = (
    "received",
    "dispatched",
    "responded_in_time",
    "resolved",
    "visited",
    "reasonable_visited",
    "satisfied",
    "solved",
    "reopened",
    "due_in_period",
    "resolved_in_time",
)

# The counts read over the complaints due or resolved in the period; the others are the cohort's.
ON_TIME = ("due_in_period", "resolved_in_time")

# What each rate divides (`Stats.rates`): asking for a rate computes these counts.
RATE_INPUTS = {
    "response_rate": ("responded_in_time", "dispatched"),
    "on_time_rate": ("resolved_in_time", "due_in_period"),
    "completion_rate": ("resolved", "received"),
    "return_visit_rate": ("visited", "resolved"),
    "satisfaction_rate": ("satisfied", "reasonable_visited"),
    "solved_rate": ("solved", "visited"),
    "redo_rate": ("reopened", "resolved"),
    "first_time_rate": ("resolved", "reopened"),
}


def counts_for(figures: Iterable[str]) -> frozenset[str]:
    """The counts that the named figures (counts or rates; other names ignored) are computed from."""
    wanted: set[str] = set()
    for name in figures:
        wanted.update(RATE_INPUTS.get(name, (name,) if name in COUNTS else ()))
    return frozenset(wanted)


class StatsGrouping(str, Enum):
    UNIT = "UNIT"
    MONTH = "MONTH"
    UNIT_MONTH = "UNIT_MONTH"


class RankingMetric(str, Enum):
    ON_TIME_RATE = "ON_TIME_RATE"
    RESPONSE_RATE = "RESPONSE_RATE"
    SATISFACTION_RATE = "SATISFACTION_RATE"
    REDO_RATE = "REDO_RATE"
    OVERDUE_TASKS = "OVERDUE_TASKS"


def _rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


@dataclass
class Stats:
    """One group's counts; the rates are numerator ÷ denominator, None when the denominator is 0."""

    unit_id: int | None
    month: date | None
    received: int = 0
    dispatched: int = 0
    responded_in_time: int = 0
    resolved: int = 0
    visited: int = 0
    reasonable_visited: int = 0
    satisfied: int = 0
    solved: int = 0
    reopened: int = 0
    due_in_period: int = 0
    resolved_in_time: int = 0

    @property
    def rates(self) -> dict[str, float | None]:
        return {
            "response_rate": _rate(self.responded_in_time, self.dispatched),
            "on_time_rate": _rate(self.resolved_in_time, self.due_in_period),
            "completion_rate": _rate(self.resolved, self.received),
            "return_visit_rate": _rate(self.visited, self.resolved),
            "satisfaction_rate": _rate(self.satisfied, self.reasonable_visited),
            "solved_rate": _rate(self.solved, self.visited),
            "redo_rate": _rate(self.reopened, self.resolved),
            "first_time_rate": _rate(self.resolved - self.reopened, self.resolved),
        }


class _Sql:
    """Builds one statement with the dialect's placeholders."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.params: list[Any] = []

    def p(self, value: Any) -> str:
        if self.dialect == "sqlite" and isinstance(value, datetime):
            # SQLite compares the stored ISO text (UTC, "+00:00"): the bound value must have the same shape.
            value = value.astimezone(UTC).isoformat(sep=" ")
        self.params.append(value)
        # Numbered placeholders: a fragment may appear more than once in the statement.
        return f"?{len(self.params)}" if self.dialect == "sqlite" else f"${len(self.params)}"

    def month(self, column: str, start: datetime, deadline: bool = False) -> str:
        """The local month of an instant; of a deadline, the month of the day it ends (see `_deadline_in`)."""
        tz = load_settings().tz
        if self.dialect == "sqlite":
            minutes = int((tz.utcoffset(start) or timedelta()).total_seconds() // 60)
            before = ", '-0.001 seconds'" if deadline else ""
            return f"strftime('%Y-%m', {column}, '{minutes:+d} minutes'{before})"
        instant = f"({column} - interval '1 millisecond')" if deadline else column
        return f"to_char({instant} AT TIME ZONE '{tz.key}', 'YYYY-MM')"


def _between(sql: _Sql, column: str, start: datetime, end: datetime) -> str:
    return f"({column} >= {sql.p(start)} AND {column} < {sql.p(end)})"


def _deadline_in(sql: _Sql, column: str, start: datetime, end: datetime) -> str:
    """A deadline belongs to the day it ends: "24:00 on 10月31日" is stored as 11-01 00:00 and counts in
    October, so the period is (start, end] for deadlines where it is [start, end) for events."""
    return f"({column} > {sql.p(start)} AND {column} <= {sql.p(end)})"


def _cohort_sums() -> list[str]:
    """The cohort's counts over complaints already known to be received in the period."""
    visited = "c.visited_at IS NOT NULL"
    reasonable = f"{visited} AND c.is_reasonable"
    conditions = [
        "c.dispatched_at IS NOT NULL",
        "c.contact_in_time",
        "c.first_resolved_at IS NOT NULL",
        visited,
        reasonable,
        f"{reasonable} AND c.satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED')",
        f"{visited} AND c.problem_solved",
        "c.reopen_count > 0",
    ]
    return ["COUNT(*)", *(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for cond in conditions)]


def _select(expressions: dict[str, str], wanted: Iterable[str]) -> str:
    """The keys' columns, then each wanted count: its expression in this branch, else 0."""
    return "".join(f", {expressions.get(name, '0')} AS {name}" for name in wanted)


@dataclass
class _Scope:
    unit_key: str
    joins: str
    where: str
    # Every handling unit's complaints (no unit named, no row-level restriction): on SQLite the
    # cohort is read through its covering index, which SQLite's planner does not pick by itself.
    city_wide: bool = False


def _unit_scope(
    sql: _Sql, units: list[Unit] | None, descendants: bool, by_unit: bool, actor: Actor
) -> _Scope:
    """Which complaints count and the unit each group is keyed by (a requested unit rolls its subtree up)."""
    joins, where = "LEFT JOIN unit u ON u.id = c.handling_unit_id", ["1 = 1"]
    confined, path = COMPLAINTS.confined_to(actor)
    if confined:
        where.append(f"u.path LIKE {sql.p(path)} || '%'" if path else "1 = 0")
    if not units:
        if by_unit:
            where.append("c.handling_unit_id IS NOT NULL")
        if not confined:
            return _Scope(
                "c.handling_unit_id" if by_unit else "NULL", "", " AND ".join(where), city_wide=True
            )
        return _Scope("c.handling_unit_id" if by_unit else "NULL", joins, " AND ".join(where))
    ids = ", ".join(sql.p(u.id) for u in units)
    match = "u.path LIKE r.path || '%'" if descendants else "u.id = r.id"
    if by_unit:
        return _Scope("r.id", f"{joins} JOIN unit r ON r.id IN ({ids}) AND {match}", " AND ".join(where))
    where.append(f"EXISTS (SELECT 1 FROM unit r WHERE r.id IN ({ids}) AND {match})")
    return _Scope("NULL", joins, " AND ".join(where))


def _statement(
    sql: _Sql, scope: _Scope, start: datetime, end: datetime, by_month: bool, wanted: frozenset[str]
) -> str:
    """One GROUP BY over the period's cohort and its due-or-resolved complaints, for the wanted counts.

    Both branches always run, even when no count of one of them is wanted: a group exists if either
    branch finds a complaint, so the rows are the same whatever the query selects.
    """
    counts = [name for name in COUNTS if name in wanted]
    rec = _between(sql, "c.received_at", start, end)
    resolved_in = _between(sql, "c.resolved_at", start, end)
    due_in = _deadline_in(sql, "c.resolve_due_at", start, end)
    cohort_month = sql.month("c.received_at", start) if by_month else "''"
    due_month = (
        f"CASE WHEN {resolved_in} THEN {sql.month('c.resolved_at', start)}"
        f" ELSE {sql.month('c.resolve_due_at', start, deadline=True)} END"
        if by_month
        else "''"
    )
    cohort_names = [name for name in COUNTS if name not in ON_TIME]
    cohort = _select(dict(zip(cohort_names, _cohort_sums(), strict=True)), counts)
    on_time = _select(
        {
            "due_in_period": "COUNT(*)",
            "resolved_in_time": "SUM(CASE WHEN c.resolve_in_time THEN 1 ELSE 0 END)",
        },
        counts,
    )
    body = f"FROM complaint c {scope.joins} WHERE {scope.where}"
    cohort_body = body
    if sql.dialect == "sqlite" and scope.city_wide:
        # The month's cohort (~42,000 complaints at scale 1) from its covering index alone: SQLite
        # otherwise skip-scans (handling unit, received) and reads every complaint's row (145 -> 63 ms).
        cohort_body = (
            f"FROM complaint c INDEXED BY {FIGURES_RECEIVED_INDEX} {scope.joins} WHERE {scope.where}"
        )
    # Each branch is aggregated on its own (a few hundred groups), then the groups are added up.
    group = "GROUP BY unit_key, month_key"
    if sql.dialect == "postgres":
        # "Due in the period, or resolved in it" as two disjoint branches, each served by its own
        # (handling_unit_id, resolve_due_at | resolved_at) index: with one OR, PostgreSQL read every
        # complaint of each unit of a county (605 ms at scale 1, 54 ms split).
        due_or_resolved = [due_in, f"{resolved_in} AND (c.resolve_due_at IS NULL OR NOT {due_in})"]
    else:
        # SQLite ORs the two index ranges itself and reads each complaint once: a third faster
        # than the split branches (city-wide month at scale 1: 205 against 286 ms).
        due_or_resolved = [f"({due_in} OR {resolved_in})"]
    on_time_branches = "".join(
        f" UNION ALL SELECT {scope.unit_key} AS unit_key, {due_month} AS month_key{on_time}"
        f" {body} AND {condition} {group}"
        for condition in due_or_resolved
    )
    return (
        f"SELECT unit_key, month_key{''.join(f', SUM({n}) AS {n}' for n in counts)} FROM ("
        f"SELECT {scope.unit_key} AS unit_key, {cohort_month} AS month_key{cohort} {cohort_body} AND {rec} {group}"
        f"{on_time_branches}) g {group} ORDER BY unit_key, month_key"
    )


def period_bounds(start_day: date, end_day: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00) local time, as UTC instants."""
    tz = load_settings().tz
    start = datetime.combine(start_day, time.min, tzinfo=tz)
    return start, datetime.combine(end_day + timedelta(days=1), time.min, tzinfo=tz)


async def complaint_stats(
    actor: Actor,
    start_day: date,
    end_day: date,
    unit_codes: list[str] | None = None,
    include_descendants: bool = True,
    grouping: StatsGrouping = StatsGrouping.UNIT,
    wanted: frozenset[str] = frozenset(COUNTS),
) -> list[Stats]:
    """Each group's counts; only the `wanted` ones are computed (the others stay 0)."""
    if end_day < start_day:
        raise RequestError(
            ErrorCode.INVALID_PERIOD, f"结束日期早于开始日期 (to {end_day} is before from {start_day})"
        )
    units = None
    if unit_codes:
        found = {u.code: u for u in await Unit.filter(code__in=unit_codes)}
        missing = sorted(set(unit_codes) - found.keys())
        if missing:
            raise RequestError(ErrorCode.NOT_FOUND, f"单位不存在 (unknown units): {', '.join(missing)}")
        units = [found[c] for c in dict.fromkeys(unit_codes)]
    return await _run(actor, start_day, end_day, units, include_descendants, grouping, wanted)


async def _run(
    actor: Actor,
    start_day: date,
    end_day: date,
    units: list[Unit] | None,
    descendants: bool,
    grouping: StatsGrouping,
    wanted: frozenset[str] = frozenset(COUNTS),
) -> list[Stats]:
    conn = connections.get("default")
    sql = _Sql(conn.capabilities.dialect)
    by_unit = grouping is not StatsGrouping.MONTH
    by_month = grouping is not StatsGrouping.UNIT
    start, end = period_bounds(start_day, end_day)
    scope = _unit_scope(sql, units, descendants, by_unit, actor)
    rows = await conn.execute_query_dict(_statement(sql, scope, start, end, by_month, wanted), sql.params)
    found = [
        Stats(
            unit_id=int(r["unit_key"]) if r["unit_key"] is not None else None,
            month=date.fromisoformat(r["month_key"] + "-01") if by_month else None,
            **{n: int(r[n] or 0) for n in COUNTS if n in wanted},
        )
        for r in rows
    ]
    if units and grouping is StatsGrouping.UNIT:
        # Requested units with nothing in the period still get their (empty) row, in request order.
        by_id = {s.unit_id: s for s in found}
        return [by_id.get(u.id) or Stats(unit_id=u.id, month=None) for u in units]
    return found


RANK_BY = {
    RankingMetric.ON_TIME_RATE: ("on_time_rate", True),
    RankingMetric.RESPONSE_RATE: ("response_rate", True),
    RankingMetric.SATISFACTION_RATE: ("satisfaction_rate", True),
    RankingMetric.REDO_RATE: ("redo_rate", False),
}
# A ranking's value is shown to 4 decimals (a rate as a percentage with two, 66.67%), and ties are
# decided on that shown figure: units a reader sees as equal share the rank.
RANK_DIGITS = 4


def competition_ranks(values: Sequence[float | None]) -> list[int | None]:
    """Standard competition ranks (1, 2, 2, 4) of values already in ranking order; None has no rank."""
    ranks: list[int | None] = []
    for n, value in enumerate(values):
        if value is None:
            ranks.append(None)
        elif n and values[n - 1] == value:
            ranks.append(ranks[-1])
        else:
            ranks.append(n + 1)
    return ranks


async def ranked_set(actor: Actor, unit_kind: UnitKind | None, within_unit_code: str | None) -> list[Unit]:
    """The units compared: active ones (of the kind), only a unit's direct children when one is named
    (like with like: never a unit beside its own parent), within what the actor may see."""
    qs = Unit.filter(active=True)
    if unit_kind is not None:
        qs = qs.filter(kind=unit_kind)
    if within_unit_code is not None:
        parent = await Unit.get_or_none(code=within_unit_code)
        if parent is None:
            raise RequestError(ErrorCode.NOT_FOUND, f"单位不存在 (unknown unit): {within_unit_code}")
        qs = qs.filter(parent_id=parent.id)
    confined, path = COMPLAINTS.confined_to(actor)
    if confined:
        qs = qs.filter(path__startswith=path) if path else qs.filter(NOTHING)
    return list(await qs.order_by("code"))


async def rank_units(
    actor: Actor,
    start_day: date,
    end_day: date,
    metric: RankingMetric,
    unit_kind: UnitKind | None,
    within_unit_code: str | None = None,
) -> list[tuple[int | None, Unit, float | None, Stats]]:
    """(rank, unit, value, stats) for the ranked set, subtree rolled up; best first, equal values (to
    RANK_DIGITS) share a rank, units without a value last with no rank, then by unit code.
    OVERDUE_TASKS counts the overdue flags now."""
    if metric is RankingMetric.OVERDUE_TASKS:
        require_reader(actor, "tasks")  # a task figure: not for the hotline
    units = await ranked_set(actor, unit_kind, within_unit_code)
    if not units:
        return []
    stats = await _run(actor, start_day, end_day, units, True, StatsGrouping.UNIT)
    column, higher_first = RANK_BY.get(metric, (None, True))
    if metric is RankingMetric.OVERDUE_TASKS:
        # Overdue tasks and milestones flagged now, the unit's subtree rolled up; fewer ranks higher.
        counts = await subtree_overdue_counts(units, (OverdueKind.TASK, OverdueKind.MILESTONE))
        values: list[float | None] = [float(n) for n in counts]
        higher_first = False
    else:
        values = [figures.rates[column] if column else None for figures in stats]
    scored = []
    for unit, value, figures in zip(units, values, stats, strict=True):
        shown = None if value is None else round(value, RANK_DIGITS)
        key = (shown is None, 0.0 if shown is None else (-shown if higher_first else shown), unit.code)
        scored.append((key, unit, shown, figures))
    scored.sort(key=lambda item: item[0])
    ranks = competition_ranks([shown for _, _, shown, _ in scored])
    return [
        (rank, unit, shown, figures) for rank, (_, unit, shown, figures) in zip(ranks, scored, strict=True)
    ]
