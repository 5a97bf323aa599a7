"""Inspection actions: create an inspection (督查 / 暗访 / 回头看) and record findings that open items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.link import LinkRelation
from models.supervision import (
    Finding,
    Inspection,
    InspectionKind,
    InspectionUnit,
    SupervisionItem,
    SupervisionLevel,
    SupervisionSource,
)
from resolvers.access import Scope, require_role
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.inputs import require_text, unit_for_code, units_for_codes
from resolvers.links import add_link
from resolvers.supervision.actions import OpenSupervisionItem, open_supervision_item
from resolvers.supervision.queries import INSPECTIONS

__all__ = ["AddFinding", "CreateInspection", "add_finding", "create_inspection"]


@dataclass
class CreateInspection:
    title: str
    kind: InspectionKind
    starts_on: date
    ends_on: date | None = None
    team_members: list[str] = field(default_factory=list)
    unit_codes: list[str] = field(default_factory=list)


@dataclass
class AddFinding:
    inspection_id: int
    unit_code: str
    description: str
    due_on: date
    title: str | None = None
    level: SupervisionLevel = SupervisionLevel.ORDINARY


async def create_inspection(scope: Scope, cmd: CreateInspection) -> Inspection:
    require_role(scope.actor, "supervision")
    title = require_text(cmd.title, "title", "督查标题")
    if cmd.ends_on is not None and cmd.ends_on < cmd.starts_on:
        raise UserError(ErrorCode.INVALID_DATES, "结束日期早于开始日期 (ends before it starts)", "endsOn")
    units = await units_for_codes(cmd.unit_codes, "unitCodes")
    inspection = await Inspection.create(
        title=title,
        kind=cmd.kind,
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        team_members=[m.strip() for m in cmd.team_members if m.strip()],
        created_by=scope.actor.name,
    )
    await InspectionUnit.bulk_create([InspectionUnit(inspection=inspection, unit=u) for u in units])
    await record_event(
        scope,
        "Inspection",
        inspection.id,
        "CREATED",
        f"{title}（{len(units)} 个单位）",
        {"kind": cmd.kind.value, "units": [u.code for u in units]},
    )
    return inspection


async def add_finding(scope: Scope, cmd: AddFinding) -> SupervisionItem:
    """Record a finding and open its supervision item: Inspection HAS_FINDING Finding OPENED_AS item."""
    require_role(scope.actor, "supervision")
    missing = UserError(
        ErrorCode.NOT_FOUND, f"督查不存在 (no inspection {cmd.inspection_id})", "inspectionId"
    )
    inspection = await INSPECTIONS.get(scope.actor, cmd.inspection_id, missing)
    description = require_text(cmd.description, "description", "问题描述")
    unit = await unit_for_code(cmd.unit_code, "unitCode")
    finding = await Finding.create(
        inspection=inspection,
        unit=unit,
        description=description,
        found_at=scope.now(),
        recorded_by=scope.actor.name,
    )
    await add_link(scope, "Inspection", inspection.id, LinkRelation.HAS_FINDING, "Finding", finding.id)
    await record_event(scope, "Finding", finding.id, "RECORDED", f"督查发现问题: {description[:200]}")
    item = await open_supervision_item(
        scope,
        OpenSupervisionItem(
            title=cmd.title or description[:100],
            description=description,
            responsible_unit_code=unit.code,
            due_on=cmd.due_on,
            source=SupervisionSource.INSPECTION_FINDING,
            level=cmd.level,
            origins=[("Finding", finding.id)],
            inspection_id=inspection.id,
        ),
    )
    await Finding.filter(id=finding.id).update(item_id=item.id)
    return item
