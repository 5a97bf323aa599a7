"""Importing a ledger (台账) into a plan, all rows or none, and exporting a plan's ledger to XLSX."""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Callable
from dataclasses import dataclass

from models.plan import Plan
from models.task import ProgressReport, Task, TaskUnit, UnitRole
from models.unit import Unit
from resolvers.access import Actor, Scope, require_role
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.ledger import actions
from resolvers.ledger import ledger_rows as lr
from resolvers.ledger.queries import visible_tasks
from resolvers.ledger.transitions import STATUS_ZH

__all__ = ["EXPORT_COLUMNS", "ImportRefused", "ImportResult", "ImportTasks", "export_plan", "import_tasks"]

EXPORT_COLUMNS = [*lr.COLUMNS, lr.LEADER, lr.TARGET, lr.ORIGIN, "状态", "是否逾期", "最新进展"]


class ImportRefused(Exception):
    """Some rows are bad: every problem is reported, nothing is written."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportTasks:
    plan_id: int
    format: str  # CSV or XLSX
    content: bytes = b""
    content_base64: str | None = None

    def data(self) -> bytes:
        if self.content_base64 is None:
            return self.content
        try:
            return base64.b64decode(self.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UserError(
                "INVALID_FILE", "文件内容不是有效的 Base64 (invalid base64)", "contentBase64"
            ) from exc


@dataclass
class ImportResult:
    plan: Plan
    tasks: list[Task]


def _err(line: int, column: str, code: str, message: str) -> UserError:
    return UserError(code, f"第{line}行 {column}：{message}", ["input", "rows", str(line), column])


def _units(line: int, column: str, text: str, index: dict[str, Unit], errors: list[UserError]) -> list[Unit]:
    found = []
    for name in lr.split_names(text):
        unit = index.get(name)
        if unit is None:
            errors.append(_err(line, column, "UNKNOWN_UNIT", f"单位不存在 (unknown unit): {name}"))
        else:
            found.append(unit)
    return found


def _check(line: int, cells: dict[str, object], index: dict[str, Unit]) -> lr.LedgerRow:
    errors: list[UserError] = []
    text = {k: str(v).strip() if not hasattr(v, "year") else v for k, v in cells.items()}
    for column in (lr.CODE, lr.TITLE, lr.LEAD, lr.CATEGORY):
        if not text.get(column):
            errors.append(_err(line, column, "REQUIRED", f"不能为空 ({column} is required)"))
    lead = _units(line, lr.LEAD, str(text.get(lr.LEAD) or ""), index, errors)
    co = _units(line, lr.CO, str(text.get(lr.CO) or ""), index, errors)
    row = lr.LedgerRow(
        line,
        str(text.get(lr.CODE) or ""),
        str(text.get(lr.TITLE) or ""),
        lead,
        co,
        None,
        lr.TaskCategory.OTHER,
    )
    row.leader = str(text.get(lr.LEADER) or "") or None
    parsers: list[tuple[str, str, Callable[[object], object], str]] = [
        (lr.DUE, "INVALID_DATE", lr.parse_date, "due_on"),
        (lr.CATEGORY, "INVALID_CATEGORY", lambda v: lr.parse_category(str(v)), "category"),
        (lr.ORIGIN, "INVALID_ORIGIN", lambda v: lr.parse_origin(str(v)), "origin"),
        (lr.TARGET, "INVALID_TARGET", lambda v: lr.parse_target(str(v)) if v else None, "target"),
    ]
    for column, code, parse, attr in parsers:
        value = text.get(column, "")
        if column == lr.CATEGORY and not value:
            continue
        try:
            setattr(row, attr, parse(value))
        except ValueError:
            errors.append(_err(line, column, code, f"无法识别 (not understood): {value}"))
    row.errors = errors
    return row


def _check_codes(rows: list[lr.LedgerRow], existing: set[str]) -> list[UserError]:
    errors, seen = [], set(existing)
    for row in rows:
        if not row.code:
            continue
        if row.code in seen:
            errors.append(_err(row.line, lr.CODE, "DUPLICATE_CODE", f"序号重复 (duplicate code): {row.code}"))
        seen.add(row.code)
    for row in rows:
        parent = row.code.rsplit(".", 1)[0] if "." in row.code else None
        if parent and parent not in seen:
            errors.append(
                _err(row.line, lr.CODE, "UNKNOWN_PARENT", f"上级序号不存在 (no parent row {parent})")
            )
    return errors


async def _unit_index() -> dict[str, Unit]:
    index: dict[str, Unit] = {}
    for unit in await Unit.filter(active=True):
        index.setdefault(unit.name, unit)
        if unit.short_name:
            index.setdefault(unit.short_name, unit)
    return index


async def _create(scope: Scope, plan: Plan, row: lr.LedgerRow, parents: dict[str, int]) -> Task:
    parent = row.code.rsplit(".", 1)[0] if "." in row.code else None
    indicator, value, unit = row.target or (None, None, None)
    cmd = actions.CreateTask(
        plan_id=plan.id,
        parent_id=parents.get(parent) if parent else None,
        code=row.code,
        title=row.title,
        category=row.category,
        origin=row.origin,
        lead_unit_codes=[u.code for u in row.lead],
        co_unit_codes=[u.code for u in row.co],
        responsible_leader=row.leader,
        due_on=row.due_on,
        target_indicator=indicator,
        target_value=value,
        target_unit=unit,
    )
    task = await actions.create_task(scope, cmd)
    parents[row.code] = task.id
    return task


async def import_tasks(
    scope: Scope, cmd: ImportTasks, on_row: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Check every row first; any problem refuses the whole file (ImportRefused), else create all tasks."""
    require_role(scope.actor, "tasks")
    plan = await Plan.get_or_none(id=cmd.plan_id)
    if plan is None:
        raise UserError("NOT_FOUND", f"方案不存在 (unknown plan): {cmd.plan_id}", "planId")
    index = await _unit_index()
    rows = [_check(line, cells, index) for line, cells in lr.read_table(cmd.format, cmd.data())]
    existing = {t.code: t.id for t in await Task.filter(plan_id=plan.id).only("id", "code") if t.code}
    errors = [e for r in rows for e in r.errors] + _check_codes(rows, set(existing))
    if errors:
        raise ImportRefused(errors)
    parents = dict(existing)
    created = []
    for n, row in enumerate(sorted(rows, key=lambda r: r.code.count(".")), start=1):
        created.append(await _create(scope, plan, row, parents))
        if on_row:
            on_row(n, len(rows))
    summary = f"导入台账 {len(created)} 项任务 (imported {len(created)} tasks)"
    await record_event(
        scope, "Plan", plan.id, "TASKS_IMPORTED", summary, {"rows": len(created), "format": cmd.format}
    )
    return ImportResult(plan, sorted(created, key=lambda t: t.code_key))


async def _export_rows(actor: Actor, plan: Plan) -> list[list[object]]:
    tasks = await visible_tasks(actor).filter(plan_id=plan.id).order_by("code_key", "id")
    ids = [t.id for t in tasks]
    names: dict[tuple[int, UnitRole], list[str]] = {}
    links = TaskUnit.filter(task_id__in=ids).select_related("unit").order_by("role", "position", "id")
    for link in await links:
        names.setdefault((link.task_id, link.role), []).append(link.unit.name)  # type: ignore[attr-defined]
    latest: dict[int, str] = {}
    for report in await ProgressReport.filter(task_id__in=ids).order_by("-reported_at", "-id"):
        latest.setdefault(report.task_id, f"{report.percent}% {report.text}")  # type: ignore[attr-defined]
    return [
        [
            t.code or "",
            t.title,
            "、".join(names.get((t.id, UnitRole.LEAD), [])),
            "、".join(names.get((t.id, UnitRole.CO), [])),
            t.due_on.isoformat() if t.due_on else "长期坚持",
            lr.CATEGORY_NAMES[t.category],
            t.responsible_leader or "",
            lr.format_target(t.target_indicator, t.target_value, t.target_unit),
            lr.ORIGIN_NAMES[t.origin],
            STATUS_ZH[t.status],
            "是" if t.is_overdue else "否",
            latest.get(t.id, ""),
        ]
        for t in tasks
    ]


async def export_plan(actor: Actor, plan: Plan) -> bytes:
    """The plan's ledger as XLSX (the tasks the actor may read), importable again."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(EXPORT_COLUMNS)
    for row in await _export_rows(actor, plan):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
