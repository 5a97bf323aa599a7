"""importTasks and the ledger export: the 79-row Dongying ledger, bad rows, date forms, round trip."""

from __future__ import annotations

import base64
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.event import Event
from models.task import Task, TaskOrigin
from resolvers.ledger import transitions as t
from resolvers.ledger.ledger_rows import parse_date, parse_target
from tests.ledger.setup import gid, make_plan

FIXTURES = Path(__file__).parent / "fixtures"
IMPORT = """
mutation($input: ImportTasksInput!) {
  importTasks(input: $input) {
    importedCount plan { exportUrl }
    tasks { code title category dueOn leadUnits { code } coUnits { code } parent { code } responsibleLeader origin
            target { indicator targetValue unitOfMeasure } }
    userErrors { field message code }
  }
}
"""
HEADER = "序号,任务/举措,牵头单位,责任单位,完成时限,分类\n"


def _input(plan, content: bytes, fmt: str = "CSV") -> dict:  # type: ignore[no-untyped-def]
    return {
        "input": {"planId": gid(plan), "format": fmt, "contentBase64": base64.b64encode(content).decode()}
    }


async def test_the_dongying_ledger_imports_all_79_rows(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    content = (FIXTURES / "dongying_2024_2025.csv").read_bytes()
    payload = await gql.ok(IMPORT, _input(plan, content), as_="SUPERVISOR")
    assert payload["importedCount"] == 79
    by_code = {x["code"]: x for x in payload["tasks"]}
    assert by_code["2"]["leadUnits"] == [{"code": "DY.FGW"}, {"code": "DY.RSJ"}]
    assert by_code["2"]["coUnits"] == [{"code": "DY.HKQ"}, {"code": "DY.LJX"}]
    assert by_code["14"]["target"] == {"indicator": "实际网办率", "targetValue": 80.0, "unitOfMeasure": "%"}
    categories = [x["category"] for x in payload["tasks"]]
    assert [
        categories.count(c)
        for c in ("GOVERNMENT_SERVICE", "MARKET", "FACTORS", "OPENNESS", "SOCIAL", "RULE_OF_LAW")
    ] == [14, 18, 16, 10, 12, 9]
    assert await Task.filter(origin=TaskOrigin.LOCAL_INNOVATION).count() == 21
    assert await Task.filter(origin=TaskOrigin.PROVINCIAL_REQUIREMENT).count() == 58
    imported = await Event.get(subject_type="Plan", subject_id=plan.id, kind="TASKS_IMPORTED")
    assert imported.data == {"rows": 79, "format": "CSV"} and imported.actor == "test-supervisor"
    assert await Event.filter(subject_type="Task", kind="CREATED").count() == 79


async def test_one_bad_row_writes_nothing_and_names_the_row(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    content = (FIXTURES / "dongying_one_bad_row.csv").read_bytes()
    errors = await gql.refused(IMPORT, _input(plan, content))
    assert [(e["code"], e["field"]) for e in errors] == [
        ("INVALID_DATE", ["input", "rows", "42", "完成时限"])
    ]
    assert "第42行" in errors[0]["message"]
    assert await Task.all().count() == 0
    assert not await Event.exists(kind="TASKS_IMPORTED")


async def test_every_bad_row_is_reported(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    csv = HEADER + (
        "1,好任务,市审批局,,2024年12月底,政务环境\n"
        "2,未知单位,市审批局、火星局,东营区；土星区,2024年12月,市场环境\n"
        "3,坏分类,市审批局,,2024-12-31,宇宙环境\n"
        "4,,,,2024-12-31,\n"
        "1,重复序号,市审批局,,2024-12-31,法治环境\n"
        "5.1,缺上级,市审批局,,2024-12-31,法治环境\n"
    )
    errors = await gql.refused(IMPORT, _input(plan, csv.encode()))
    found = {(e["code"], *e["field"][2:]) for e in errors}
    assert found == {
        ("UNKNOWN_UNIT", "3", "牵头单位"),
        ("UNKNOWN_UNIT", "3", "责任单位"),
        ("INVALID_CATEGORY", "4", "分类"),
        ("REQUIRED", "5", "任务/举措"),
        ("REQUIRED", "5", "牵头单位"),
        ("REQUIRED", "5", "分类"),
        ("DUPLICATE_CODE", "6", "序号"),
        ("UNKNOWN_PARENT", "7", "序号"),
    }
    assert await Task.all().count() == 0


async def test_file_level_refusals(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    errors = await gql.refused(IMPORT, _input(plan, "序号,任务/举措\n1,x\n".encode()))
    assert errors[0]["code"] == "MISSING_COLUMN" and errors[0]["field"] == ["input", "columns", "牵头单位"]
    bad = {"input": {"planId": gid(plan), "format": "CSV", "contentBase64": "***"}}
    assert (await gql.refused(IMPORT, bad))[0]["code"] == "INVALID_FILE"
    assert (await gql.refused(IMPORT, _input(plan, b"not a workbook", "XLSX")))[0]["code"] == "INVALID_FILE"
    error = await gql.error(IMPORT, _input(plan, HEADER.encode()), as_="UNIT_OPERATOR")
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_sub_tasks_and_gbk_and_date_forms(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    csv = HEADER + (
        "1.2,子任务,市审批局,,2024年12月31日,政务环境\n"
        "1,主任务,东营区人民政府,,长期坚持,政务环境\n"
        "1.2.1,孙任务,东营区,,2025-06-30,政务环境\n"
    )
    payload = await gql.ok(IMPORT, _input(plan, csv.encode("gbk")))
    got = {x["code"]: (x["parent"], x["dueOn"]) for x in payload["tasks"]}
    assert got == {
        "1": (None, None),
        "1.2": ({"code": "1"}, "2024-12-31"),
        "1.2.1": ({"code": "1.2"}, "2025-06-30"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年12月底", date(2024, 12, 31)),
        ("2024年2月", date(2024, 2, 29)),
        ("2025年2月底", date(2025, 2, 28)),
        ("2024-12-31", date(2024, 12, 31)),
        ("2024/6/1", date(2024, 6, 1)),
        ("2024年12月31日", date(2024, 12, 31)),
        ("2024年底", date(2024, 12, 31)),
        ("长期坚持", None),
        ("持续推进", None),
        ("", None),
    ],
)
def test_date_forms(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["明年", "2024年13月", "12月底"])
def test_dates_not_understood(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_targets() -> None:
    assert parse_target("12345热线接通率95.5%") == ("12345热线接通率", 95.5, "%")
    assert parse_target("100") == (None, 100.0, None)


async def test_export_then_import_round_trips(gql, client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    content = (FIXTURES / "dongying_2024_2025.csv").read_bytes()
    first = await gql.ok(IMPORT, _input(plan, content))
    task = await Task.get(plan_id=plan.id, code="1")
    await t.report_progress(scope, t.ReportProgress(task.id, "已上线", 40))
    url = first["plan"]["exportUrl"]
    assert (await client.get(url)).status_code == 401
    response = await client.get(url, headers={"Authorization": f"Bearer {tokens['SUPERVISOR']}"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))[1:]  # below the plan's title row
    assert rows[0][-3:] == ("状态", "是否逾期", "最新进展")
    assert rows[1][:1] == ("1",) and rows[1][-3:] == ("推进中", "否", "40% 已上线")
    copy = await make_plan(scope, "东政办发〔2024〕2号")
    second = await gql.ok(IMPORT, _input(copy, response.content, "XLSX"))
    strip = lambda tasks: sorted(tasks, key=lambda x: x["code"])  # noqa: E731
    assert strip(second["tasks"]) == strip(first["tasks"])
