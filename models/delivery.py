"""Digest deliveries: each POST of a digest to a unit's webhook, retried with backoff, outcome kept."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row
from models.digest import Digest

__all__ = ["DeliveryStatus", "DigestDelivery"]


class DeliveryStatus(str, Enum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


class DigestDelivery(Row):
    """One digest to one URL: PENDING until a 2xx answer (DELIVERED) or the last attempt (FAILED)."""

    id = fields.BigIntField(primary_key=True)
    digest: fields.ForeignKeyRelation[Digest] = fields.ForeignKeyField(
        "models.Digest", related_name="deliveries", on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=500)
    status = fields.CharEnumField(DeliveryStatus, max_length=10, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_status = fields.IntField(null=True)
    last_error = fields.CharField(max_length=500, null=True)
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "digest_delivery"
        indexes = (("status", "next_attempt_at"),)
