"""第一种形态 without a case: recording a form-1 outcome on a disposed clue, and the seed's discipline figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date

from tortoise.expressions import Q

from models.discipline import Case, Clue, ClueDisposal, DisciplineForm, Recommendation, Sanction
from models.discipline_outcome import FORM_ONE_DISPOSALS, FormOneMeasure, FormOneOutcome
from resolvers.access import Actor, Scope, require_role
from resolvers.complaints.stats import period_bounds
from resolvers.discipline.queries import require_confidential
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError, UserError
from resolvers.events import record_event
from resolvers.inputs import local_today, require_text, unit_for_code

__all__ = [
    "DisciplineFigures",
    "RecordFormOneOutcome",
    "discipline_figures",
    "load_clue_form_one_outcomes",
    "record_form_one_outcome",
]


@dataclass
class RecordFormOneOutcome:
    clue_id: int
    person_name: str
    measure: FormOneMeasure
    decided_on: date
    position: str = ""
    unit_code: str | None = None
    note: str = ""


async def _disposed_clue(clue_id: int) -> Clue:
    clue = await Clue.get_or_none(id=clue_id)
    if clue is None:
        raise UserError(ErrorCode.NOT_FOUND, f"线索不存在 (no clue {clue_id})", "clueId")
    if clue.disposal is ClueDisposal.CASE_FILED:
        raise UserError(
            ErrorCode.CASE_ALREADY_FILED,
            "该线索已立案，处理结果请在案件中记录 (a case was filed: record the outcome as the case's sanction)",
            "clueId",
        )
    if clue.disposal not in FORM_ONE_DISPOSALS:
        raise UserError(
            ErrorCode.NOT_DISPOSED,
            "线索须经谈话函询、初步核实或予以了结后才能记录第一种形态处理 (dispose of the clue by a talk or "
            "letter inquiry, a preliminary verification or a closure first)",
            "clueId",
        )
    return clue


async def record_form_one_outcome(scope: Scope, cmd: RecordFormOneOutcome) -> Clue:
    """运用第一种形态处理 on the clue: no case is filed, and the person counts in form 1."""
    require_role(scope.actor, "discipline")
    clue = await _disposed_clue(cmd.clue_id)
    name = require_text(cmd.person_name, "personName", "被处理人姓名")
    if cmd.decided_on > local_today(scope) or cmd.decided_on < clue.received_on:
        raise UserError(
            ErrorCode.INVALID_DATES,
            "处理日期须在线索受理日期与今天之间 (decidedOn must be between the clue's receipt and today)",
            "decidedOn",
        )
    unit = await unit_for_code(cmd.unit_code, "unitCode") if cmd.unit_code else None
    outcome = await FormOneOutcome.create(
        clue=clue,
        person_name=name,
        position=cmd.position.strip(),
        unit=unit,
        measure=cmd.measure,
        decided_on=cmd.decided_on,
        note=cmd.note.strip(),
        recorded_at=scope.now(),
        recorded_by=scope.actor.name,
    )
    data = {"outcomeId": outcome.id, "measure": cmd.measure.value, "form": DisciplineForm.FORM_1.value}
    summary = f"第一种形态处理（未立案）：{name} {cmd.measure.value}"
    await record_event(scope, "Clue", clue.id, "FORM_ONE_OUTCOME", summary, data)
    return clue


async def load_clue_form_one_outcomes(ids: Sequence[int]) -> list[list[FormOneOutcome]]:
    grouped: dict[int, list[FormOneOutcome]] = {i: [] for i in ids}
    for row in await FormOneOutcome.filter(clue_id__in=set(ids)).order_by("decided_on", "id"):
        grouped[row.clue_id].append(row)  # type: ignore[attr-defined]
    return [grouped[i] for i in ids]


@dataclass(frozen=True)
class DisciplineFigures:
    start_day: date
    end_day: date
    cases_filed: int
    sanctioned_persons: int
    form_one_persons: int
    form_one_without_case: int
    talk_inquiries: int
    recommendations_issued: int


async def discipline_figures(actor: Actor, start_day: date, end_day: date) -> DisciplineFigures:
    """The seed's sentence as figures, over the days [start, end] (decision, filing or issue dates):
    立案 cases filed; 党纪政务处分 persons given a party or government sanction in a case; 第一种形态 persons
    (form-1 sanctions of cases plus form-1 outcomes on clues without a case); 谈话函询 clues disposed of by a
    talk or letter inquiry (their current disposal, by its day, Asia/Shanghai); 纪检监察建议 recommendations
    issued. Only a person named in a sanction counts as a person (a unit's accountability does not)."""
    require_confidential(actor)
    if end_day < start_day:
        raise RequestError(
            ErrorCode.INVALID_PERIOD, f"结束日期早于开始日期 (to {end_day} is before from {start_day})"
        )
    decided = {"decided_on__gte": start_day, "decided_on__lte": end_day}
    sanctions = Sanction.filter(**decided, person_name__isnull=False)
    without_case = await FormOneOutcome.filter(**decided).count()
    # As UTC instants: SQLite compares the stored UTC text.
    start, end = (moment.astimezone(UTC) for moment in period_bounds(start_day, end_day))
    return DisciplineFigures(
        start_day,
        end_day,
        cases_filed=await Case.filter(filed_on__gte=start_day, filed_on__lte=end_day).count(),
        sanctioned_persons=await sanctions.filter(
            Q(party_sanction__isnull=False) | Q(government_sanction__isnull=False)
        ).count(),
        form_one_persons=await sanctions.filter(form=DisciplineForm.FORM_1).count() + without_case,
        form_one_without_case=without_case,
        talk_inquiries=await Clue.filter(
            disposal=ClueDisposal.TALK_INQUIRY, disposed_at__gte=start, disposed_at__lt=end
        ).count(),
        recommendations_issued=await Recommendation.filter(
            issued_on__gte=start_day, issued_on__lte=end_day
        ).count(),
    )
