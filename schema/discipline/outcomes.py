"""第一种形态 without a case (confidential): `FormOneOutcome`, `recordFormOneOutcome` and `disciplineFigures`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from models import discipline_outcome as m
from models.discipline import DisciplineForm
from resolvers.discipline import outcomes
from resolvers.units.loaders import load_units
from schema.commands import command, node_id
from schema.context import Info
from schema.discipline.enums import DisciplineFormEnum
from schema.discipline.query import CluePayload
from schema.enums import described_enum
from schema.errors import mutate
from schema.units.types import Unit

__all__ = [
    "DisciplineFigures",
    "FormOneMeasureEnum",
    "FormOneOutcome",
    "FormOneOutcomeMutation",
    "FormOneOutcomeQuery",
    "RecordFormOneOutcomeInput",
]

FormOneMeasureEnum = described_enum(
    m.FormOneMeasure,
    "第一种形态处理方式 (a form-1 measure: no party or government sanction)",
    {
        "CRITICISM": "批评教育 (criticism and education)",
        "TALK_REMINDER": "谈话提醒 (talk reminder)",
        "ORDERED_EXAMINATION": "责令检查 (ordered to make a self-examination)",
        "ADMONISHMENT": "诫勉 (admonishment)",
    },
)


@strawberry.type(
    description="第一种形态处理 (a form-1 outcome decided on a clue without filing a case; INSPECTOR and ADMIN only)"
)
class FormOneOutcome:
    person_name: str = strawberry.field(description="被处理人 (person)")
    position: str = strawberry.field(description="职务 (position)")

    @strawberry.field(description="所在单位 (unit)")
    async def unit(self: m.FormOneOutcome, info: Info) -> Unit | None:
        unit_id = self.unit_id  # type: ignore[attr-defined]
        return await info.context.loaders(load_units).load(unit_id) if unit_id else None

    measure: FormOneMeasureEnum = strawberry.field(description="处理方式 (measure)")  # type: ignore[valid-type]

    @strawberry.field(description="形态 (always FORM_1: no party or government sanction)")
    def form(self) -> DisciplineFormEnum:  # type: ignore[valid-type]
        return DisciplineForm.FORM_1  # type: ignore[return-value]

    decided_on: date = strawberry.field(description="处理日期 (decided on)")
    note: str = strawberry.field(description="说明 (note)")
    recorded_at: datetime = strawberry.field(description="记录时间 (recorded at)")
    recorded_by: str = strawberry.field(description="记录人 (recorded by)")


@strawberry.input(
    description="记录第一种形态处理 (record a form-1 outcome on a disposed clue, without a case)"
)
class RecordFormOneOutcomeInput:
    clue_id: strawberry.ID = node_id("Clue", description="线索 ID (clue id)")
    person_name: str = strawberry.field(description="被处理人姓名 (person)")
    measure: FormOneMeasureEnum = strawberry.field(description="处理方式 (measure)")  # type: ignore[valid-type]
    decided_on: date = strawberry.field(description="处理日期 (decided on; not before the clue's receipt)")
    position: str = strawberry.field(default="", description="职务 (position)")
    unit_code: str | None = strawberry.field(default=None, description="所在单位编码 (unit)")
    note: str = strawberry.field(default="", description="说明 (note)")


@strawberry.type(
    description="纪检监察指标 (the seed's discipline figures for a period; INSPECTOR and ADMIN only)"
)
class DisciplineFigures:
    from_: date = strawberry.field(name="from", description="起始日期 (first day)")
    to: date = strawberry.field(description="截止日期 (last day, inclusive)")
    cases_filed: int = strawberry.field(description="立案数 (cases filed in the period)")
    sanctioned_persons: int = strawberry.field(
        description="党纪政务处分人数 (persons given a party or government sanction in a case)"
    )
    form_one_persons: int = strawberry.field(
        description="运用第一种形态处理人数 (form-1 sanctions of cases plus form-1 outcomes without a case)"
    )
    form_one_without_case: int = strawberry.field(
        description="其中未立案的 (of those, outcomes recorded on clues without a case)"
    )
    talk_inquiries: int = strawberry.field(
        description="谈话函询件数 (clues whose disposal is a talk or letter inquiry, disposed in the period)"
    )
    recommendations_issued: int = strawberry.field(description="发出纪检监察建议数 (recommendations issued)")

    @classmethod
    def of(cls, f: outcomes.DisciplineFigures) -> DisciplineFigures:
        return cls(
            from_=f.start_day,
            to=f.end_day,
            cases_filed=f.cases_filed,
            sanctioned_persons=f.sanctioned_persons,
            form_one_persons=f.form_one_persons,
            form_one_without_case=f.form_one_without_case,
            talk_inquiries=f.talk_inquiries,
            recommendations_issued=f.recommendations_issued,
        )


@strawberry.type
class FormOneOutcomeQuery:
    @strawberry.field(
        description="纪检监察指标 (cases filed, persons sanctioned, 第一种形态 with and without a case, 谈话函询, "
        "recommendations; INSPECTOR and ADMIN only)"
    )
    async def discipline_figures(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="起始日期 (first day)")],
        to: Annotated[date, strawberry.argument(description="截止日期 (last day, inclusive)")],
    ) -> DisciplineFigures:
        return DisciplineFigures.of(await outcomes.discipline_figures(info.context.actor, from_, to))


@strawberry.type
class FormOneOutcomeMutation:
    @strawberry.mutation(
        description="记录第一种形态处理 (a form-1 outcome from a clue's disposal, without a case; INSPECTOR, ADMIN)"
    )
    async def record_form_one_outcome(self, info: Info, input: RecordFormOneOutcomeInput) -> CluePayload:
        return await mutate(
            CluePayload,
            "clue",
            info.context.scope,
            outcomes.record_form_one_outcome,
            command(input, outcomes.RecordFormOneOutcome),
        )
