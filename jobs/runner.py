"""Running a job exactly once per slot across processes: claim the slot row, run, record the outcome."""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
import uuid
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jobs.metrics import observe_run
from jobs.registry import JOBS, Job
from models.job import JobRun, JobStatus
from resolvers.access import SYSTEM, Scope
from resolvers.unit_of_work import unit_of_work

__all__ = ["PROCESS_ID", "claim", "run_job", "slot_for"]

log = logging.getLogger("duban.jobs")
PROCESS_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
DEFAULT_LEASE = timedelta(minutes=10)


def slot_for(job: Job, fire_time: datetime) -> str:
    """The scheduled slot a fire time belongs to; processes whose timers fire a little apart agree on it."""
    if job.slot_of is not None:
        slot = job.slot_of(fire_time)
        if slot is not None:
            return slot
    if job.every_seconds:
        epoch = int(fire_time.timestamp())
        floored = epoch - epoch % job.every_seconds
        return datetime.fromtimestamp(floored, fire_time.tzinfo).strftime("%Y-%m-%dT%H:%M:%S%z")
    return fire_time.isoformat()


async def claim(name: str, slot: str, now: datetime, holder: str, lease: timedelta) -> JobRun | None:
    """Take the (name, slot) run, or take it over if its holder's lease expired; None if another has it."""
    try:
        async with in_transaction():
            return await JobRun.create(
                name=name, slot=slot, holder=holder, started_at=now, lease_expires_at=now + lease
            )
    except IntegrityError:
        pass
    # One conditional UPDATE: of several processes finding a dead holder, exactly one takes over.
    taken = await JobRun.filter(
        name=name, slot=slot, status=JobStatus.RUNNING, lease_expires_at__lt=now
    ).update(holder=holder, lease_expires_at=now + lease, started_at=now)
    if taken != 1:
        return None
    run = await JobRun.get(name=name, slot=slot)
    await JobRun.filter(id=run.id).update(attempts=run.attempts + 1)
    return run


async def run_job(
    name: str,
    now: datetime,
    slot: str | None = None,
    holder: str = PROCESS_ID,
    lease: timedelta = DEFAULT_LEASE,
) -> JobRun | None:
    """Run `name` as of `now` for `slot` (a fresh manual slot when None). Returns the finished run, or
    None when another process holds that slot. A failure is recorded, never raised to the scheduler."""
    job = JOBS[name]
    slot = slot or f"manual:{now.isoformat()}:{uuid.uuid4().hex[:8]}"
    run = await claim(name, slot, now, holder, lease)
    if run is None:
        log.info("job %s slot %s: held by another process, skipped", name, slot)
        return None
    started = time.perf_counter()
    scope = Scope(actor=SYSTEM, request_id=f"job:{name}:{run.id}", clock=lambda: now)
    try:
        async with unit_of_work(scope, f"job:{name}", job.transactional) as work:
            rows = await job.run(scope)
            # A job's writes are set-based (thousands of rows): its one entry names the run, with counts.
            work.audit_as(
                [f"JobRun:{run.id}"], {"slot": slot, "rowsTouched": rows, "events": len(work.events)}
            )
            if not rows and not work.events:
                work.skip_audit()
    except Exception as exc:  # noqa: BLE001 - a failed run is recorded, the scheduler goes on
        log.exception("job %s slot %s failed", name, slot)
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
        await JobRun.filter(id=run.id, holder=holder).update(
            status=JobStatus.FAILED, finished_at=now, error=error
        )
    else:
        await JobRun.filter(id=run.id, holder=holder).update(
            status=JobStatus.SUCCEEDED, finished_at=now, rows_touched=rows
        )
    finished = await JobRun.get(id=run.id)
    observe_run(name, finished.status.value, time.perf_counter() - started)
    return finished
