"""Importing a ledger (台账) into a plan, all rows or none: the file read and checked off the event loop."""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, replace

from models.by_id import rows_by_id
from models.plan import Plan
from models.task import Task
from models.unit import Unit
from resolvers.access import Actor, Scope, require_role
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.ledger import ledger_rows as lr
from resolvers.ledger.ledger_bulk import write_rows
from resolvers.ledger.ledger_files import ImportLimits
from resolvers.ledger.ledger_units import UnitIndex, plan_area, unit_index
from resolvers.ledger.queries import PLANS

__all__ = ["ImportRefused", "ImportResult", "ImportTasks", "created_tasks", "import_tasks", "prepare_import"]

Table = list[tuple[int, dict[str, object]]]
# Column widths of the task table: a longer text would be refused by PostgreSQL mid-write.
_MAX_LENGTH = {lr.CODE: 40, lr.TITLE: 500, lr.LEADER: 100}


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
    # The rows once read and checked (`prepare_import`): the import's transaction then only writes.
    rows: list[lr.LedgerRow] | None = None

    def data(self) -> bytes:
        if self.content_base64 is None:
            return self.content
        try:
            return base64.b64decode(self.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UserError(
                ErrorCode.INVALID_FILE, "文件内容不是有效的 Base64 (invalid base64)", "contentBase64"
            ) from exc


@dataclass
class ImportResult:
    plan: Plan
    task_ids: list[int]  # by code


async def created_tasks(task_ids: list[int]) -> list[Task]:
    """The tasks an import created, in its order: read after its transaction, not inside it."""
    found = await rows_by_id(Task, task_ids)
    return [found[i] for i in task_ids]


def _err(line: int, column: str, code: ErrorCode, message: str) -> UserError:
    return UserError(code, f"第{line}行 {column}：{message}", ["input", "rows", str(line), column])


def _units(
    row: lr.LedgerRow, column: str, text: str, index: UnitIndex, errors: list[UserError]
) -> list[Unit]:
    found = index.cell(text)
    errors += [_err(row.line, column, code, message) for code, message in found.errors]
    if found.paraphrased:  # kept as written on the task: the units linked are not all the cell says
        row.note = "\n".join(filter(None, [row.note, f"{column}（原文）：{text}"]))
    return found.units


def _check(line: int, cells: dict[str, object], index: UnitIndex) -> lr.LedgerRow:
    errors: list[UserError] = []
    text = {k: str(v).strip() if not hasattr(v, "year") else v for k, v in cells.items()}
    for column in (lr.CODE, lr.TITLE, lr.LEAD, lr.CATEGORY):
        if not text.get(column) or (column == lr.LEAD and not lr.split_names(str(text[column]))):
            errors.append(_err(line, column, ErrorCode.REQUIRED, f"不能为空 ({column} is required)"))
    for column, limit in _MAX_LENGTH.items():
        if len(str(text.get(column) or "")) > limit:
            errors.append(
                _err(line, column, ErrorCode.TOO_LONG, f"超过 {limit} 字 (longer than {limit} characters)")
            )
    row = lr.LedgerRow(
        line, str(text.get(lr.CODE) or ""), str(text.get(lr.TITLE) or ""), [], [], None, lr.TaskCategory.OTHER
    )
    row.code_is_number = isinstance(cells.get(lr.CODE), float)
    row.lead = _units(row, lr.LEAD, str(text.get(lr.LEAD) or ""), index, errors)
    row.co = _units(row, lr.CO, str(text.get(lr.CO) or ""), index, errors)
    row.leader = str(text.get(lr.LEADER) or "") or None
    parsers: list[tuple[str, ErrorCode, Callable[[object], object], str]] = [
        (lr.DUE, ErrorCode.INVALID_DATE, lr.parse_date, "due_on"),
        (lr.CATEGORY, ErrorCode.INVALID_CATEGORY, lambda v: lr.parse_category(str(v)), "category"),
        (lr.ORIGIN, ErrorCode.INVALID_ORIGIN, lambda v: lr.parse_origin(str(v)), "origin"),
        (lr.TARGET, ErrorCode.INVALID_TARGET, lambda v: lr.parse_target(str(v)) if v else None, "target"),
    ]
    for column, code, parse, attr in parsers:
        value = text.get(column, "")
        if column == lr.CATEGORY and not value:
            continue
        try:
            setattr(row, attr, parse(value))
        except lr.CellRefused as exc:
            errors.append(_err(line, column, exc.code, exc.message))
        except ValueError:
            errors.append(_err(line, column, code, f"无法识别 (not understood): {value}"))
    indicator, _, unit = row.target or (None, None, None)
    if len(indicator or "") > 200 or len(unit or "") > 30:
        errors.append(
            _err(line, lr.TARGET, ErrorCode.TOO_LONG, "指标名称或单位过长 (indicator or unit too long)")
        )
    row.errors = errors
    return row


def _duplicate(row: lr.LedgerRow, numbers: set[str]) -> UserError:
    if row.code_is_number or row.code in numbers:
        return _err(
            row.line,
            lr.CODE,
            ErrorCode.NUMERIC_CODE,
            f"序号 {row.code} 是数字单元格，1.10 与 1.1 无法区分 (typed as a number, 1.10 reads as 1.1)："
            "请将序号列设为文本格式后重新输入",
        )
    return _err(row.line, lr.CODE, ErrorCode.DUPLICATE_CODE, f"序号重复 (duplicate code): {row.code}")


def _check_codes(rows: list[lr.LedgerRow], existing: set[str]) -> list[UserError]:
    errors, seen, numbers = [], set(existing), set[str]()
    for row in rows:
        if not row.code:
            continue
        if row.code in seen:
            errors.append(_duplicate(row, numbers))
        seen.add(row.code)
        if row.code_is_number:
            numbers.add(row.code)
    for row in rows:
        parent = row.code.rsplit(".", 1)[0] if "." in row.code else None
        if parent and parent not in seen:
            errors.append(
                _err(row.line, lr.CODE, ErrorCode.UNKNOWN_PARENT, f"上级序号不存在 (no parent row {parent})")
            )
    return errors


def _read(cmd: ImportTasks, limits: ImportLimits) -> Table:
    return lr.read_table(cmd.format, cmd.data(), limits)


def _validate(table: Table, index: UnitIndex, existing: set[str]) -> list[lr.LedgerRow]:
    rows = [_check(line, cells, index) for line, cells in table]
    errors = [e for r in rows for e in r.errors] + _check_codes(rows, existing)
    if errors:
        raise ImportRefused(errors)
    return rows


async def _plan(actor: Actor, plan_id: int) -> Plan:
    return await PLANS.get(
        actor, plan_id, UserError(ErrorCode.NOT_FOUND, f"方案不存在 (unknown plan): {plan_id}", "planId")
    )


async def _existing_codes(plan: Plan) -> dict[str, int]:
    return {code: id for id, code in await Task.filter(plan_id=plan.id).values_list("id", "code") if code}


async def prepare_import(actor: Actor, cmd: ImportTasks, limits: ImportLimits | None = None) -> ImportTasks:
    """The command with its file decoded, limited, parsed and every row checked, the work done in worker
    threads. Called before the import's transaction, which on SQLite holds the one connection every
    other request waits for; ImportRefused or UserError when the file is refused."""
    require_role(actor, "tasks")
    plan = await _plan(actor, cmd.plan_id)
    table = await asyncio.to_thread(_read, cmd, limits or ImportLimits.from_settings())
    index = await unit_index(await plan_area(plan, actor))
    existing = await _existing_codes(plan)
    rows = await asyncio.to_thread(_validate, table, index, set(existing))
    return replace(cmd, content=b"", content_base64=None, rows=rows)


async def import_tasks(
    scope: Scope, cmd: ImportTasks, on_row: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Every row checked first (`prepare_import`); any problem refuses the whole file (ImportRefused),
    else all tasks are created."""
    require_role(scope.actor, "tasks")
    plan = await _plan(scope.actor, cmd.plan_id)
    rows = cmd.rows if cmd.rows is not None else (await prepare_import(scope.actor, cmd)).rows or []
    existing = await _existing_codes(plan)
    if errors := _check_codes(rows, set(existing)):  # codes taken since the rows were checked
        raise ImportRefused(errors)
    ids = await write_rows(scope, plan, rows, existing, on_row)
    summary = f"导入台账 {len(ids)} 项任务 (imported {len(ids)} tasks)"
    await record_event(
        scope, "Plan", plan.id, "TASKS_IMPORTED", summary, {"rows": len(ids), "format": cmd.format}
    )
    return ImportResult(plan, ids)
