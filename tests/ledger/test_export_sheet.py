"""The XLSX ledger export as offices use it: deadlines as date cells, widths, a bold frozen header with
filters, the plan's 文号 and title above the table and in the page header; and it imports again."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook

from models.task import Task
from resolvers.ledger import actions
from resolvers.ledger.ledger_export import DATE_FORMAT, EXPORT_COLUMNS, WIDTHS
from tests.ledger.linyi import HEADER, IMPORT, import_input, plan_of, seed_linyi
from tests.ledger.setup import gid

LEDGER = HEADER + (
    "1,建立健全市场主体库,县营转办,县发改局、县人社局等部门,2023年6月底前,政务环境\n"
    "1.1,梳理企业名单,县营转办,,长期坚持,政务环境\n"
    "2,建设镇级企业服务中心,县行政审批服务局,各乡镇,2023年底前完成,政务环境\n"
)


async def _download(client, tokens, plan, fmt: str = "xlsx") -> bytes:  # type: ignore[no-untyped-def]
    url = f"/exports/plans/{gid(plan)}.{fmt}"
    response = await client.get(url, headers={"Authorization": f"Bearer {tokens['SUPERVISOR']}"})
    assert response.status_code == 200
    return response.content


async def test_the_sheet_is_ready_to_use(gql, client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    await seed_linyi(scope)
    plan = await plan_of(scope, "FX")
    await gql.ok(IMPORT, import_input(plan, LEDGER.encode()))
    sheet = load_workbook(io.BytesIO(await _download(client, tokens, plan))).active
    assert sheet["A1"].value == f"费政办字〔2023〕34号 {plan.title}" and sheet["A1"].font.b
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:L1"]
    assert [c.value for c in sheet[2]] == EXPORT_COLUMNS and all(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:L5"
    assert [sheet.column_dimensions[c].width for c in "ABCDEFGHIJKL"] == WIDTHS
    due = {row[0].value: row[4] for row in sheet.iter_rows(min_row=3)}
    assert (due["1"].value, due["1"].number_format) == (datetime(2023, 6, 30), DATE_FORMAT)
    assert due["1"].is_date and due["2"].value == datetime(2023, 12, 31)
    assert (due["1.1"].value, due["1.1"].data_type) == ("长期坚持", "s")
    assert sheet.oddHeader.left.text == "费政办字〔2023〕34号" and sheet.oddHeader.center.text == plan.title
    assert sheet.print_title_rows == "$2:$2"  # the header repeats on every printed page


async def test_the_sheet_imports_again(gql, client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    await seed_linyi(scope)
    plan = await plan_of(scope, "FX")
    first = await gql.ok(IMPORT, import_input(plan, LEDGER.encode()))
    content = await _download(client, tokens, plan)
    copy = await plan_of(scope, "FX", "费政办字〔2023〕35号")
    second = await gql.ok(IMPORT, import_input(copy, content, "XLSX"))
    same = ("code", "dueOn", "leadUnits", "coUnits")
    assert [{k: t[k] for k in same} for t in second["tasks"]] == [
        {k: t[k] for k in same} for t in first["tasks"]
    ]
    assert await Task.filter(plan_id=copy.id).count() == 3


async def test_a_title_with_an_ampersand_or_a_formula(gql, client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await actions.create_plan(scope, actions.CreatePlan(title="A&B 方案", doc_number="=1+1"))
    sheet = load_workbook(io.BytesIO(await _download(client, tokens, plan))).active
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["A1"].quotePrefix) == ("=1+1 A&B 方案", "s", True)
    assert sheet.oddHeader.center.text == "A&&B 方案"  # printed as A&B


async def test_csv_deadlines_stay_iso_dates(gql, client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    await seed_linyi(scope)
    plan = await plan_of(scope, "FX")
    await gql.ok(IMPORT, import_input(plan, LEDGER.encode()))
    lines = (await _download(client, tokens, plan, "csv")).decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith('"序号"') and '"2023-06-30"' in lines[1] and '"长期坚持"' in lines[2]
