"""Job runs as Prometheus metrics: how many by job and outcome, and how long each took."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

__all__ = ["observe_run"]

RUNS = Counter(
    "duban_job_runs",
    "Job runs this server performed, by job and final status (SUCCEEDED, FAILED).",
    ["job", "status"],
)
DURATION = Histogram(
    "duban_job_duration_seconds",
    "Wall-clock time of a job run (claim to recorded outcome), by job.",
    ["job"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300),
)


def observe_run(job: str, status: str, seconds: float) -> None:
    """Counts a finished run. Job names come from `jobs.registry` (a fixed set), never from a caller."""
    RUNS.labels(job, status).inc()
    DURATION.labels(job).observe(seconds)
