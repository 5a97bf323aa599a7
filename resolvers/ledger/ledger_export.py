"""Exporting a plan's ledger (台账) as XLSX or CSV, importable again, with no cell a spreadsheet evaluates."""

from __future__ import annotations

import csv
import io

from models.plan import Plan
from models.task import ProgressReport, TaskUnit, UnitRole
from resolvers.access import Actor
from resolvers.ledger import ledger_rows as lr
from resolvers.ledger.ledger_files import FORMULA_START, escape_formula
from resolvers.ledger.queries import visible_tasks
from resolvers.ledger.transitions import STATUS_ZH

__all__ = ["EXPORT_COLUMNS", "export_plan"]

EXPORT_COLUMNS = [*lr.COLUMNS, lr.LEADER, lr.TARGET, lr.ORIGIN, "状态", "是否逾期", "最新进展"]


async def _export_rows(actor: Actor, plan: Plan) -> list[list[str]]:
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


def _xlsx(rows: list[list[str]]) -> bytes:
    """openpyxl stores any string starting with "=" as a formula: such a cell (and any other text that
    starts like a formula) is written as a string cell (t="inlineStr") with Excel's quote prefix, so
    it shows as text and stays text when edited, and reads back unchanged."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(EXPORT_COLUMNS)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
                cell.quotePrefix = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: list[list[str]]) -> bytes:
    """UTF-8 with a BOM (Excel then reads the Chinese right), every field quoted, and a text that
    starts like a formula prefixed with ' (OWASP's CSV-injection advice); the import removes it."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([escape_formula(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


async def export_plan(actor: Actor, plan: Plan, fmt: str = "XLSX") -> bytes:
    """The plan's ledger (the tasks the actor may read) as XLSX or CSV, importable again."""
    rows = await _export_rows(actor, plan)
    return _csv(rows) if fmt == "CSV" else _xlsx(rows)
