"""Job runs: one row per execution of a scheduled job; the (name, slot) key makes each run happen once."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row

__all__ = ["JobRun", "JobStatus"]


class JobStatus(str, Enum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class JobRun(Row):
    """A claim and its outcome. `slot` names the scheduled moment (e.g. `2026-11-25T12:05`) or a manual
    run; the unique (name, slot) pair is what lets only one of several processes execute that slot.
    A RUNNING row whose lease has expired belonged to a process that died and may be taken over."""

    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=60)
    slot = fields.CharField(max_length=60)
    status = fields.CharEnumField(JobStatus, max_length=12, default=JobStatus.RUNNING)
    holder = fields.CharField(max_length=120)
    lease_expires_at = fields.DatetimeField()
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    rows_touched = fields.IntField(null=True)
    error = fields.TextField(null=True)
    attempts = fields.IntField(default=1)

    class Meta:
        table = "job_run"
        unique_together = (("name", "slot"),)
        indexes = (("name", "started_at"), ("status", "lease_expires_at"))
