"""Rate-limit buckets shared by every process serving from one PostgreSQL database."""

from __future__ import annotations

from tortoise import fields

from models.base import Row

__all__ = ["RateBucket"]


class RateBucket(Row):
    """One caller's token bucket, written by one UPSERT per request (`guard.SharedRateLimiter`).

    UNLOGGED on PostgreSQL (migration 0022): a crash empties it, which only refills buckets. Unused on
    SQLite, where each process keeps its buckets in memory."""

    key = fields.CharField(max_length=80, primary_key=True)
    tokens = fields.FloatField()
    # Seconds since the epoch of the last refill (the serving process's clock).
    at = fields.FloatField()
    # Whether the last request was granted: what the UPSERT's RETURNING reports.
    granted = fields.BooleanField()

    class Meta:
        table = "rate_bucket"
