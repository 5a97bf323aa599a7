"""createPlan, createTask, updateTask: success, sub-task trees, every refusal, the forbidden case."""

from __future__ import annotations

import pytest

from models.event import Event
from models.task import Task
from tests.ledger.setup import gid, make_plan, make_task

CREATE_PLAN = """
mutation($input: CreatePlanInput!) {
  createPlan(input: $input) { plan { id title docNumber issuingUnit { code } periodEnd } userErrors { field code } }
}
"""
CREATE = """
mutation($input: CreateTaskInput!) {
  createTask(input: $input) {
    task { id code title category origin status dueOn responsibleLeader version
           plan { docNumber } parent { code } leadUnits { code } coUnits { code }
           target { indicator targetValue unitOfMeasure actualValue } }
    userErrors { field message code }
  }
}
"""
UPDATE = """
mutation($input: UpdateTaskInput!) {
  updateTask(input: $input) {
    task { code title dueOn version leadUnits { code } coUnits { code } events { kind data } }
    userErrors { field message code }
  }
}
"""
TREE = """
query($id: ID!) { node(id: $id) { ... on Task { code subtasks { totalCount nodes { code subtasks { nodes { code parent { code } } } } } } } }
"""


async def test_create_plan(gql) -> None:  # type: ignore[no-untyped-def]
    plan = {
        "title": "费县优化营商环境书记攻坚项目工作方案",
        "docNumber": "费政办字〔2023〕34号",
        "issuingUnitCode": "DY",
        "periodStart": "2023-06-01",
        "periodEnd": "2023-12-31",
    }
    payload = await gql.ok(CREATE_PLAN, {"input": plan}, as_="SUPERVISOR")
    assert payload["plan"]["docNumber"] == "费政办字〔2023〕34号"
    assert payload["plan"]["issuingUnit"] == {"code": "DY"}
    errors = await gql.refused(CREATE_PLAN, {"input": plan}, as_="SUPERVISOR")
    assert errors[0]["code"] == "DUPLICATE_DOC_NUMBER"


@pytest.mark.parametrize(
    ("patch", "code", "field"),
    [
        ({"title": " "}, "REQUIRED", ["input", "title"]),
        ({"periodEnd": "2022-01-01"}, "INVALID_PERIOD", ["input", "periodEnd"]),
        ({"issuingUnitCode": "NOPE"}, "UNKNOWN_UNIT", ["input", "issuingUnitCode", "0"]),
    ],
)
async def test_create_plan_refusals(gql, patch, code, field) -> None:  # type: ignore[no-untyped-def]
    plan = {"title": "行动计划", "periodStart": "2024-01-01", **patch}
    errors = await gql.refused(CREATE_PLAN, {"input": plan})
    assert (errors[0]["code"], errors[0]["field"]) == (code, field)


async def test_viewer_cannot_create_a_plan(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(CREATE_PLAN, {"input": {"title": "x"}}, as_="VIEWER")
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_create_task_with_units_target_and_event(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task_input = {
        "planId": gid(plan),
        "code": "1",
        "title": "提升网办率",
        "category": "GOVERNMENT_SERVICE",
        "origin": "PROVINCIAL_REQUIREMENT",
        "leadUnitCodes": ["DY.SPJ", "DY.FGW"],
        "coUnitCodes": ["DY.DYQ", "DY.SPJ"],
        "responsibleLeader": "张作霞",
        "dueOn": "2024-12-31",
        "target": {"indicator": "实际网办率", "targetValue": 80, "unitOfMeasure": "%"},
    }
    task = (await gql.ok(CREATE, {"input": task_input}, as_="SUPERVISOR"))["task"]
    assert task["leadUnits"] == [{"code": "DY.SPJ"}, {"code": "DY.FGW"}]
    assert task["coUnits"] == [{"code": "DY.DYQ"}]  # a lead unit is not also a co unit
    assert task["target"] == {
        "indicator": "实际网办率",
        "targetValue": 80.0,
        "unitOfMeasure": "%",
        "actualValue": None,
    }
    assert (task["status"], task["origin"], task["plan"]["docNumber"]) == (
        "NOT_STARTED",
        "PROVINCIAL_REQUIREMENT",
        "东政办发〔2024〕1号",
    )
    event = await Event.get(subject_type="Task", kind="CREATED")
    assert event.data["lead"] == ["DY.SPJ", "DY.FGW"]
    assert event.actor == "test-supervisor"


async def test_subtask_tree_of_any_depth(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    root = await make_task(scope, plan, "1")
    child = await make_task(scope, plan, "1.2", parent_id=root.id)
    await make_task(scope, plan, "1.10", parent_id=root.id)
    await make_task(scope, plan, "1.2.1", parent_id=child.id)
    tree = (await gql(TREE, {"id": gid(root)}))["node"]
    assert tree["subtasks"]["totalCount"] == 2
    assert [n["code"] for n in tree["subtasks"]["nodes"]] == ["1.2", "1.10"]
    assert tree["subtasks"]["nodes"][0]["subtasks"]["nodes"] == [{"code": "1.2.1", "parent": {"code": "1.2"}}]


async def test_create_task_refusals_write_nothing(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    other = await make_plan(scope, "其他〔2024〕2号")
    foreign_parent = await make_task(scope, other, "9")
    await make_task(scope, plan, "1")
    base = {"planId": gid(plan), "title": "新任务", "category": "MARKET", "leadUnitCodes": ["DY.SJJ"]}
    cases = [
        ({"title": ""}, "REQUIRED", ["input", "title"]),
        ({"leadUnitCodes": []}, "REQUIRED", ["input", "leadUnitCodes"]),
        ({"leadUnitCodes": ["DY.SJJ", "NOPE"]}, "UNKNOWN_UNIT", ["input", "leadUnitCodes", "1"]),
        ({"coUnitCodes": ["NOPE"]}, "UNKNOWN_UNIT", ["input", "coUnitCodes", "0"]),
        ({"code": "1"}, "DUPLICATE_CODE", ["input", "code"]),
        ({"parentId": gid(foreign_parent)}, "PARENT_NOT_IN_PLAN", ["input", "parentId"]),
        ({"parentId": gid(Task(id=999))}, "NOT_FOUND", ["input", "parentId"]),
        ({"planId": gid(type(plan)(id=999))}, "NOT_FOUND", ["input", "planId"]),
    ]
    for patch, code, field in cases:
        errors = await gql.refused(CREATE, {"input": {**base, **patch}})
        assert (errors[0]["code"], errors[0]["field"]) == (code, field), patch
    assert await Task.all().count() == 2


@pytest.mark.parametrize("role", ["VIEWER", "UNIT_OPERATOR", "HOTLINE", "INSPECTOR"])
async def test_only_the_office_creates_tasks(gql, scope, role) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task_input = {"planId": gid(plan), "title": "x", "category": "MARKET", "leadUnitCodes": ["DY.DYQ"]}
    error = await gql.error(CREATE, {"input": task_input}, as_=role)
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await Task.all().count() == 0


async def test_update_task_replaces_units_and_records_before_after(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1", co_unit_codes=["DY.DYQ"])
    change = {
        "id": gid(task),
        "expectedVersion": 1,
        "title": "新名称",
        "dueOn": "2025-06-30",
        "leadUnitCodes": ["DY.SJJ"],
        "code": "2",
    }
    updated = (await gql.ok(UPDATE, {"input": change}))["task"]
    assert (updated["code"], updated["title"], updated["dueOn"], updated["version"]) == (
        "2",
        "新名称",
        "2025-06-30",
        2,
    )
    assert updated["leadUnits"] == [{"code": "DY.SJJ"}] and updated["coUnits"] == [{"code": "DY.DYQ"}]
    event = updated["events"][-1]
    assert event["kind"] == "UPDATED"
    assert event["data"]["before"]["title"] == "任务 1" and event["data"]["after"]["due_on"] == "2025-06-30"
    assert event["data"]["before"]["units"]["lead"] == ["DY.SPJ"]
    cleared = (await gql.ok(UPDATE, {"input": {"id": gid(task), "clearDueOn": True}}))["task"]
    assert cleared["dueOn"] is None


async def test_update_task_refusals(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "1")
    await make_task(scope, plan, "2")
    cases = [
        ({"expectedVersion": 7}, "STALE_VERSION"),
        ({"code": "2"}, "DUPLICATE_CODE"),
        ({"title": " "}, "REQUIRED"),
        ({"leadUnitCodes": []}, "REQUIRED"),
        ({"coUnitCodes": ["NOPE"]}, "UNKNOWN_UNIT"),
    ]
    for patch, code in cases:
        errors = await gql.refused(UPDATE, {"input": {"id": gid(task), **patch}})
        assert errors[0]["code"] == code, patch
    errors = await gql.refused(UPDATE, {"input": {"id": gid(Task(id=999)), "title": "x"}})
    assert errors[0]["code"] == "NOT_FOUND"
    assert (await Task.get(id=task.id)).version == 1
