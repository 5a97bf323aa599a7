"""importTasks and the forms real ledgers use: deadlines with 前/完成, 每季度 refused, 序号 typed as a
number (read as its cell shows it), title rows above the header."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from models.task import Task
from resolvers.ledger.ledger_rows import CellRefused, parse_date
from resolvers.ledger.xlsx_stream import fixed_decimals
from tests.ledger.linyi import HEADER, IMPORT, import_input, plan_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年6月底前", date(2024, 6, 30)),
        ("2024年底前完成", date(2024, 12, 31)),
        ("2024年年底前", date(2024, 12, 31)),
        ("2024年12月31日前", date(2024, 12, 31)),
        ("2024年9月底之前完成", date(2024, 9, 30)),
        ("2024年上半年", date(2024, 6, 30)),
        ("2024年下半年", date(2024, 12, 31)),
        ("2024年第三季度", date(2024, 9, 30)),
        ("2024年1季度末", date(2024, 3, 31)),
    ],
)
def test_deadline_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("每季度", "RECURRING_DEADLINE"),
        ("每月底前", "RECURRING_DEADLINE"),
        ("定期开展", "RECURRING_DEADLINE"),
        ("2024年第五季度", "INVALID_DATE"),
        ("前", "INVALID_DATE"),
        ("2024年13月底前", "INVALID_DATE"),
    ],
)
def test_forms_refused_with_what_to_write(text: str, code: str) -> None:
    with pytest.raises(CellRefused) as refused:
        parse_date(text)
    assert refused.value.code == code
    assert ("里程碑" if code == "RECURRING_DEADLINE" else "请写 2024年6月底") in refused.value.message


def test_fixed_decimal_formats() -> None:
    assert [fixed_decimals(f) for f in ("0.00", "#,##0.000", "0.00_ ", "0.0;[Red]-0.0")] == [2, 3, 2, 1]
    assert [fixed_decimals(f) for f in ("General", "0", "@", "0.00%", "yyyy-mm-dd")] == [None] * 5


async def test_a_recurring_deadline_refuses_the_file(gql, scope, units) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "DY")
    csv = HEADER + "1,按季度调度,市审批局,,2024年底前,政务环境\n2,季度通报,市审批局,,每季度,政务环境\n"
    errors = await gql.refused(IMPORT, import_input(plan, csv.encode()))
    assert [(e["code"], e["field"]) for e in errors] == [
        ("RECURRING_DEADLINE", ["input", "rows", "3", "完成时限"])
    ]
    assert await Task.all().count() == 0


def _xlsx(codes: list[tuple[object, str | None]], title_rows: int = 0) -> bytes:
    """A workbook as an office types it: 序号 cells as numbers, each with its number format."""
    book = Workbook()
    sheet = book.active
    for n in range(title_rows):
        sheet.append([f"标题 {n}"])
    sheet.append(HEADER.strip().split(","))
    for code, number_format in codes:
        sheet.append([code, f"任务 {code}", "市审批局", "", "2024年6月底前", "政务环境"])
        if number_format:
            sheet.cell(sheet.max_row, 1).number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_code_typed_as_a_number_reads_as_its_cell_shows_it(gql, scope, units) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "DY")
    codes: list[tuple[object, str | None]] = [(1, None), (1.1, None), (1.2, "0.0"), (1.1, "0.00"), (2, None)]
    payload = await gql.ok(IMPORT, import_input(plan, _xlsx(codes, title_rows=2), "XLSX"))
    assert [t["code"] for t in payload["tasks"]] == ["1", "1.1", "1.2", "1.10", "2"]


async def test_a_number_that_lost_its_trailing_zero_is_refused(gql, scope, units) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "DY")
    # 1.10 typed into a General cell is stored, and shown, as 1.1
    codes: list[tuple[object, str | None]] = [(1, None), ("1.1", None), (1.1, None)]
    errors = await gql.refused(IMPORT, import_input(plan, _xlsx(codes), "XLSX"))
    assert [(e["code"], e["field"]) for e in errors] == [("NUMERIC_CODE", ["input", "rows", "4", "序号"])]
    assert "文本格式" in errors[0]["message"]


async def test_more_than_three_title_rows_are_a_missing_header(gql, scope, units) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "DY")
    errors = await gql.refused(IMPORT, import_input(plan, _xlsx([(1, None)], title_rows=4), "XLSX"))
    assert [(e["code"], e["field"]) for e in errors] == [("MISSING_COLUMN", ["input", "columns", "序号"])]
