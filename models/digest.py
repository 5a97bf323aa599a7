"""Digests (提醒/周调度/月总结): what each recipient was told, kept as evidence with its acknowledgement."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row
from models.unit import Unit

__all__ = ["Digest", "DigestPeriod"]


class DigestPeriod(str, Enum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"


class Digest(Row):
    """One digest for one recipient and period, unique by (recipient key, period, period start).

    The recipient is a unit (its operators) or a role (the supervision office, the inspectors),
    and the recipient key (unit:ID or role:NAME) is what makes a re-run never write a second copy.
    """

    id = fields.BigIntField(primary_key=True)
    recipient_key = fields.CharField(max_length=40)
    recipient_unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="digests", null=True, on_delete=fields.RESTRICT
    )
    recipient_role = fields.CharField(max_length=20, null=True)
    period = fields.CharEnumField(DigestPeriod, max_length=8)
    period_start = fields.DateField()
    generated_at = fields.DatetimeField()
    items = fields.JSONField()
    summary = fields.JSONField()
    acknowledged_at = fields.DatetimeField(null=True)
    acknowledged_by = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "digest"
        unique_together = (("recipient_key", "period", "period_start"),)
        indexes = (("recipient_unit_id", "period_start"), ("period", "period_start"))
