"""The registry of jobs: a name, the function that does the work, and how often the scheduler fires it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from resolvers.access import Scope

__all__ = ["JOBS", "Job", "JobFn", "register_job"]

# A job does its work as of `scope.now()` and returns how many rows it touched.
JobFn = Callable[[Scope], Awaitable[int]]


@dataclass(frozen=True)
class Job:
    name: str
    run: JobFn
    description: str
    # Seconds between scheduled runs; the slot of a run is its fire time floored to this interval.
    every_seconds: int | None = None
    # For calendar jobs (digests): the slot key of a moment, e.g. the period's first day.
    slot_of: Callable[[datetime], str | None] | None = None
    # After a start, when the first run fires (digests wait for the overdue job's fresh flags).
    first_run_delay_seconds: int = 0
    # Most jobs run in one transaction; one that waits on the network (webhooks) keeps its own short ones.
    transactional: bool = True


JOBS: dict[str, Job] = {}


def register_job(job: Job) -> Job:
    JOBS[job.name] = job
    return job
