"""帮包责任人 ("一企一策一人"): assigning an enterprise's liaison cadre, its masking and filter, and the open
complaints of the cadre's enterprises in the cadre's unit's digest."""

from __future__ import annotations

from typing import Any

from jobs import digests
from jobs.runner import run_job
from models.enterprise import Enterprise
from models.event import Event
from models.settings import load_settings
from models.sql import Sql
from models.unit import Unit
from resolvers.demo import seed_demo
from resolvers.demo.complaints import LIAISONS
from tests.complaints.queries import CODES, WITHDRAW, dispatched, received, step
from tests.complaints.readme import readme_example
from tests.helpers import count_sql

ASSIGN = """
mutation($input: AssignLiaisonInput!) {
  assignLiaison(input: $input) {
    enterprise { id name version liaison { name phone unit { code } } }
    userErrors { field message code }
  }
}
"""
ENTERPRISES = """
query($f: EnterpriseFilter) {
  enterprises(filter: $f, first: 50) { totalCount nodes { name liaison { name phone unit { code } } } }
}
"""
DIGESTS = """
query($f: DigestFilter) {
  digests(filter: $f, first: 50) {
    nodes { recipientUnit { code } recipientRole summary { liaisonOpen newlyOverdue stillOverdue dueSoon }
            items { category kind subjectId unit { code } } }
  }
}
"""


def _assign(enterprise_id: str, unit: str = "DY.SPJ", **extra: Any) -> dict[str, Any]:
    return {
        "input": {
            "enterpriseId": enterprise_id,
            "name": "李卫国",
            "phone": "13805461234",
            "unitCode": unit,
            **extra,
        }
    }


async def _enterprise_id(gql: Any, ref: str, code: str) -> tuple[str, dict[str, Any]]:
    complaint = await received(gql, ref=ref, code=code)
    data = await gql(
        "query($s: String!) { complaint(serialNo: $s) { enterprise { id } } }", {"s": complaint["serialNo"]}
    )
    return data["complaint"]["enterprise"]["id"], complaint


async def test_the_office_assigns_a_liaison_and_viewers_see_it_masked(gql) -> None:  # type: ignore[no-untyped-def]
    enterprise_id, _ = await _enterprise_id(gql, "HL-1", CODES[0])
    before = (await gql(ENTERPRISES))["enterprises"]["nodes"]
    assert [e["liaison"] for e in before] == [None]
    payload = await gql.ok(ASSIGN, _assign(enterprise_id, expectedVersion=1), as_="SUPERVISOR")
    enterprise = payload["enterprise"]
    assert enterprise["liaison"] == {"name": "李卫国", "phone": "13805461234", "unit": {"code": "DY.SPJ"}}
    assert enterprise["version"] == 2
    assert await Event.filter(subject_type="Enterprise", kind="LIAISON_ASSIGNED").count() == 1
    viewed = (await gql(ENTERPRISES, as_="VIEWER"))["enterprises"]["nodes"]
    assert viewed[0]["liaison"] == {"name": "李**", "phone": "138****1234", "unit": {"code": "DY.SPJ"}}
    # Reassigned to another unit: the filter follows.
    await gql.ok(ASSIGN, _assign(enterprise_id, "DY.DYQ", name="张敏", phone=None), as_="ADMIN")
    assert (await gql(ENTERPRISES, {"f": {"liaisonUnitCode": "DY.SPJ"}}))["enterprises"]["totalCount"] == 0
    found = (await gql(ENTERPRISES, {"f": {"liaisonUnitCode": "DY.DYQ"}}))["enterprises"]["nodes"]
    assert found == [
        {
            "name": "东营某某化工有限公司",
            "liaison": {"name": "张敏", "phone": None, "unit": {"code": "DY.DYQ"}},
        }
    ]


async def test_refusals(gql) -> None:  # type: ignore[no-untyped-def]
    enterprise_id, _ = await _enterprise_id(gql, "HL-1", CODES[0])
    for role in ("HOTLINE", "UNIT_OPERATOR", "INSPECTOR", "VIEWER"):
        error = await gql.error(ASSIGN, _assign(enterprise_id), as_=role)
        assert error["extensions"]["code"] == "FORBIDDEN", role
    cases = [
        (_assign(enterprise_id, "NO.SUCH"), "UNKNOWN_UNIT", "unitCode"),
        (_assign(enterprise_id, name="  "), "REQUIRED", "name"),
        (_assign(enterprise_id, phone="call me"), "INVALID_PHONE", "phone"),
        (_assign(enterprise_id, expectedVersion=7), "STALE_VERSION", "expectedVersion"),
    ]
    for body, code, field in cases:
        (error,) = await gql.refused(ASSIGN, body)
        assert error["code"] == code and error["field"][-1] == field, error
    assert (await gql(ENTERPRISES))["enterprises"]["nodes"][0]["liaison"] is None


async def test_the_liaison_units_digest_lists_its_enterprises_open_complaints(gql, clock) -> None:  # type: ignore[no-untyped-def]
    first_id, open_one = await _enterprise_id(gql, "HL-1", CODES[0])
    handled = await dispatched(gql, "DY.DYQ.XD", ref="HL-2", code=CODES[0])
    gone = await received(gql, ref="HL-3", code=CODES[0])
    await step(gql, WITHDRAW, gone["id"], as_="HOTLINE", reason="企业撤回")
    second_id, second = await _enterprise_id(gql, "HL-4", CODES[1])
    _, unassigned = await _enterprise_id(gql, "HL-5", CODES[2])
    await gql.ok(ASSIGN, _assign(first_id, "DY.SPJ"))
    await gql.ok(ASSIGN, _assign(second_id, "DY.DYQ"))
    run = await run_job("digests", clock())
    assert run is not None and run.status.value == "SUCCEEDED", run and run.error
    daily = (await gql(DIGESTS, {"f": {"period": "DAILY"}}))["digests"]["nodes"]
    by_unit = {d["recipientUnit"]["code"]: d for d in daily if d["recipientUnit"]}
    spj = by_unit["DY.SPJ"]
    liaison = [i for i in spj["items"] if i["category"] == "LIAISON"]
    assert {i["subjectId"] for i in liaison} == {open_one["id"], handled["id"]}  # not the withdrawn one
    assert {i["kind"] for i in liaison} == {"LIAISON_OPEN_COMPLAINT"}
    assert {i["unit"]["code"] for i in liaison} == {"DY.SPJ"}
    assert spj["summary"]["liaisonOpen"] == 2 and spj["summary"]["newlyOverdue"] == 0
    dyq = [i["subjectId"] for i in by_unit["DY.DYQ"]["items"] if i["category"] == "LIAISON"]
    assert dyq == [second["id"]]
    every = {i["subjectId"] for d in daily for i in d["items"] if i["category"] == "LIAISON"}
    assert unassigned["id"] not in every and gone["id"] not in every
    # The office's roll-up stays about overdue work.
    office = next(d for d in daily if d["recipientRole"] == "SUPERVISOR")
    assert all(i["category"] != "LIAISON" for i in office["items"])


async def test_the_liaison_items_are_one_statement_for_all_units(gql, clock) -> None:  # type: ignore[no-untyped-def]
    """Set-based: the same number of statements whether one enterprise or four have a liaison."""

    async def statements(n: int) -> int:
        for i in range(n):
            enterprise_id, _ = await _enterprise_id(gql, f"HL-{n}-{i}", CODES[i])
            await gql.ok(ASSIGN, _assign(enterprise_id, ("DY.SPJ", "DY.DYQ", "DY.DYQ.XD", "DY.SPJ")[i]))
        with count_sql() as counter:
            assert len(await digests._liaison_open(Sql(load_settings().timezone, 8))) >= n
        return counter.count

    assert await statements(1) == await statements(4) == 1


async def test_demo_enterprises_have_liaisons_whose_units_get_their_open_complaints(app, clock) -> None:  # type: ignore[no-untyped-def]
    assert await seed_demo(clock())
    with_liaison = await Enterprise.filter(liaison_unit_id__isnull=False).values_list(
        "credit_code", flat=True
    )
    assert set(with_liaison) == set(LIAISONS)
    items = await digests._liaison_open(Sql(load_settings().timezone, 8))
    units = set(await Unit.filter(id__in={i["unitId"] for i in items}).values_list("code", flat=True))
    assert items and units <= {unit for _, _, unit in LIAISONS.values()}


async def test_the_readme_example_lists_a_units_enterprises(gql) -> None:  # type: ignore[no-untyped-def]
    enterprise_id, _ = await _enterprise_id(gql, "HL-1", CODES[0])
    await _enterprise_id(gql, "HL-2", CODES[1])
    await gql.ok(ASSIGN, _assign(enterprise_id, "DY.DYQ", name="刘振东"), as_="SUPERVISOR")
    answer = (await gql(readme_example("enterprises"), as_="VIEWER"))["enterprises"]
    assert answer == {
        "totalCount": 1,
        "nodes": [{"name": "东营某某化工有限公司", "liaison": {"name": "刘**"}}],
    }
