"""Clue actions: transfer a clue over from other nodes (线索移送), dispose of it, file a case (立案)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.discipline import Case, Clue, ClueDisposal, ClueOfficial, ClueSource
from models.link import LinkRelation
from resolvers.access import Scope, require_role
from resolvers.counters import next_number
from resolvers.discipline.queries import CLUES
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.inputs import local_today, require_text, unit_for_code, units_for_codes
from resolvers.links import add_link
from resolvers.versioning import update_versioned

__all__ = [
    "DisposeClue",
    "FileCase",
    "Official",
    "TransferClue",
    "dispose_clue",
    "file_case",
    "transfer_clue",
]

# Dispositions after which nothing more happens to a clue.
FINAL = frozenset({ClueDisposal.CLOSED_NO_ACTION, ClueDisposal.CASE_FILED})


@dataclass
class Official:
    name: str
    position: str = ""
    unit_code: str | None = None


@dataclass
class TransferClue:
    source: ClueSource
    summary: str
    received_on: date
    # The nodes it is moved over from, as (type name, id); the caller checked that each exists.
    origins: list[tuple[str, int]] = field(default_factory=list)
    unit_codes: list[str] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)


@dataclass
class DisposeClue:
    clue_id: int
    disposal: ClueDisposal
    reason: str
    expected_version: int | None = None


@dataclass
class FileCase:
    clue_id: int
    title: str
    filed_on: date
    expected_version: int | None = None


async def transfer_clue(scope: Scope, cmd: TransferClue) -> Clue:
    require_role(scope.actor, "discipline")
    summary = require_text(cmd.summary, "summary", "线索摘要")
    if cmd.received_on > local_today(scope):
        raise UserError(
            ErrorCode.INVALID_DATES, "受理日期不能晚于今天 (received in the future)", "receivedOn"
        )
    units = await units_for_codes(cmd.unit_codes, "unitCodes")
    officials = [
        (
            require_text(o.name, "officials", "人员姓名"),
            o,
            await unit_for_code(o.unit_code, "officials") if o.unit_code else None,
        )
        for o in cmd.officials
    ]
    year = local_today(scope).year
    clue = await Clue.create(
        serial=f"XS{year}-{await next_number(f'clue:{year}'):04d}",
        source=cmd.source,
        summary=summary,
        received_on=cmd.received_on,
        unit_ids=[u.id for u in units],
        received_by=scope.actor.name,
    )
    await ClueOfficial.bulk_create(
        [ClueOfficial(clue=clue, name=name, position=o.position, unit=unit) for name, o, unit in officials]
    )
    for origin_type, origin_id in dict.fromkeys(cmd.origins):
        await add_link(scope, origin_type, origin_id, LinkRelation.TRANSFERRED_TO, "Clue", clue.id)
    await record_event(
        scope, "Clue", clue.id, "TRANSFERRED", f"线索移送 {clue.serial}", {"source": cmd.source.value}
    )
    return clue


async def _open_clue(scope: Scope, clue_id: int) -> Clue:
    clue = await CLUES.get(
        scope.actor, clue_id, UserError(ErrorCode.NOT_FOUND, f"线索不存在 (no clue {clue_id})", "clueId")
    )
    if clue.disposal in FINAL:
        raise UserError(
            ErrorCode.INVALID_TRANSITION,
            f"线索已处置为 {clue.disposal.value} (the clue is already final)",
            "clueId",
        )
    return clue


async def dispose_clue(scope: Scope, cmd: DisposeClue) -> Clue:
    require_role(scope.actor, "discipline")
    clue = await _open_clue(scope, cmd.clue_id)
    if cmd.disposal is ClueDisposal.CASE_FILED:
        raise UserError(
            ErrorCode.INVALID_DISPOSAL, "立案请使用 fileCase (file a case with fileCase)", "disposal"
        )
    if not cmd.reason or not cmd.reason.strip():
        raise UserError(ErrorCode.REASON_REQUIRED, "处置须说明理由 (a disposal needs a reason)", "reason")
    before = clue.disposal.value if clue.disposal else None
    await update_versioned(
        clue,
        cmd.expected_version,
        disposal=cmd.disposal,
        disposal_reason=cmd.reason.strip(),
        disposed_at=scope.now(),
    )
    await record_event(
        scope,
        "Clue",
        clue.id,
        "DISPOSED",
        f"线索处置 {cmd.disposal.value}: {cmd.reason.strip()}",
        {"before": before, "after": cmd.disposal.value},
    )
    return clue


async def file_case(scope: Scope, cmd: FileCase) -> Case:
    require_role(scope.actor, "discipline")
    clue = await _open_clue(scope, cmd.clue_id)
    title = require_text(cmd.title, "title", "案件名称")
    await update_versioned(
        clue,
        cmd.expected_version,
        disposal=ClueDisposal.CASE_FILED,
        disposal_reason=title,
        disposed_at=scope.now(),
    )
    year = local_today(scope).year
    case = await Case.create(
        serial=f"LA{year}-{await next_number(f'case:{year}'):04d}",
        clue=clue,
        title=title,
        filed_on=cmd.filed_on,
    )
    await add_link(scope, "Clue", clue.id, LinkRelation.FILED_AS, "Case", case.id)
    await record_event(scope, "Clue", clue.id, "DISPOSED", f"立案 {case.serial}", {"after": "CASE_FILED"})
    await record_event(scope, "Case", case.id, "FILED", f"立案 {case.serial} {title}")
    return case
