"""The issue's chains end to end through the API: complaint → breaches → reopen → escalation → supervision
item → rejected rectification → clue → case → sanctions → recommendation; and an overdue task escalated."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from jobs.runner import run_job
from tests.complaints.queries import CONTACT, REOPEN, REPLY, RESOLVE, VISIT, dispatched, step
from tests.ledger.setup import gid, make_plan, make_task
from tests.trace.test_trace import FILE, RECOMMEND, SANCTION, SUBMIT, TRACE, TRANSFER, VERIFY

ESCALATE_ITEM = """
mutation($input: EscalateComplaintInput!) {
  escalateComplaint(input: $input) { supervisionItem { id } userErrors { code } }
}
"""
OPEN_ITEM = """
mutation($input: OpenSupervisionItemInput!) {
  openSupervisionItem(input: $input) { supervisionItem { id } userErrors { code field } }
}
"""
DISCIPLINE = {"TRANSFERRED", "FILED", "DECIDED", "ISSUED"}
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _job(name: str, clock) -> None:  # type: ignore[no-untyped-def]
    run = await run_job(name, clock())
    assert run is not None and run.status.value == "SUCCEEDED", run and run.error


async def _discipline(gql, clock, item_id: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Rejected rectification → clue → case → FORM_1 and FORM_2 sanctions → recommendation, within today."""
    ids: dict[str, str] = {}
    day = clock().astimezone(SHANGHAI).date().isoformat()
    await gql.ok(SUBMIT, {"input": {"itemId": item_id, "text": "已约谈企业并制定方案"}}, as_="UNIT_OPERATOR")
    clock.advance(hours=2)
    await gql.ok(
        VERIFY, {"input": {"itemId": item_id, "accept": False, "reason": "问题未解决"}}, as_="SUPERVISOR"
    )
    clock.advance(hours=2)
    clue = {
        "source": "SUPERVISION_ITEM",
        "summary": "推诿扯皮、慢作为",
        "receivedOn": day,
        "originIds": [item_id],
    }
    ids["clue"] = (await gql.ok(TRANSFER, {"input": clue}, as_="INSPECTOR"))["clue"]["id"]
    clock.advance(hours=1)
    filed = {"clueId": ids["clue"], "title": "某街道办理企业诉求慢作为案", "filedOn": day}
    ids["case"] = (await gql.ok(FILE, {"input": filed}, as_="INSPECTOR"))["case"]["id"]
    for n, (form, measure) in enumerate((("FORM_1", "诫勉"), ("FORM_2", "警告"))):
        clock.advance(minutes=30)
        sanction = {
            "caseId": ids["case"],
            "form": form,
            "decidedOn": day,
            "documentNo": f"东纪〔2026〕{n + 7}号",
            "personName": f"干部{n}",
            "measure": measure,
        }
        await gql.ok(SANCTION, {"input": sanction}, as_="INSPECTOR")
    clock.advance(hours=1)
    rec = {
        "caseId": ids["case"],
        "unitCode": "DY.DYQ.XD",
        "content": "建立诉求办理台账",
        "replyDueOn": "2026-12-31",
    }
    ids["recommendation"] = (await gql.ok(RECOMMEND, {"input": rec}, as_="INSPECTOR"))["case"][
        "recommendations"
    ][0]["id"]
    return ids


async def test_a_complaint_chain_traced_from_either_end(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql, unit="DY.DYQ.XD")  # Tuesday 2026-11-24 10:00, "2110"
    clock.advance(hours=3)
    await _job("overdue", clock)  # contact deadline (12:00) missed: breach 1
    clock.advance(days=1, hours=2)
    await _job("overdue", clock)  # first reply (end of Wednesday) ... still due: contact only
    clock.advance(days=1)
    await _job("overdue", clock)  # Thursday: the reply deadline has passed: breach 2
    cid = complaint["id"]
    for doc in (CONTACT, REPLY):
        await step(gql, doc, cid)
    await step(gql, RESOLVE, cid, handlingResult="已协调排水", isReasonable=True)
    await step(gql, VISIT, cid, as_="HOTLINE", satisfaction="UNSATISFIED", problemSolved=False)
    await step(gql, REOPEN, cid, as_="HOTLINE", reason="企业反映积水仍未排除")
    clock.advance(hours=1)
    item = await gql.ok(
        ESCALATE_ITEM, {"input": {"complaintId": cid, "reason": "重办仍不满意"}}, as_="SUPERVISOR"
    )
    ids = await _discipline(gql, clock, item["supervisionItem"]["id"])

    from_complaint = (await gql(TRACE, {"id": cid}, as_="INSPECTOR"))["trace"]
    from_end = (await gql(TRACE, {"id": ids["recommendation"]}, as_="INSPECTOR"))["trace"]
    types = sorted(n["__typename"] for n in from_complaint["nodes"])
    assert types == sorted(
        ["Complaint", "SupervisionItem", "Clue", "Case", "Sanction", "Sanction", "Recommendation"]
    )
    assert {n["id"] for n in from_complaint["nodes"]} == {n["id"] for n in from_end["nodes"]}
    timeline = from_complaint["timeline"]
    assert timeline == from_end["timeline"]
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
    kinds = [e["kind"] for e in timeline]
    assert kinds.count("BREACH_DETECTED") == 2
    assert (
        kinds.index("BREACH_DETECTED")
        < kinds.index("REOPEN")
        < kinds.index("ESCALATE")
        < kinds.index("TRANSFERRED")
    )
    assert {"RECTIFICATION_REJECTED", *DISCIPLINE} <= set(kinds)

    supervisor = (await gql(TRACE, {"id": cid}, as_="SUPERVISOR"))["trace"]
    assert sorted(n["__typename"] for n in supervisor["nodes"]) == ["Complaint", "SupervisionItem"]
    assert [e["relation"] for e in supervisor["edges"]] == ["ESCALATED_TO"]
    assert not {e["kind"] for e in supervisor["timeline"]} & DISCIPLINE


async def test_an_overdue_task_escalated_and_reminded(gql, clock, scope, units) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    task = await make_task(scope, plan, "3", lead_unit_codes=["DY.DYQ.XD"], due_on=date(2026, 11, 20))
    await _job("overdue", clock)  # Tuesday 11-24: overdue since the end of Friday 11-20
    await _job("digests", clock)  # the unit is reminded in its digests
    body = {
        "title": "一网通办事项逾期未完成",
        "responsibleUnitCode": "DY.DYQ.XD",
        "dueOn": "2026-12-04",
        "source": "OVERDUE_TASK",
        "level": "KEY",
        "originIds": [gid(task)],
    }
    item = (await gql.ok(OPEN_ITEM, {"input": body}, as_="SUPERVISOR"))["supervisionItem"]["id"]
    ids = await _discipline(gql, clock, item)
    trace = (await gql(TRACE, {"id": gid(task)}, as_="INSPECTOR"))["trace"]
    assert {n["__typename"] for n in trace["nodes"]} >= {
        "Task",
        "SupervisionItem",
        "Clue",
        "Case",
        "Recommendation",
    }
    assert ids["case"] in {n["id"] for n in trace["nodes"]}
    kinds = [e["kind"] for e in trace["timeline"]]
    assert kinds.index("BREACH_DETECTED") < kinds.index("REMINDED") < kinds.index("TRANSFERRED")
