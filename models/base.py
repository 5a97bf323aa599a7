"""Shared model pieces: timestamps and the optimistic-locking version every updatable record carries."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

__all__ = ["VersionedModel"]


class VersionedModel(Model):
    """An updatable record: `version` rises by one on each write so stale writers can be refused."""

    id = fields.BigIntField(primary_key=True)
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True
