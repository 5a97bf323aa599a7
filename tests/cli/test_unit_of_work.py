"""Every door that writes is audited: the CLI loads (real processes), jobs, mutations; a failure leaves nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobs.registry import JOBS, Job, register_job
from jobs.runner import run_job
from models.audit import AuditEntry
from models.event import Event
from models.job import JobStatus
from models.unit import Unit
from resolvers.access import Scope
from resolvers.events import record_event
from resolvers.unit_of_work import unit_of_work
from tests.cli.conftest import Cli
from tests.cli.test_calendar import BAD_CSV, SCHEDULE
from tests.ledger.setup import make_plan

FIXTURES = Path(__file__).resolve().parents[1] / "ledger" / "fixtures"
DOC_NUMBER = "东政办发〔2024〕1号"


async def _touch_units(scope: Scope) -> int:
    units = await Unit.all().order_by("id")
    for unit in units:
        await record_event(scope, "Unit", unit.id, "TOUCHED", "job test")
    return len(units)


async def _touch_then_fail(scope: Scope) -> int:
    await _touch_units(scope)
    raise RuntimeError("boom after writing")


@pytest.fixture(autouse=True)
def writing_jobs() -> Iterator[None]:
    register_job(Job("test-touch", _touch_units, "records an event per unit"))
    register_job(Job("test-touch-fail", _touch_then_fail, "records events, then fails"))
    register_job(
        Job("test-per-item-fail", _touch_then_fail, "commits per item, then fails", transactional=False)
    )
    yield
    JOBS.pop("test-touch")
    JOBS.pop("test-touch-fail")
    JOBS.pop("test-per-item-fail")


async def _entries_after(seq: int) -> list[AuditEntry]:
    return await AuditEntry.filter(seq__gt=seq).order_by("seq")


async def _head() -> int:
    head = await AuditEntry.all().order_by("-seq").first()
    return head.seq if head else 0


def _verified(cli: Cli) -> None:
    verified = cli("audit", "verify")
    assert (verified.returncode, verified.stderr) == (0, ""), verified.stdout
    assert verified.stdout.startswith("audit chain intact")


async def test_cli_import_tasks_leaves_one_audit_entry(cli: Cli, units: None, scope: Scope) -> None:
    plan = await make_plan(scope, DOC_NUMBER)
    before, events_before = await _head(), await Event.all().count()
    refused = cli("import-tasks", str(FIXTURES / "dongying_one_bad_row.csv"), "--plan", DOC_NUMBER)
    assert refused.returncode == 2
    assert await _entries_after(before) == [] and await Event.all().count() == events_before

    done = cli("import-tasks", str(FIXTURES / "dongying_2024_2025.csv"), "--plan", str(plan.id))
    assert done.returncode == 0, done.stderr
    (entry,) = await _entries_after(before)
    assert (entry.operation, entry.actor, entry.request_id) == ("importTasks", "cli", "cli-import")
    new_events = await Event.all().count() - events_before
    assert new_events > 0 and len(entry.changes) == new_events
    assert any(s.startswith("Task:") for s in entry.subjects)
    _verified(cli)


async def test_cli_calendar_load_leaves_one_audit_entry(
    cli: Cli, app: object, spare_year: int, tmp_path: Path
) -> None:
    before = await _head()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    assert cli("calendar", "load", str(bad)).returncode == 2
    assert await _entries_after(before) == []

    schedule = tmp_path / "2027.json"
    schedule.write_text(json.dumps(SCHEDULE, ensure_ascii=False), encoding="utf-8")
    loaded = cli("calendar", "load", str(schedule))
    assert loaded.returncode == 0, loaded.stderr
    (entry,) = await _entries_after(before)
    assert (entry.operation, entry.actor, entry.request_id) == ("loadCalendar", "cli", "cli-calendar")
    assert entry.changes and entry.subjects
    _verified(cli)


async def test_a_job_run_that_writes_leaves_its_entry(cli: Cli, units: None, clock) -> None:  # type: ignore[no-untyped-def]
    before = await _head()
    run = await run_job("test-touch", clock())
    assert run is not None and run.status is JobStatus.SUCCEEDED and run.rows_touched
    (entry,) = await _entries_after(before)
    assert entry.operation == "job:test-touch" and entry.subjects == [f"JobRun:{run.id}"]
    assert entry.changes["rowsTouched"] == entry.changes["events"] == run.rows_touched
    _verified(cli)


async def test_a_failing_job_leaves_neither_events_nor_entry(units: None, clock) -> None:  # type: ignore[no-untyped-def]
    before, events_before = await _head(), await Event.all().count()
    run = await run_job("test-touch-fail", clock())
    assert run is not None and run.status is JobStatus.FAILED and "boom" in (run.error or "")
    assert await _entries_after(before) == [] and await Event.all().count() == events_before


async def test_a_per_item_job_failing_part_way_audits_what_it_committed(units: None, clock) -> None:  # type: ignore[no-untyped-def]
    before, events_before = await _head(), await Event.all().count()
    run = await run_job("test-per-item-fail", clock())
    assert run is not None and run.status is JobStatus.FAILED
    committed = await Event.all().count() - events_before
    assert committed == await Unit.all().count() > 0
    (entry,) = await _entries_after(before)
    assert entry.operation == "job:test-per-item-fail" and len(entry.changes) == committed


async def test_a_failing_unit_of_work_leaves_neither_events_nor_entry(units: None, scope: Scope) -> None:
    before, events_before = await _head(), await Event.all().count()
    unit = await Unit.all().first()
    assert unit is not None
    with pytest.raises(RuntimeError):
        async with unit_of_work(scope, "testWrite") as work:
            await record_event(scope, "Unit", unit.id, "TOUCHED")
            assert len(work.events) == 1
            raise RuntimeError("refused after writing")
    assert await _entries_after(before) == [] and await Event.all().count() == events_before

    async with unit_of_work(scope, "testWrite"):
        await record_event(scope, "Unit", unit.id, "TOUCHED")
    (entry,) = await _entries_after(before)
    assert entry.subjects == [f"Unit:{unit.id}"] and entry.changes[0]["kind"] == "TOUCHED"
