"""importTasks naming units: a short name within the plan's area first, else AMBIGUOUS_UNIT with the
candidates; 各乡镇 and 各县（市、区） as the area's units; "…等部门" kept as written; vague names refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.event import Event
from models.task import Task
from resolvers.access import SYSTEM
from resolvers.ledger import ledger_io
from tests.ledger.linyi import HEADER, IMPORT, import_input, plan_of, seed_linyi

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
async def linyi(units, scope) -> None:  # type: ignore[no-untyped-def]
    await seed_linyi(scope)


def _row(lead: str, co: str = "") -> bytes:
    return (HEADER + f"1,任务,{lead},{co},2024年12月底,政务环境\n").encode()


@pytest.mark.parametrize(("issuer", "expected"), [("FX", "FX.FGJ"), ("FX.YZB", "FX.FGJ"), ("YN", "YN.FGJ")])
async def test_a_short_name_resolves_within_the_plans_area(gql, scope, linyi, issuer, expected) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, issuer)
    payload = await gql.ok(IMPORT, import_input(plan, _row("县发改局", "县工信局")), as_="SUPERVISOR")
    (task,) = payload["tasks"]
    # FX.YZB is an office: its area is the county government above it
    assert task["leadUnits"] == [{"code": expected}]
    assert task["coUnits"] == [{"code": expected.replace("FGJ", "GXJ")}]


async def test_a_name_two_units_of_the_area_share_is_refused_with_the_candidates(gql, scope, linyi) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "LY")  # the city: both counties are inside its area
    errors = await gql.refused(IMPORT, import_input(plan, _row("县发改局", "市发改委")))
    assert [(e["code"], e["field"]) for e in errors] == [
        ("AMBIGUOUS_UNIT", ["input", "rows", "2", "牵头单位"])
    ]
    assert "费县发展和改革局（FX.FGJ）" in errors[0]["message"]
    assert "沂南县发展和改革局（YN.FGJ）" in errors[0]["message"]
    assert await Task.all().count() == 0 and not await Event.exists(kind="TASKS_IMPORTED")


async def test_outside_every_candidates_area_the_name_is_ambiguous(gql, scope, linyi) -> None:  # type: ignore[no-untyped-def]
    # no issuing unit: the importing supervisor's unit (东营) is the area, and neither bureau is in it
    plan = await plan_of(scope, None)
    errors = await gql.refused(IMPORT, import_input(plan, _row("县发改局")), as_="SUPERVISOR")
    assert [e["code"] for e in errors] == ["AMBIGUOUS_UNIT"] and "YN.FGJ" in errors[0]["message"]
    # a full name is never ambiguous, whatever the area
    payload = await gql.ok(IMPORT, import_input(plan, _row("沂南县发展和改革局")), as_="SUPERVISOR")
    assert payload["tasks"][0]["leadUnits"] == [{"code": "YN.FGJ"}]


async def test_each_township_of_the_area_and_the_cell_kept_as_written(gql, scope, linyi) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "FX")
    payload = await gql.ok(IMPORT, import_input(plan, _row("县行政审批服务局", "县工信局、各乡镇（街道）")))
    (task,) = payload["tasks"]
    assert task["coUnits"] == [{"code": c} for c in ("FX.GXJ", "FX.FC", "FX.TY", "FX.ZT")]  # not YN.JH
    assert task["description"] == "责任单位（原文）：县工信局、各乡镇（街道）"


async def test_each_county_of_a_city_plan(gql, scope, linyi) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "LY")
    payload = await gql.ok(IMPORT, import_input(plan, _row("市发改委", "各县（市、区）")))
    assert payload["tasks"][0]["coUnits"] == [{"code": "FX"}, {"code": "YN"}]


async def test_etc_links_the_named_units(gql, scope, linyi) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "FX")
    payload = await gql.ok(IMPORT, import_input(plan, _row("县营转办", "县发改局、县人社局等部门")))
    (task,) = payload["tasks"]
    assert task["coUnits"] == [{"code": "FX.FGJ"}, {"code": "FX.RSJ"}]
    assert task["description"] == "责任单位（原文）：县发改局、县人社局等部门"


async def test_vague_names_are_refused_saying_what_to_write(gql, scope, linyi) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, "FX")
    errors = await gql.refused(IMPORT, import_input(plan, _row("各有关部门", "火星局")))
    assert [(e["code"], e["field"][-1]) for e in errors] == [
        ("VAGUE_UNIT", "牵头单位"),
        ("UNKNOWN_UNIT", "责任单位"),
    ]
    assert "请逐一写出单位名称" in errors[0]["message"]
    assert await Task.all().count() == 0


async def test_townships_of_a_plan_without_an_area_are_refused(scope, linyi) -> None:  # type: ignore[no-untyped-def]
    plan = await plan_of(scope, None)  # and the system actor has no unit either
    cmd = ledger_io.ImportTasks(plan.id, "CSV", _row("县营转办", "各乡镇"))
    with pytest.raises(ledger_io.ImportRefused) as refused:
        await ledger_io.prepare_import(SYSTEM, cmd)
    assert [(e.code, e.field) for e in refused.value.errors] == [
        ("VAGUE_UNIT", ["input", "rows", "2", "责任单位"])
    ]


async def test_the_feixian_ledger_of_seed_003(gql, scope, linyi) -> None:  # type: ignore[no-untyped-def]
    """Its title rows, 等部门, 各乡镇, and the deadlines as the document writes them."""
    plan = await plan_of(scope, "FX")
    content = (FIXTURES / "feixian_2023_34.csv").read_bytes()
    payload = await gql.ok(IMPORT, import_input(plan, content), as_="SUPERVISOR")
    by_code = {t["code"]: t for t in payload["tasks"]}
    assert {c: t["dueOn"] for c, t in by_code.items()} == {
        "1": "2023-06-30",
        "2": "2023-12-31",
        "2.1": "2023-09-30",
        "2.2": "2023-12-31",
        "3": "2023-06-30",
        "4": "2023-12-31",
    }
    assert by_code["1"]["coUnits"] == [{"code": c} for c in ("FX.FGJ", "FX.GXJ", "FX.RSJ")]
    assert by_code["3"]["coUnits"] == [{"code": c} for c in ("FX.FC", "FX.TY", "FX.ZT")]
    assert by_code["2"]["description"] is None
