"""`tasks`: filters, orderings, pagination both ways, the unit operators' rows; Unit's task fields."""

from __future__ import annotations

from datetime import date

import pytest

from models.task import Milestone, Task, TaskCategory
from resolvers.ledger import actions
from resolvers.ledger import transitions as t
from schema.node import encode_id
from tests.helpers import count_sql
from tests.ledger.setup import gid, make_plan, make_task

TASKS = """
query($f: TaskFilter, $o: [TaskOrder!], $first: Int, $after: String, $last: Int, $before: String) {
  tasks(filter: $f, orderBy: $o, first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { code } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
UNIT_TASKS = """
query($code: String!) { unit(code: $code) {
  leadTasks(first: 10) { totalCount nodes { code } }
  coTasks(first: 10, filter: {status: [IN_PROGRESS]}) { totalCount nodes { code } }
  overdueCount } }
"""
UNITS_OVERDUE = "query($n: Int) { units(first: $n) { nodes { code overdueCount } } }"
NODE = "query($id: ID!) { node(id: $id) { ... on Task { code } } }"
WIDE = "query($n: Int) { tasks(first: $n) { nodes { code plan { title } leadUnits { code } coUnits { code } milestones { title } parent { code } } } }"

# code, category, lead, co, due
ROWS = [
    ("1", TaskCategory.GOVERNMENT_SERVICE, ["DY.SPJ"], ["DY.DYQ.XD"], date(2024, 6, 30)),
    ("2", TaskCategory.MARKET, ["DY.SJJ"], [], date(2024, 12, 31)),
    ("3", TaskCategory.MARKET, ["DY.DYQ"], ["DY.SPJ"], None),
    ("4", TaskCategory.FACTORS, ["DY.KLQ.KL"], ["DY.DYQ"], date(2024, 3, 31)),
    ("5", TaskCategory.RULE_OF_LAW, ["DY.SFJ"], ["DY.KLQ"], date(2025, 6, 30)),
    ("10", TaskCategory.OPENNESS, ["DY.DYQ.WH"], [], date(2024, 12, 31)),
    ("1.1", TaskCategory.GOVERNMENT_SERVICE, ["DY.SPJ"], [], date(2024, 5, 31)),
]


@pytest.fixture
async def ledger(scope, units):  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    made = {}
    for code, category, lead, co, due in ROWS:
        parent = made.get(code.rsplit(".", 1)[0]) if "." in code else None
        made[code] = await make_task(
            scope,
            plan,
            code,
            title=f"举措{code}：优化服务",
            category=category,
            lead_unit_codes=lead,
            co_unit_codes=co,
            due_on=due,
            parent_id=parent.id if parent else None,
        )
    for code in ("2", "3"):
        await t.start_task(scope, t.TaskTransition(made[code].id))
    # What the overdue job writes.
    await Task.filter(id__in=[made["4"].id, made["1"].id]).update(is_overdue=True)
    await actions.add_milestone(scope, actions.AddMilestone(made["3"].id, "试点", date(2024, 3, 1)))
    await Milestone.filter(task_id=made["3"].id).update(is_overdue=True)
    return plan, made


async def _codes(gql, f=None, o=None, as_="ADMIN", **page) -> list[str]:  # type: ignore[no-untyped-def]
    data = await gql(TASKS, {"f": f, "o": o, "first": 100, **page}, as_=as_)
    return [n["code"] for n in data["tasks"]["nodes"]]


async def test_filters(gql, ledger) -> None:  # type: ignore[no-untyped-def]
    plan, made = ledger
    assert await _codes(gql) == ["1", "1.1", "2", "3", "4", "5", "10"]
    assert await _codes(gql, {"planId": gid(plan), "category": ["MARKET", "FACTORS"]}) == ["2", "3", "4"]
    assert await _codes(gql, {"status": ["IN_PROGRESS"]}) == ["2", "3"]
    assert await _codes(gql, {"topLevel": True}) == ["1", "2", "3", "4", "5", "10"]
    assert await _codes(gql, {"parentId": gid(made["1"])}) == ["1.1"]
    assert await _codes(gql, {"leadUnitCode": "DY.DYQ"}) == ["3", "10"]
    assert await _codes(gql, {"leadUnitCode": "DY.DYQ", "includeDescendants": False}) == ["3"]
    assert await _codes(gql, {"coUnitCode": "DY.DYQ"}) == ["1", "4"]
    assert await _codes(gql, {"unitCode": "DY.DYQ"}) == ["1", "3", "4", "10"]
    assert await _codes(gql, {"unitCode": "DY.KLQ"}) == ["4", "5"]
    assert await _codes(gql, {"unitCode": "NOPE"}) == []
    assert await _codes(gql, {"dueBefore": "2024-06-30"}) == ["1", "1.1", "4"]
    assert await _codes(gql, {"dueAfter": "2024-12-31"}) == ["2", "5", "10"]
    assert await _codes(gql, {"overdue": True}) == ["1", "4"]
    assert await _codes(gql, {"titleContains": "举措1"}) == ["1", "1.1", "10"]


async def test_orderings(gql, ledger) -> None:  # type: ignore[no-untyped-def]
    due_asc = await _codes(gql, o=[{"field": "DUE_ON"}])
    assert due_asc == ["4", "1.1", "1", "2", "10", "5", "3"]  # undated last, ties by id
    assert await _codes(gql, o=[{"field": "DUE_ON", "direction": "DESC"}]) == [
        "5",
        "2",
        "10",
        "1",
        "1.1",
        "4",
        "3",
    ]
    assert await _codes(gql, o=[{"field": "CODE", "direction": "DESC"}]) == [
        "10",
        "5",
        "4",
        "3",
        "2",
        "1.1",
        "1",
    ]
    assert (await _codes(gql, o=[{"field": "UPDATED_AT", "direction": "DESC"}]))[:2] in (
        ["3", "2"],
        ["2", "3"],
    )
    two = [{"field": "DUE_ON", "direction": "DESC"}, {"field": "CODE", "direction": "DESC"}]
    assert await _codes(gql, o=two) == ["5", "10", "2", "1", "1.1", "4", "3"]


async def test_pages_forward_and_backward(gql, ledger) -> None:  # type: ignore[no-untyped-def]
    order = [{"field": "DUE_ON"}]
    f = {"topLevel": True}
    seen, after = [], None
    while True:
        page = (await gql(TASKS, {"f": f, "o": order, "first": 4, "after": after}))["tasks"]
        assert page["totalCount"] == 6
        seen += [n["code"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["4", "1", "2", "10", "5", "3"]
    back, before = [], None
    while True:
        page = (await gql(TASKS, {"f": f, "o": order, "last": 4, "before": before}))["tasks"]
        assert page["totalCount"] == 6
        back = [n["code"] for n in page["nodes"]] + back
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert back == seen


async def test_unit_operator_sees_only_its_subtrees_tasks(gql, ledger) -> None:  # type: ignore[no-untyped-def]
    _, made = ledger
    data = await gql(TASKS, {"first": 2}, as_="UNIT_OPERATOR")
    assert data["tasks"]["totalCount"] == 4
    assert await _codes(gql, as_="UNIT_OPERATOR") == ["1", "3", "4", "10"]
    assert await _codes(gql, {"category": ["MARKET"]}, as_="UNIT_OPERATOR") == ["3"]
    assert (await gql(NODE, {"id": gid(made["1"])}, as_="UNIT_OPERATOR"))["node"] == {"code": "1"}
    # Another unit's task is answered exactly as a missing one: null, no error.
    assert (await gql(NODE, {"id": gid(made["2"])}, as_="UNIT_OPERATOR"))["node"] is None


async def test_unit_lead_and_co_tasks_and_overdue_count(gql, ledger) -> None:  # type: ignore[no-untyped-def]
    dyq = (await gql(UNIT_TASKS, {"code": "DY.DYQ"}))["unit"]
    assert dyq["leadTasks"] == {"totalCount": 1, "nodes": [{"code": "3"}]}
    assert dyq["coTasks"] == {"totalCount": 0, "nodes": []}  # task 4 is not in progress
    # overdueCount reads the overdue job's flags (tests/jobs/test_overdue.py); none are written here.
    assert dyq["overdueCount"] == 0
    with count_sql() as two_units:
        await gql(UNITS_OVERDUE, {"n": 2})
    with count_sql() as all_units:
        await gql(UNITS_OVERDUE, {"n": 100})
    assert all_units.count == two_units.count


UNITS_TASKS = """
query($n: Int, $first: Int, $after: String) { units(first: $n) { nodes { code
  leadTasks(first: $first, after: $after) { totalCount nodes { code } pageInfo { hasNextPage endCursor } }
  coTasks(first: $first) { totalCount nodes { code } } } } }
"""


def _tasks(units: list[dict], code: str, field: str) -> list[str]:
    (unit,) = [u for u in units if u["code"] == code]
    return [n["code"] for n in unit[field]["nodes"]]


async def test_a_page_of_units_reads_their_tasks_in_one_batch(gql, ledger) -> None:  # type: ignore[no-untyped-def]
    units = (await gql(UNITS_TASKS, {"n": 100, "first": 10}))["units"]["nodes"]
    assert _tasks(units, "DY.SPJ", "leadTasks") == ["1", "1.1"]  # by code
    assert _tasks(units, "DY.SPJ", "coTasks") == ["3"]
    assert _tasks(units, "DY.KLQ.KL", "leadTasks") == ["4"]
    assert _tasks(units, "DY.SJJ", "coTasks") == []
    # Each unit's answer is the one it gives alone.
    for code in ("DY.SPJ", "DY.DYQ", "DY.KLQ", "DY.DYQ.WH"):
        (unit,) = [u for u in units if u["code"] == code]
        alone = (await gql(UNIT_TASKS, {"code": code}))["unit"]
        assert unit["leadTasks"]["totalCount"] == alone["leadTasks"]["totalCount"]
        assert unit["leadTasks"]["nodes"] == alone["leadTasks"]["nodes"]
    # A page per unit, the cursor continuing it.
    paged = (await gql(UNITS_TASKS, {"n": 100, "first": 1}))["units"]["nodes"]
    (spj,) = [u for u in paged if u["code"] == "DY.SPJ"]
    assert spj["leadTasks"]["nodes"] == [{"code": "1"}] and spj["leadTasks"]["pageInfo"]["hasNextPage"]
    assert spj["leadTasks"]["totalCount"] == 2
    after = spj["leadTasks"]["pageInfo"]["endCursor"]
    rest = (await gql(UNITS_TASKS, {"n": 100, "first": 1, "after": after}))["units"]["nodes"]
    assert _tasks(rest, "DY.SPJ", "leadTasks") == ["1.1"]
    # The unit operator (东营区) reads only its subtree's tasks, under any unit.
    seen = (await gql(UNITS_TASKS, {"n": 100, "first": 10}, as_="UNIT_OPERATOR"))["units"]["nodes"]
    assert _tasks(seen, "DY.SPJ", "leadTasks") == ["1"]  # 1.1 has no unit under 东营区
    # Statements do not grow with the number of units (each page of units holds some tasks).
    with count_sql() as few:
        few_units = (await gql(UNITS_TASKS, {"n": 5, "first": 10}))["units"]["nodes"]
    with count_sql() as hundred:
        await gql(UNITS_TASKS, {"n": 100, "first": 10})
    assert any(u["leadTasks"]["nodes"] for u in few_units)
    assert hundred.count == few.count
    error = await gql.error(UNITS_TASKS, {"n": 5, "first": 500})
    assert error["extensions"]["code"] == "INVALID_PAGE_SIZE"


PLANS = "query($after: String) { plans(first: 1, after: $after) { totalCount nodes { docNumber } pageInfo { endCursor } } }"
MILESTONE = "query($id: ID!) { node(id: $id) { ... on Milestone { title task { code } } } }"


async def test_plans_page_and_milestone_nodes(gql, scope, ledger) -> None:  # type: ignore[no-untyped-def]
    await make_plan(scope, "东政办发〔2025〕3号")
    first = (await gql(PLANS))["plans"]
    second = (await gql(PLANS, {"after": first["pageInfo"]["endCursor"]}))["plans"]
    assert first["totalCount"] == 2
    assert {first["nodes"][0]["docNumber"], second["nodes"][0]["docNumber"]} == {
        "东政办发〔2024〕1号",
        "东政办发〔2025〕3号",
    }
    _, made = ledger
    visible = await Milestone.get(task_id=made["3"].id)
    await actions.add_milestone(scope, actions.AddMilestone(made["2"].id, "验收", date(2024, 9, 30)))
    hidden = await Milestone.get(task_id=made["2"].id)
    node = (await gql(MILESTONE, {"id": encode_id("Milestone", visible.id)}, as_="UNIT_OPERATOR"))["node"]
    assert node == {"title": "试点", "task": {"code": "3"}}
    assert (await gql(MILESTONE, {"id": encode_id("Milestone", hidden.id)}, as_="UNIT_OPERATOR"))[
        "node"
    ] is None


async def _add_tasks(scope, plan, n: int, start: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(start, start + n):
        task = await make_task(
            scope, plan, str(i), lead_unit_codes=["DY.SPJ", "DY.DYQ"], co_unit_codes=["DY.KLQ"]
        )
        await actions.add_milestone(scope, actions.AddMilestone(task.id, f"节点{i}", date(2024, 6, 30)))


async def test_sql_statements_do_not_grow_with_the_page(gql, scope, units) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    await _add_tasks(scope, plan, 10, 100)
    await gql(WIDE, {"n": 100})  # the token's first request reads it (later ones: the cache epoch only)
    with count_sql() as ten:
        data = await gql(WIDE, {"n": 100})
    assert len(data["tasks"]["nodes"]) == 10
    await _add_tasks(scope, plan, 90, 200)
    with count_sql() as hundred:
        data = await gql(WIDE, {"n": 100})
    assert len(data["tasks"]["nodes"]) == 100
    assert data["tasks"]["nodes"][0]["leadUnits"] == [{"code": "DY.SPJ"}, {"code": "DY.DYQ"}]
    assert hundred.count == ten.count
