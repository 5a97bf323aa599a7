"""Units (单位): the tree of governments, departments, towns and parks that own and handle work."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import VersionedModel

__all__ = ["Unit", "UnitKind", "UnitLevel", "child_path"]


class UnitKind(str, Enum):
    GOVERNMENT = "GOVERNMENT"
    DEPARTMENT = "DEPARTMENT"
    TOWNSHIP = "TOWNSHIP"
    PARK = "PARK"
    SUPERVISION_OFFICE = "SUPERVISION_OFFICE"
    DISCIPLINE_COMMISSION = "DISCIPLINE_COMMISSION"
    HOTLINE_CENTER = "HOTLINE_CENTER"
    OTHER = "OTHER"


class UnitLevel(str, Enum):
    PROVINCE = "PROVINCE"
    CITY = "CITY"
    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"


def child_path(parent_path: str | None, unit_id: int) -> str:
    """Materialized path `/1/5/23/`: a unit's descendants are the rows whose path starts with its own."""
    return f"{parent_path or '/'}{unit_id}/"


class Unit(VersionedModel):
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200, db_index=True)
    short_name = fields.CharField(max_length=100, null=True)
    kind = fields.CharEnumField(UnitKind, max_length=32, db_index=True)
    level = fields.CharEnumField(UnitLevel, max_length=16, default=UnitLevel.CITY)
    parent: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    # Ancestors' ids, root first; indexed so "this unit and its descendants" is one range scan.
    path = fields.CharField(max_length=400, db_index=True, default="/")
    liaison_name = fields.CharField(max_length=50, null=True)
    liaison_phone = fields.CharField(max_length=30, null=True)
    active = fields.BooleanField(default=True, db_index=True)
    # Where the unit's digests are POSTed when webhook delivery is on (DUBAN_WEBHOOKS); null: API only.
    webhook_url = fields.CharField(max_length=500, null=True)

    children: fields.ReverseRelation[Unit]

    class Meta:
        table = "unit"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
