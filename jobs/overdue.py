"""The overdue job: flags every thing past its deadline and clears what is no longer overdue, set-based.

One run, in one transaction:
1. scan: every source's currently-overdue rows go into a scratch table (one INSERT … SELECT each);
2. clear: open flags with no matching scan row (met late, completed, deadline extended) get `cleared_at`;
3. flag: scan rows with no open flag become new flags, and each new flag writes one "breach detected"
   event on its subject's timeline;
4. age: overdue working days, computed per distinct deadline day into the scratch table (new flags
   are written with theirs), are copied to the open flags whose age changed;
5. mirror: tasks', milestones', supervision items' and recommendations' `is_overdue` columns follow
   the open flags (for index-served filters); a complaint's "overdue now" is computed from its own
   due/met columns, so complaints have no such column to keep.
Every statement touches only rows whose values change, so a second run in a row touches nothing.

Overlapping runs on other slots (scheduled, `jobs run overdue`, `runJob`) run one after the other
(`_lock`); behind that, migration 0019's partial unique index refuses a second open flag, new flags are
inserted with ON CONFLICT DO NOTHING (events only for those), and tables are updated in one fixed order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from jobs.registry import Job, register_job
from jobs.report_cadence import missing_reports, period_params
from jobs.supervision_overdue import recommendations, supervision_items
from models.settings import load_settings
from models.sql import Sql
from resolvers.access import Scope
from resolvers.calendar.queries import get_calendar

__all__ = ["SOURCES", "Source", "run"]

OPEN_TASK = "('NOT_STARTED', 'IN_PROGRESS')"


@dataclass(frozen=True)
class Source:
    """A kind of deadline: SELECT subject_id, unit_id, due_at, due_date of everything overdue as of :now/:today."""

    kind: str
    stage: str
    subject_type: str
    select: Callable[[Sql], str]
    # The subject table whose is_overdue column mirrors the open flags (None: no column to keep).
    mirror_table: str | None = None


def _lead_unit(task: str) -> str:
    return (
        f"(SELECT tu.unit_id FROM task_unit tu WHERE tu.task_id = {task} AND tu.role = 'LEAD' "
        "ORDER BY tu.position, tu.id LIMIT 1)"
    )


def _tasks(sql: Sql) -> str:
    return (
        f"SELECT t.id, {_lead_unit('t.id')}, {sql.end_of_day('t.due_on')}, t.due_on FROM task t "
        f"WHERE t.due_on < :today AND t.status IN {OPEN_TASK}"
    )


def _milestones(sql: Sql) -> str:
    return (
        f"SELECT m.id, {_lead_unit('t.id')}, {sql.end_of_day('m.due_on')}, m.due_on "
        "FROM milestone m JOIN task t ON t.id = m.task_id "
        f"WHERE m.due_on < :today AND m.completed_at IS NULL AND t.status IN {OPEN_TASK}"
    )


def _complaint_stage(due: str, met: str) -> Callable[[Sql], str]:
    def select(sql: Sql) -> str:
        return (
            f"SELECT c.id, c.handling_unit_id, c.{due}, {sql.last_local_day('c.' + due)} FROM complaint c "
            f"WHERE c.{due} < :now AND c.{met} IS NULL AND c.status NOT IN ('WITHDRAWN', 'CLOSED', 'RECEIVED')"
        )

    return select


SOURCES: list[Source] = [
    Source("TASK", "", "Task", _tasks, "task"),
    Source("MILESTONE", "", "Milestone", _milestones, "milestone"),
    Source(
        "COMPLAINT_STAGE",
        "CONTACT",
        "Complaint",
        _complaint_stage("contact_due_at", "contacted_at"),
    ),
    Source("COMPLAINT_STAGE", "REPLY", "Complaint", _complaint_stage("reply_due_at", "replied_at")),
    Source(
        "COMPLAINT_STAGE",
        "RESOLVE",
        "Complaint",
        _complaint_stage("resolve_due_at", "resolved_at"),
    ),
    Source("SUPERVISION_ITEM", "", "SupervisionItem", supervision_items, "supervision_item"),
    Source("RECOMMENDATION", "", "Recommendation", recommendations, "recommendation"),
    # No mirror: a task's is_overdue follows its TASK flags (its own deadline) only.
    Source("REPORT_MISSING", "", "Task", missing_reports),
]

# (table, kind) of the is_overdue mirrors, in one fixed order: every run takes their row locks in the
# same order (a set's order differs from process to process, and two runs deadlocked on it).
MIRRORS: list[tuple[str, str]] = sorted({(s.mirror_table, s.kind) for s in SOURCES if s.mirror_table})

# The overdue job's PostgreSQL advisory lock key ("duban" in ASCII, then 1).
JOB_LOCK_KEY = 0x6475_6261_6E01

# Deadline days aged per statement.
AGE_CHUNK = 500
# New flags beyond which their table's statistics are refreshed before it is joined (PostgreSQL).
REANALYZE_AFTER = 1000

# How a working day is told: the statutory calendar's rule (weekends only for a year not loaded).
IsWorkday = Callable[[date], bool]


def working_days_after(last_days: list[date], today: date, is_workday: IsWorkday) -> dict[date, int]:
    """For each deadline that ended with `last_day`: the working days d with last_day < d <= today,
    i.e. how long it is overdue. One walk back from today to the earliest day."""
    wanted = set(last_days)
    ages: dict[date, int] = {day: 0 for day in wanted if day >= today}
    earliest = min(wanted, default=today)
    count, day = 0, today
    while day >= earliest:
        if day in wanted and day < today:
            ages[day] = count
        count += is_workday(day)
        day -= timedelta(days=1)
    return ages


async def _lock(sql: Sql) -> None:
    """One run at a time, held until the runner's transaction ends; must come before any read.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: a write as the first statement takes the
    database's write lock before anything is read, as BEGIN IMMEDIATE would (the runner has begun a
    deferred transaction); it waits up to the busy timeout. A run that had read first would hold a
    snapshot older than the other run's commit, and could not write on SQLite or would miss its flags.
    """
    if sql.postgres:
        await sql.fetch(f"SELECT 1 FROM (SELECT pg_advisory_xact_lock({JOB_LOCK_KEY})) AS held")
    else:
        await sql.execute("UPDATE overdue_flag SET id = id WHERE 0")


async def _scan(sql: Sql, now: datetime, today: date, periods: dict[str, object]) -> None:
    stamp = "TIMESTAMPTZ" if sql.postgres else "TEXT"
    tail = " ON COMMIT DROP" if sql.postgres else ""
    await sql.execute("DROP TABLE IF EXISTS overdue_scan")
    await sql.execute(
        "CREATE TEMP TABLE overdue_scan (kind VARCHAR(24), stage VARCHAR(8), subject_type VARCHAR(40), "
        f"subject_id BIGINT, unit_id BIGINT, due_at {stamp}, due_date DATE, age INTEGER DEFAULT 0, "
        f"known BOOLEAN DEFAULT {sql.false}){tail}"
    )
    for source in SOURCES:
        await sql.execute(
            "INSERT INTO overdue_scan (subject_id, unit_id, due_at, due_date, kind, stage, subject_type) "
            f"SELECT s.*, '{source.kind}', '{source.stage}', '{source.subject_type}' FROM ({source.select(sql)}) s",
            now=now,
            today=today,
            **periods,
        )
    await sql.execute("CREATE INDEX overdue_scan_key ON overdue_scan (kind, stage, subject_id)")
    if sql.postgres:
        # Temporary tables get no statistics from autovacuum: without them the planner guessed the
        # scratch table's size and joined it to the flags by nested loops.
        await sql.execute("ANALYZE overdue_scan")


_NEW_FLAGS = (
    "INSERT INTO overdue_flag (kind, stage, subject_type, subject_id, unit_id, due_at, due_date, "
    "detected_at, overdue_working_days) "
    "SELECT s.kind, s.stage, s.subject_type, s.subject_id, s.unit_id, s.due_at, s.due_date, :now, s.age "
    "FROM overdue_scan s WHERE s.known = {false} "
    # The partial unique index of migration 0019: a subject and stage already flagged open is skipped.
    "ON CONFLICT (kind, stage, subject_id) WHERE cleared_at IS NULL DO NOTHING"
)
_BREACH_EVENTS = (
    "INSERT INTO event (subject_type, subject_id, kind, summary, actor, actor_role, at, data, request_id) "
    "SELECT f.subject_type, f.subject_id, 'BREACH_DETECTED', "
    "'发现逾期 (breach detected): ' || f.kind || CASE WHEN f.stage = '' THEN '' ELSE ' ' || f.stage END, "
    "'system', 'ADMIN', :now, NULL, :request_id FROM {flags}"
)


async def _flag(sql: Sql, now: datetime, request_id: str) -> int:
    """New flags, each with one "breach detected" event; returns how many were inserted."""
    if sql.postgres:
        # One statement: the events are written from the rows the INSERT returns, i.e. only for the
        # flags it inserted, whatever another transaction did meanwhile.
        rows = await sql.fetch(
            f"WITH f AS ({_NEW_FLAGS.format(false=sql.false)} "
            "RETURNING subject_type, subject_id, kind, stage), "
            f"e AS ({_BREACH_EVENTS.format(flags='f')}) SELECT count(*) AS n FROM f",
            now=now,
            request_id=request_id,
        )
        return int(rows[0]["n"])
    # SQLite has one writer at a time and this transaction has held the write lock since `_lock`:
    # the flags above the highest id before the INSERT are exactly those it inserted.
    mark = (await sql.fetch("SELECT coalesce(max(id), 0) AS n FROM overdue_flag"))[0]["n"]
    flagged = await sql.execute(_NEW_FLAGS.format(false=sql.false), now=now)
    if flagged:
        await sql.execute(
            _BREACH_EVENTS.format(flags="overdue_flag f WHERE f.id > :mark"),
            now=now,
            request_id=request_id,
            mark=mark,
        )
    return flagged


async def _clear_and_flag(sql: Sql, now: datetime, request_id: str) -> int:
    cleared = await sql.execute(
        "UPDATE overdue_flag SET cleared_at = :now WHERE cleared_at IS NULL AND NOT EXISTS ("
        "SELECT 1 FROM overdue_scan s WHERE s.kind = overdue_flag.kind AND s.stage = overdue_flag.stage "
        "AND s.subject_id = overdue_flag.subject_id AND s.due_at = overdue_flag.due_at)",
        now=now,
    )
    # Scan rows that already have their open flag are marked first, so the INSERT below does not
    # read the table it writes: on a first run PostgreSQL planned that anti-join as a sequential scan
    # of the (empty when planned) flags for every scan row, and each scan walked the rows the INSERT
    # had already added: 42,000 flags took 18.8 s instead of 0.9 s.
    await sql.execute(
        f"UPDATE overdue_scan SET known = {sql.true} WHERE EXISTS (SELECT 1 FROM overdue_flag f "
        "WHERE f.kind = overdue_scan.kind AND f.stage = overdue_scan.stage "
        "AND f.subject_id = overdue_scan.subject_id AND f.due_at = overdue_scan.due_at AND f.cleared_at IS NULL)"
    )
    flagged = await _flag(sql, now, request_id)
    if flagged > REANALYZE_AFTER and sql.postgres:
        # The flags' statistics (of an empty table, on a first run) no longer describe it, and the
        # statements below join it.
        await sql.execute("ANALYZE overdue_flag")
    return cleared + flagged


async def _age_scan(sql: Sql, today: date, is_workday: IsWorkday) -> None:
    """Overdue working days of each scanned deadline, written into the scratch table (one UPDATE for
    up to 500 deadline days), so that new flags are written once, with their age."""
    rows = await sql.fetch("SELECT DISTINCT due_date FROM overdue_scan")
    days = sorted(d if isinstance(d, date) else date.fromisoformat(d) for d in (r["due_date"] for r in rows))
    ages = working_days_after(days, today, is_workday)
    for start in range(0, len(days), AGE_CHUNK):
        # Our own dates and counts, written as literals: no parameter limit to mind. VALUES columns
        # are column1, column2 on both databases (SQLite cannot alias them in the FROM clause).
        values = ", ".join(
            f"({sql.date_literal(day)}, {ages[day]:d})" for day in days[start : start + AGE_CHUNK]
        )
        await sql.execute(
            "UPDATE overdue_scan SET age = a.n "
            f"FROM (SELECT column1 AS day, column2 AS n FROM (VALUES {values}) AS v) AS a "
            "WHERE overdue_scan.due_date = a.day"
        )


async def _age(sql: Sql) -> int:
    """Open flags whose age changed since the last run (the flags still open are the scanned ones)."""
    return await sql.execute(
        "UPDATE overdue_flag SET overdue_working_days = s.age FROM overdue_scan s "
        "WHERE overdue_flag.cleared_at IS NULL AND s.kind = overdue_flag.kind "
        "AND s.stage = overdue_flag.stage AND s.subject_id = overdue_flag.subject_id "
        "AND s.due_at = overdue_flag.due_at AND overdue_flag.overdue_working_days <> s.age"
    )


async def _mirror(sql: Sql) -> int:
    touched = 0
    for table, kind in MIRRORS:
        open_ids = f"SELECT f.subject_id FROM overdue_flag f WHERE f.kind = '{kind}' AND f.cleared_at IS NULL"
        touched += await sql.execute(
            f"UPDATE {table} SET is_overdue = {sql.true} WHERE is_overdue = {sql.false} AND id IN ({open_ids})"
        )
        touched += await sql.execute(
            f"UPDATE {table} SET is_overdue = {sql.false} WHERE is_overdue = {sql.true} AND id NOT IN ({open_ids})"
        )
    return touched


async def run(scope: Scope) -> int:
    """One run inside the runner's transaction (the lock it takes is held until that commits)."""
    settings = load_settings()
    now = scope.now()
    local_now = now.astimezone(settings.tz)
    offset = local_now.utcoffset() or timedelta(0)
    sql = Sql(settings.timezone, int(offset.total_seconds() // 3600))
    await _lock(sql)
    is_workday = (await get_calendar()).is_workday
    today = local_now.date()
    await _scan(sql, now, today, period_params(today, settings.tz))
    await _age_scan(sql, today, is_workday)
    touched = await _clear_and_flag(sql, now, scope.request_id or "overdue")
    touched += await _age(sql)
    touched += await _mirror(sql)
    await sql.execute("DROP TABLE IF EXISTS overdue_scan")
    return touched


register_job(
    Job(
        "overdue",
        run,
        "逾期标记 (flag every overdue task, milestone, complaint stage, supervision and recommendation deadline, and every missing periodic progress report)",
        every_seconds=load_settings().overdue_job_minutes * 60,
    )
)
