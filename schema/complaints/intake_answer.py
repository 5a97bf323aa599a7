"""即接即答: the mutation answering a consultation at intake, and its figures."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from resolvers.complaints import intake_answer
from schema.commands import command, node_id
from schema.complaints.inputs import COMPLAINT_ID, VERSION
from schema.complaints.mutation import ComplaintPayload
from schema.context import Info
from schema.errors import mutate

__all__ = ["AnswerAtIntakeInput", "IntakeAnswerMutation", "IntakeAnswerQuery", "IntakeAnswerStats"]


@strawberry.input(description="即接即答 (answer a consultation at intake and close it, without a dispatch)")
class AnswerAtIntakeInput:
    complaint_id: strawberry.ID = node_id("Complaint", description=COMPLAINT_ID)
    answer: str = strawberry.field(description="答复内容 (the answer given; kept as handlingResult)")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(
    description="即接即答指标 (consultations answered at intake, over those received in the period)"
)
class IntakeAnswerStats:
    from_: date = strawberry.field(name="from", description="起始日期 (first day, Asia/Shanghai)")
    to: date = strawberry.field(description="截止日期 (last day, inclusive)")
    consultations: int = strawberry.field(
        description="咨询受理数 (consultations received in the period, withdrawn ones included)"
    )
    answered_at_intake: int = strawberry.field(description="即接即答数 (of those, answered at intake)")
    answered_at_intake_rate: float | None = strawberry.field(
        description="即接即答率 (answeredAtIntake ÷ consultations, 4 decimals; null when no consultation)"
    )

    @classmethod
    def of(cls, figures: intake_answer.IntakeAnswerFigures) -> IntakeAnswerStats:
        return cls(
            from_=figures.start_day,
            to=figures.end_day,
            consultations=figures.consultations,
            answered_at_intake=figures.answered_at_intake,
            answered_at_intake_rate=figures.rate,
        )


@strawberry.type
class IntakeAnswerQuery:
    @strawberry.field(
        description="即接即答指标 (consultations received in the period and how many were answered at intake; "
        "rows as in complaints)"
    )
    async def intake_answer_stats(
        self,
        info: Info,
        from_: Annotated[
            date, strawberry.argument(name="from", description="起始日期 (first day, Asia/Shanghai)")
        ],
        to: Annotated[date, strawberry.argument(description="截止日期 (last day, inclusive)")],
    ) -> IntakeAnswerStats:
        figures = await intake_answer.intake_answer_figures(info.context.actor, from_, to)
        return IntakeAnswerStats.of(figures)


@strawberry.type
class IntakeAnswerMutation:
    @strawberry.mutation(
        description="即接即答 (answer a consultation at intake and close it, never dispatched; HOTLINE, ADMIN)"
    )
    async def answer_at_intake(self, info: Info, input: AnswerAtIntakeInput) -> ComplaintPayload:
        return await mutate(
            ComplaintPayload,
            "complaint",
            info.context.scope,
            intake_answer.answer_at_intake,
            command(input, intake_answer.AnswerAtIntake),
        )
