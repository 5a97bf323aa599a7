"""Discipline follow-ups (纪检监察), confidential: problem clues, the officials they concern, cases,
sanctions and supervision recommendations."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row, VersionedModel
from models.unit import Unit

__all__ = [
    "AccountabilityTarget",
    "Case",
    "CaseStatus",
    "Clue",
    "ClueConduct",
    "ClueDisposal",
    "ClueOfficial",
    "ClueSource",
    "DisciplineForm",
    "FORM_NAMES",
    "FORM_SANCTIONS",
    "GOVERNMENT_SANCTION_NAMES",
    "GovernmentSanction",
    "PARTY_SANCTION_NAMES",
    "PartySanction",
    "Recommendation",
    "Sanction",
    "form_mismatch",
]


class ClueSource(str, Enum):
    SUPERVISION_ITEM = "SUPERVISION_ITEM"
    COMPLAINT = "COMPLAINT"
    TASK = "TASK"
    INSPECTION = "INSPECTION"
    LETTER = "LETTER"
    HOTLINE_12345 = "HOTLINE_12345"
    ENTERPRISE_RATING = "ENTERPRISE_RATING"
    MONITORING_POINT = "MONITORING_POINT"
    ENTERPRISE_REPORT = "ENTERPRISE_REPORT"
    OTHER = "OTHER"


class ClueConduct(str, Enum):
    """The four kinds of misconduct the seeds name ("不作为、慢作为、假作为、乱作为" 专项治理)."""

    INACTION = "INACTION"
    SLOW_ACTION = "SLOW_ACTION"
    SHAM_ACTION = "SHAM_ACTION"
    ARBITRARY_ACTION = "ARBITRARY_ACTION"


class ClueDisposal(str, Enum):
    TALK_INQUIRY = "TALK_INQUIRY"
    PRELIMINARY_VERIFICATION = "PRELIMINARY_VERIFICATION"
    SHELVED = "SHELVED"
    CLOSED_NO_ACTION = "CLOSED_NO_ACTION"
    CASE_FILED = "CASE_FILED"


class DisciplineForm(str, Enum):
    FORM_1 = "FORM_1"
    FORM_2 = "FORM_2"
    FORM_3 = "FORM_3"
    FORM_4 = "FORM_4"


class PartySanction(str, Enum):
    WARNING = "WARNING"
    SERIOUS_WARNING = "SERIOUS_WARNING"
    REMOVAL_FROM_PARTY_POST = "REMOVAL_FROM_PARTY_POST"
    PROBATION = "PROBATION"
    EXPULSION = "EXPULSION"


class GovernmentSanction(str, Enum):
    WARNING = "WARNING"
    DEMERIT = "DEMERIT"
    MAJOR_DEMERIT = "MAJOR_DEMERIT"
    DEMOTION = "DEMOTION"
    DISMISSAL_FROM_POST = "DISMISSAL_FROM_POST"
    EXPULSION = "EXPULSION"


class AccountabilityTarget(str, Enum):
    UNIT = "UNIT"
    LEADER = "LEADER"


_HEAVY_PARTY = frozenset(
    {PartySanction.REMOVAL_FROM_PARTY_POST, PartySanction.PROBATION, PartySanction.EXPULSION}
)
_HEAVY_GOVERNMENT = frozenset(
    {GovernmentSanction.DEMOTION, GovernmentSanction.DISMISSAL_FROM_POST, GovernmentSanction.EXPULSION}
)

# The sanctions each of the four forms (四种形态) allows, as the regulations define the forms:
# form 1 is criticism, talks and letter inquiries (no sanction at all); form 2 the light sanctions
# (警告、严重警告; 政务警告、记过、记大过); form 3 the heavy ones (撤销党内职务、留党察看、开除党籍;
# 降级、撤职、开除); form 4, a case turned over for prosecution, carries the heavy ones too.
# None (no sanction of that kind) is allowed in every form: an organisational adjustment or a
# measure alone can be form 2 or 3.
FORM_SANCTIONS: dict[DisciplineForm, tuple[frozenset[PartySanction], frozenset[GovernmentSanction]]] = {
    DisciplineForm.FORM_1: (frozenset(), frozenset()),
    DisciplineForm.FORM_2: (
        frozenset({PartySanction.WARNING, PartySanction.SERIOUS_WARNING}),
        frozenset({GovernmentSanction.WARNING, GovernmentSanction.DEMERIT, GovernmentSanction.MAJOR_DEMERIT}),
    ),
    DisciplineForm.FORM_3: (_HEAVY_PARTY, _HEAVY_GOVERNMENT),
    DisciplineForm.FORM_4: (_HEAVY_PARTY, _HEAVY_GOVERNMENT),
}


FORM_NAMES = {
    DisciplineForm.FORM_1: "第一种形态",
    DisciplineForm.FORM_2: "第二种形态",
    DisciplineForm.FORM_3: "第三种形态",
    DisciplineForm.FORM_4: "第四种形态",
}
PARTY_SANCTION_NAMES = {
    PartySanction.WARNING: "党内警告",
    PartySanction.SERIOUS_WARNING: "党内严重警告",
    PartySanction.REMOVAL_FROM_PARTY_POST: "撤销党内职务",
    PartySanction.PROBATION: "留党察看",
    PartySanction.EXPULSION: "开除党籍",
}
GOVERNMENT_SANCTION_NAMES = {
    GovernmentSanction.WARNING: "政务警告",
    GovernmentSanction.DEMERIT: "记过",
    GovernmentSanction.MAJOR_DEMERIT: "记大过",
    GovernmentSanction.DEMOTION: "降级",
    GovernmentSanction.DISMISSAL_FROM_POST: "撤职",
    GovernmentSanction.EXPULSION: "开除",
}


def form_mismatch(
    form: DisciplineForm, party: PartySanction | None, government: GovernmentSanction | None
) -> PartySanction | GovernmentSanction | None:
    """The sanction the form does not allow (the party one first), or None when they agree."""
    allowed_party, allowed_government = FORM_SANCTIONS[form]
    if party is not None and party not in allowed_party:
        return party
    if government is not None and government not in allowed_government:
        return government
    return None


class CaseStatus(str, Enum):
    FILED = "FILED"
    CLOSED = "CLOSED"


class Clue(VersionedModel):
    """A problem clue (问题线索) moved over from other work, disposed of with a reason."""

    serial = fields.CharField(max_length=20, unique=True)
    source = fields.CharEnumField(ClueSource, max_length=20, db_index=True)
    summary = fields.TextField()
    # 不作为 / 慢作为 / 假作为 / 乱作为; null when the clue is not (yet) classified.
    conduct = fields.CharEnumField(ClueConduct, max_length=20, null=True, db_index=True)
    received_on = fields.DateField(db_index=True)
    # Ids of the units concerned (read through the unit loader).
    unit_ids = fields.JSONField(default=list)
    disposal = fields.CharEnumField(ClueDisposal, max_length=30, null=True, db_index=True)
    disposal_reason = fields.TextField(null=True)
    disposed_at = fields.DatetimeField(null=True)
    received_by = fields.CharField(max_length=100)

    class Meta:
        table = "clue"


class ClueOfficial(Row):
    """A named official a clue concerns."""

    id = fields.BigIntField(primary_key=True)
    clue: fields.ForeignKeyRelation[Clue] = fields.ForeignKeyField(
        "models.Clue", related_name="officials", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=50)
    position = fields.CharField(max_length=100, default="")
    unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="clue_officials", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "clue_official"


class Case(VersionedModel):
    """A filed case (立案) opened from a clue, closed with an outcome or an exemption (容错免责)."""

    serial = fields.CharField(max_length=20, unique=True)
    clue: fields.OneToOneRelation[Clue] = fields.OneToOneField(
        "models.Clue", related_name="case", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=300)
    filed_on = fields.DateField(db_index=True)
    status = fields.CharEnumField(CaseStatus, max_length=10, default=CaseStatus.FILED, db_index=True)
    outcome = fields.TextField(null=True)
    exempted = fields.BooleanField(default=False)
    exemption_reason = fields.TextField(null=True)
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "discipline_case"


class Sanction(Row):
    """A sanction or accountability measure (问责) decided in a case, classified by the four forms."""

    id = fields.BigIntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="sanctions", on_delete=fields.RESTRICT
    )
    person_name = fields.CharField(max_length=50, null=True)
    position = fields.CharField(max_length=100, default="")
    unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="sanctions", null=True, on_delete=fields.RESTRICT
    )
    form = fields.CharEnumField(DisciplineForm, max_length=8, db_index=True)
    party_sanction = fields.CharEnumField(PartySanction, max_length=24, null=True)
    government_sanction = fields.CharEnumField(GovernmentSanction, max_length=24, null=True)
    accountability = fields.CharEnumField(AccountabilityTarget, max_length=8, null=True)
    measure = fields.TextField(default="")
    decided_on = fields.DateField()
    document_no = fields.CharField(max_length=100)
    recorded_at = fields.DatetimeField()

    class Meta:
        table = "sanction"


class Recommendation(VersionedModel):
    """A supervision recommendation (纪检监察建议) to a unit, with a reply deadline."""

    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="recommendations", on_delete=fields.RESTRICT
    )
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="recommendations", on_delete=fields.RESTRICT
    )
    content = fields.TextField()
    issued_on = fields.DateField()
    reply_due_on = fields.DateField(db_index=True)
    replied_at = fields.DatetimeField(null=True)
    reply = fields.TextField(null=True)
    # Written by the overdue job only (mirror of the open RECOMMENDATION flags).
    is_overdue = fields.BooleanField(default=False, db_index=True)

    class Meta:
        table = "recommendation"
