"""Exporting a plan's ledger (台账) as XLSX or CSV, importable again, with no cell a spreadsheet evaluates;
the XLSX ready for an office to use: real dates, widths, a frozen bold header with filters, the plan named."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from models.plan import Plan
from models.task import ProgressReport, TaskUnit, UnitRole
from resolvers.access import Actor
from resolvers.ledger import ledger_rows as lr
from resolvers.ledger.ledger_files import FORMULA_START, escape_formula
from resolvers.ledger.queries import visible_tasks
from resolvers.ledger.transitions import STATUS_ZH

__all__ = ["EXPORT_COLUMNS", "export_plan"]

EXPORT_COLUMNS = [*lr.COLUMNS, lr.LEADER, lr.TARGET, lr.ORIGIN, "状态", "是否逾期", "最新进展"]
# Characters wide, per column: what fits a typical cell of a Chinese ledger on one or two lines.
WIDTHS = [8, 48, 24, 30, 16, 10, 10, 18, 12, 8, 8, 36]
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
Row = list[str | date]


async def _export_rows(actor: Actor, plan: Plan) -> list[Row]:
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
            t.due_on or "长期坚持",
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


def _as_text(cell: Any) -> None:
    """openpyxl stores any string starting with "=" as a formula: such a cell (and any other text that
    starts like a formula) is written as a string cell (t="inlineStr") with Excel's quote prefix, so
    it shows as text and stays text when edited, and reads back unchanged."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def _heading(plan: Plan) -> str:
    return " ".join(filter(None, [plan.doc_number, plan.title]))


def _decorate(sheet: Any, plan: Plan) -> None:
    """The title row above the table (one merged cell: the importer skips it), the printed page header,
    widths, the bold header frozen with filters on it."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(EXPORT_COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{sheet.max_row}"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    # "&" starts a code in a page header: doubled it is printed as itself.
    sheet.oddHeader.left.text = (plan.doc_number or "").replace("&", "&&")
    sheet.oddHeader.center.text = plan.title.replace("&", "&&")
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _xlsx(plan: Plan, rows: list[Row]) -> bytes:
    """Deadlines as date cells, every text formula-safe (`_as_text`), the sheet decorated (`_decorate`)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append([_heading(plan)])
    sheet.append(EXPORT_COLUMNS)
    # Cells by number: `sheet.max_row` and `sheet[n]` scan every cell, which made the loop quadratic.
    for number, row in enumerate(rows, start=3):
        sheet.append(row)
        for column in range(1, len(row) + 1):
            cell = sheet.cell(number, column)
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            _as_text(cell)
    _as_text(sheet["A1"])
    _decorate(sheet, plan)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: list[Row]) -> bytes:
    """UTF-8 with a BOM (Excel then reads the Chinese right), every field quoted, and a text that
    starts like a formula prefixed with ' (OWASP's CSV-injection advice); the import removes it."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(
        [escape_formula(v.isoformat() if isinstance(v, date) else v) for v in row] for row in rows
    )
    return out.getvalue().encode("utf-8-sig")


async def export_plan(actor: Actor, plan: Plan, fmt: str = "XLSX") -> bytes:
    """The plan's ledger (the tasks the actor may read) as XLSX or CSV, importable again."""
    rows = await _export_rows(actor, plan)
    return _csv(rows) if fmt == "CSV" else _xlsx(plan, rows)
