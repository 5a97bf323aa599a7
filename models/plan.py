"""Plans (方案 / 行动计划): issued documents whose measures become tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import VersionedModel

if TYPE_CHECKING:
    from models.task import Task
    from models.unit import Unit

__all__ = ["Plan"]


class Plan(VersionedModel):
    title = fields.CharField(max_length=300)
    # 文号, e.g. 费政办字〔2023〕34号; unique when given so the CLI can name a plan by it.
    doc_number = fields.CharField(max_length=100, null=True, unique=True)
    issuing_unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="issued_plans", null=True, on_delete=fields.RESTRICT
    )
    issued_on = fields.DateField(null=True)
    period_start = fields.DateField(null=True)
    period_end = fields.DateField(null=True)

    tasks: fields.ReverseRelation[Task]

    class Meta:
        table = "plan"

    def __str__(self) -> str:
        return self.title
