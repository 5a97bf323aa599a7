"""第一种形态 without a case: a form-1 outcome (批评教育, 谈话提醒, 责令检查, 诫勉) recorded from a clue's disposal.

Seed: "给予党纪政务处分4人,运用'第一种形态'处理4人,谈话函询2件". A clue settled by a talk or letter inquiry
(谈话函询), a preliminary verification or a closure may still end in a form-1 measure for a named official;
recording it here, on the clue, counts the person in the four forms without filing a case, so the number
of cases (立案) is not inflated by outcomes that never were cases.
"""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row
from models.discipline import Clue, ClueDisposal
from models.unit import Unit

__all__ = ["FORM_ONE_DISPOSALS", "FormOneMeasure", "FormOneOutcome"]


class FormOneMeasure(str, Enum):
    CRITICISM = "CRITICISM"
    TALK_REMINDER = "TALK_REMINDER"
    ORDERED_EXAMINATION = "ORDERED_EXAMINATION"
    ADMONISHMENT = "ADMONISHMENT"


# The disposals after which a form-1 outcome may be recorded on the clue itself. A filed case records
# its outcomes as sanctions of the case; a clue pending or shelved (暂存待查) has no outcome yet.
FORM_ONE_DISPOSALS = frozenset(
    {ClueDisposal.TALK_INQUIRY, ClueDisposal.PRELIMINARY_VERIFICATION, ClueDisposal.CLOSED_NO_ACTION}
)


class FormOneOutcome(Row):
    """A form-1 measure for one official, decided on a clue without a case (append-only)."""

    id = fields.BigIntField(primary_key=True)
    clue: fields.ForeignKeyRelation[Clue] = fields.ForeignKeyField(
        "models.Clue", related_name="form_one_outcomes", on_delete=fields.RESTRICT
    )
    person_name = fields.CharField(max_length=50)
    position = fields.CharField(max_length=100, default="")
    unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="form_one_outcomes", null=True, on_delete=fields.RESTRICT
    )
    measure = fields.CharEnumField(FormOneMeasure, max_length=24)
    decided_on = fields.DateField(db_index=True)
    note = fields.TextField(default="")
    recorded_at = fields.DatetimeField()
    recorded_by = fields.CharField(max_length=100)

    class Meta:
        table = "form_one_outcome"
        ordering = ["decided_on", "id"]
