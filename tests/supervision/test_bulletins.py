"""Bulletins: gap-free numbering per year under concurrent publishes, generated drafts, refusals, roles."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

PUBLISH = """
mutation($input: PublishBulletinInput!) {
  publishBulletin(input: $input) { bulletin { id year number kind title body cited } userErrors { code field } }
}
"""
OPEN = """
mutation($input: OpenSupervisionItemInput!) {
  openSupervisionItem(input: $input) { supervisionItem { serial } userErrors { code } }
}
"""
LIST = "query { bulletins(first: 100) { nodes { year number } } }"


async def test_concurrent_publishes_get_consecutive_numbers(gql) -> None:  # type: ignore[no-untyped-def]
    inputs = [{"kind": "REGULAR", "title": f"第{i}号", "body": "正文"} for i in range(8)]
    results = await asyncio.gather(*(gql.ok(PUBLISH, {"input": i}, as_="SUPERVISOR") for i in inputs))
    numbers = sorted(r["bulletin"]["number"] for r in results)
    assert numbers == list(range(1, 9))
    listed = (await gql(LIST))["bulletins"]["nodes"]
    assert [n["number"] for n in listed] == list(range(8, 0, -1))


async def test_a_refused_publish_takes_no_number_and_years_restart(gql, clock) -> None:  # type: ignore[no-untyped-def]
    assert (await gql.ok(PUBLISH, {"input": {"kind": "REGULAR", "title": "一", "body": "x"}}))["bulletin"][
        "number"
    ] == 1
    errors = await gql.refused(PUBLISH, {"input": {"kind": "REGULAR", "title": "二", "body": " "}})
    assert errors[0]["code"] == "REQUIRED"
    second = (await gql.ok(PUBLISH, {"input": {"kind": "CRITICISM", "title": "二", "body": "x"}}))["bulletin"]
    assert (second["year"], second["number"]) == (2026, 2)
    clock.set(datetime(2027, 1, 5, 2, tzinfo=UTC))
    first = (await gql.ok(PUBLISH, {"input": {"kind": "REGULAR", "title": "新年", "body": "x"}}))["bulletin"]
    assert (first["year"], first["number"]) == (2027, 1)


async def test_generated_draft_lists_overdue_items(gql, clock) -> None:  # type: ignore[no-untyped-def]
    item = {"title": "审批超时", "responsibleUnitCode": "DY.SPJ", "dueOn": "2026-11-25", "source": "OTHER"}
    serial = (await gql.ok(OPEN, {"input": item}))["supervisionItem"]["serial"]
    clock.set(datetime(2026, 11, 30, 2, tzinfo=UTC))
    draft = {
        "kind": "REGULAR",
        "title": "11月督办通报",
        "periodStart": "2026-11-01",
        "periodEnd": "2026-11-30",
        "generateDraft": True,
        "body": "请各单位抓紧整改。",
    }
    bulletin = (await gql.ok(PUBLISH, {"input": draft}))["bulletin"]
    assert serial in bulletin["body"] and "东营市行政审批服务局" in bulletin["body"]
    assert bulletin["body"].endswith("请各单位抓紧整改。")
    assert bulletin["cited"]["overdueItems"] == [serial]
    errors = await gql.refused(PUBLISH, {"input": {**draft, "periodStart": None}})
    assert errors[0]["code"] == "REQUIRED"
    errors = await gql.refused(PUBLISH, {"input": {**draft, "periodEnd": "2026-10-01"}})
    assert errors[0]["code"] == "INVALID_DATES"


async def test_only_the_office_publishes(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(
        PUBLISH, {"input": {"kind": "REGULAR", "title": "x", "body": "x"}}, as_="INSPECTOR"
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(LIST))["bulletins"]["nodes"] == []


async def test_the_draft_ranking_section_ranks_counties_by_on_time_completion(scope, units) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from resolvers.demo import complaints
    from resolvers.supervision.bulletins import unit_ranking_section

    await complaints.seed(scope)
    lines = await unit_ranking_section(date(2026, 10, 1), date(2026, 11, 30))
    assert lines and lines[0].startswith("第1名 ")
    assert all("按时办结率" in line for line in lines)
    assert not any("市审批局" in line for line in lines)  # departments are not county-level
