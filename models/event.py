"""Events: the append-only record of who did what to which subject, and when; timelines read it."""

from __future__ import annotations

from tortoise import fields

from models.base import Row

__all__ = ["Event"]


class Event(Row):
    """One step in a subject's history, written in the same transaction as the change it records."""

    id = fields.BigIntField(primary_key=True)
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.BigIntField()
    kind = fields.CharField(max_length=60)
    summary = fields.CharField(max_length=500, default="")
    actor = fields.CharField(max_length=100)
    actor_role = fields.CharField(max_length=20, null=True)
    at = fields.DatetimeField(db_index=True)
    data = fields.JSONField(null=True)
    request_id = fields.CharField(max_length=40, null=True)

    class Meta:
        table = "event"
        indexes = (("subject_type", "subject_id", "at"),)
