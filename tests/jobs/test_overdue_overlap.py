"""Overlapping overdue runs flag once: runs started together, a run started while another is mid-way,
the database's refusal of a second open flag, and migration 0019's repair of existing duplicates."""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jobs import overdue
from jobs.runner import run_job
from models.event import Event
from models.overdue import OverdueFlag, OverdueKind
from models.settings import Settings
from models.sql import Sql
from resolvers.access import SYSTEM, Scope
from resolvers.ledger import actions
from tests.ledger.setup import make_plan, make_task

ROOT = Path(__file__).resolve().parents[2]
repair = importlib.import_module("migrations.0019_open_flag_unique")

# 13 late tasks with a late milestone each: 26 flags, as in the issue (which saw 52).
TASKS = 13
SINGLE_RUN = 2 * TASKS
FIGURES = """query {
  overdue(filter: {unitCode: "DY"}, first: 1) { totalCount }
  unit(code: "DY.SPJ") { overdueCount }
}"""
# Generous bound for a wait on a busy 2-core machine; a wait that runs out fails with its reason.
PATIENCE = timedelta(seconds=120)


@pytest.fixture
async def late_work(scope: Scope, units: None) -> None:
    plan = await make_plan(scope)
    for n in range(1, TASKS + 1):
        task = await make_task(scope, plan, str(n), due_on=date(2025, 9, 30))
        await actions.add_milestone(scope, actions.AddMilestone(task.id, f"节点 {n}", date(2025, 9, 26)))


async def _assert_flagged_once() -> None:
    """What a single run writes: one open flag per subject and stage, one breach event per flag."""
    assert await OverdueFlag.filter(cleared_at=None).count() == SINGLE_RUN
    assert await OverdueFlag.all().count() == SINGLE_RUN
    assert await Event.filter(kind="BREACH_DETECTED").count() == SINGLE_RUN


def _job_process(settings: Settings, slot: str) -> subprocess.Popen[str]:
    """`python main.py jobs run overdue` in a process of its own, on the test database."""
    env = {
        **os.environ,
        "DUBAN_DATABASE_URL": settings.database_url,
        "DUBAN_LOG_LEVEL": "WARNING",
        # A process that waits for the other run's write lock (SQLite) waits as long as the test does.
        "DUBAN_SQLITE_BUSY_TIMEOUT_MS": str(int(PATIENCE.total_seconds() * 1000)),
    }
    command = [sys.executable, "main.py", "jobs", "run", "overdue", "--slot", slot]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


async def _finished(proc: subprocess.Popen[str]) -> str:
    out, _ = await asyncio.to_thread(proc.communicate, timeout=PATIENCE.total_seconds())
    assert proc.returncode == 0 and "SUCCEEDED" in out, out
    return out


async def _wait_for(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    deadline = datetime.now(UTC) + PATIENCE
    while not await condition():
        assert datetime.now(UTC) < deadline, f"gave up waiting: {what}"
        await asyncio.sleep(0.05)


async def test_the_database_refuses_a_second_open_flag(app: object) -> None:
    due = datetime(2025, 9, 30, 16, 0, tzinfo=UTC)
    key: dict[str, Any] = {
        "kind": OverdueKind.TASK,
        "stage": "",
        "subject_type": "Task",
        "subject_id": 7,
        "due_at": due,
    }
    first = await OverdueFlag.create(**key, due_date=date(2025, 9, 30), detected_at=due + timedelta(hours=10))
    with pytest.raises(IntegrityError):
        await OverdueFlag.create(**key, due_date=date(2025, 9, 30), detected_at=due + timedelta(hours=11))
    # Cleared flags are the breach history: a new open one beside them is allowed.
    await OverdueFlag.filter(id=first.id).update(cleared_at=due + timedelta(hours=12))
    await OverdueFlag.create(**key, due_date=date(2025, 9, 30), detected_at=due + timedelta(hours=13))
    assert await OverdueFlag.filter(subject_id=7).count() == 2


async def test_two_runs_started_together_on_other_slots_flag_once(gql, clock, late_work) -> None:  # type: ignore[no-untyped-def]
    """The scheduled run and a manual one, together (PostgreSQL: two connections, really concurrent)."""
    now = clock()
    runs = await asyncio.gather(
        run_job("overdue", now, "scheduled-slot"), run_job("overdue", now + timedelta(seconds=1))
    )
    assert [r.status.value for r in runs if r is not None] == ["SUCCEEDED", "SUCCEEDED"]
    await _assert_flagged_once()
    figures = await gql(FIGURES)
    assert figures["overdue"]["totalCount"] == SINGLE_RUN
    assert figures["unit"]["overdueCount"] == SINGLE_RUN


async def test_two_processes_started_together_flag_once(settings, late_work) -> None:  # type: ignore[no-untyped-def]
    procs = [_job_process(settings, f"together-{n}") for n in range(2)]
    for proc in procs:
        await _finished(proc)
    await _assert_flagged_once()


async def test_a_run_started_while_another_is_mid_way_waits_and_flags_nothing_twice(
    settings, clock, late_work
) -> None:  # type: ignore[no-untyped-def]
    """Run A has written its flags and not committed; run B (another process) starts and must wait."""
    scope = Scope(actor=SYSTEM, request_id="run-a", clock=clock)
    async with in_transaction():
        assert await overdue.run(scope) > 0
        proc = _job_process(settings, "mid-way")
        await _wait_for(_blocked(settings, proc), "run B to wait for run A")
    await _finished(proc)
    await _assert_flagged_once()


def _blocked(settings: Settings, proc: subprocess.Popen[str]) -> Callable[[], Awaitable[bool]]:
    """When process B is held up by run A: PostgreSQL says so (a lock it waits for); on SQLite, where
    every write waits for A's write lock, B has opened the database (its next statement writes)."""
    if settings.is_postgres:
        return lambda: _pg_waiting(settings)
    path = settings.database_url.split("://", 1)[1]

    async def opened() -> bool:
        assert proc.poll() is None, "run B finished while run A still held its transaction"
        return await asyncio.to_thread(_has_open, proc.pid, path)

    return opened


def _has_open(pid: int, path: str) -> bool:
    target = os.path.realpath(path)
    return any(os.path.realpath(fd) == target for fd in Path(f"/proc/{pid}/fd").iterdir())


async def test_a_run_holds_the_job_lock_from_its_first_statement(settings, app) -> None:  # type: ignore[no-untyped-def]
    """Another connection (as another process would) cannot take the lock while a run holds it."""
    async with in_transaction():
        await overdue._lock(Sql("UTC", 0))
        assert await _lock_free(settings) is False
    assert await _lock_free(settings) is True


async def _lock_free(settings: Settings) -> bool:
    """Whether a second connection gets the overdue job's lock at once (PostgreSQL: its advisory lock;
    SQLite: the write lock, which BEGIN IMMEDIATE takes)."""
    if settings.is_postgres:
        return bool(await _pg_value(settings, f"SELECT pg_try_advisory_lock({overdue.JOB_LOCK_KEY})"))
    return await asyncio.to_thread(_sqlite_write_lock_free, settings.database_url.split("://", 1)[1])


def _sqlite_write_lock_free(path: str) -> bool:
    import sqlite3

    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc), exc
        return False
    finally:
        conn.close()


async def _pg_waiting(settings: Settings) -> bool:
    waiting = await _pg_value(
        settings,
        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE NOT l.granted AND a.datname = current_database()",
    )
    return bool(waiting)


async def _pg_value(settings: Settings, sql: str) -> Any:
    """One value read on a connection of its own (the session, and any lock it took, end with it)."""
    import asyncpg

    conn = await asyncpg.connect(settings.database_url.replace("postgres://", "postgresql://", 1))
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


# -- migration 0019: the repair of duplicates written before the index existed ----------------------

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
DUE = datetime(2026, 10, 30, 16, 0, tzinfo=UTC)


async def _flag(kind: OverdueKind, subject_id: int, detected: timedelta, stage: str = "", **kw: Any) -> int:
    """A flag and the event the job wrote with it, as runs before migration 0019 wrote them."""
    subject_type = {OverdueKind.TASK: "Task", OverdueKind.MILESTONE: "Milestone"}.get(kind, "Complaint")
    at = T0 + detected
    flag = await OverdueFlag.create(
        kind=kind,
        stage=stage,
        subject_type=subject_type,
        subject_id=subject_id,
        due_at=DUE,
        due_date=date(2026, 10, 30),
        detected_at=at,
        **kw,
    )
    summary = f"发现逾期 (breach detected): {kind.value}" + (f" {stage}" if stage else "")
    await Event.create(
        subject_type=subject_type,
        subject_id=subject_id,
        kind="BREACH_DETECTED",
        summary=summary,
        actor="system",
        actor_role="ADMIN",
        at=at,
    )
    return flag.id


async def test_the_migration_keeps_the_earliest_detection_and_its_event(app: object) -> None:
    conn = connections.get("default")
    await conn.execute_script(f'DROP INDEX "{repair.INDEX}"')
    try:
        hour = timedelta(hours=1)
        # Two runs five minutes apart doubled an open task flag.
        kept_task = await _flag(OverdueKind.TASK, 1, timedelta(0))
        await _flag(OverdueKind.TASK, 1, timedelta(minutes=5))
        # Two runs at the same instant doubled two stages of a complaint.
        contact = [await _flag(OverdueKind.COMPLAINT_STAGE, 2, timedelta(0), "CONTACT") for _ in range(2)]
        reply = [await _flag(OverdueKind.COMPLAINT_STAGE, 2, timedelta(0), "REPLY") for _ in range(2)]
        # Doubled, then both cleared by a later run.
        kept_milestone = await _flag(OverdueKind.MILESTONE, 3, timedelta(0), cleared_at=T0 + 3 * hour)
        await _flag(OverdueKind.MILESTONE, 3, timedelta(minutes=5), cleared_at=T0 + 3 * hour)
        # A real history: cleared, overdue again later on the same deadline (the task was reopened).
        history = [
            await _flag(OverdueKind.TASK, 4, timedelta(0), cleared_at=T0 + hour),
            await _flag(OverdueKind.TASK, 4, 2 * hour),
        ]
        await Event.create(subject_type="Task", subject_id=1, kind="CREATED", actor="a", at=T0)

        await repair.repair(conn)
    finally:
        await conn.execute_script(repair._CREATE_INDEX)

    kept = [kept_task, contact[0], reply[0], kept_milestone, *history]
    assert sorted(await OverdueFlag.all().values_list("id", flat=True)) == sorted(kept)
    events = await Event.all().order_by("id").values_list("subject_id", "kind", "summary", "at")
    assert [(s, k, at - T0) for s, k, _, at in events] == [
        (1, "BREACH_DETECTED", timedelta(0)),
        (2, "BREACH_DETECTED", timedelta(0)),
        (2, "BREACH_DETECTED", timedelta(0)),
        (3, "BREACH_DETECTED", timedelta(0)),
        (4, "BREACH_DETECTED", timedelta(0)),
        (4, "BREACH_DETECTED", timedelta(hours=2)),
        (1, "CREATED", timedelta(0)),
    ]
    assert {summary for s, _, summary, _ in events if s == 2} == {
        "发现逾期 (breach detected): COMPLAINT_STAGE CONTACT",
        "发现逾期 (breach detected): COMPLAINT_STAGE REPLY",
    }
