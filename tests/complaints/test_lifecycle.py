"""A complaint's whole life through HTTP: dispatch, return and re-dispatch, stages, visits, reopen twice."""

from __future__ import annotations

from tests.complaints.queries import (
    BY_SERIAL,
    CONTACT,
    DISPATCH,
    REOPEN,
    REPLY,
    RESOLVE,
    RETURN,
    VISIT,
    dispatched,
    received,
    resolved,
    step,
)


async def test_dispatch_sets_the_2110_clocks_on_the_working_day_calendar(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)  # Tuesday 2026-11-24 10:00 Shanghai
    assert complaint["status"] == "DISPATCHED"
    assert complaint["serialNo"] == "QY202611240001"
    assert complaint["slaPolicy"] == {"code": "2110"}
    assert complaint["handlingUnit"] == {"code": "DY.DYQ.XD"}
    assert complaint["contactDueAt"] == "2026-11-24T04:00:00+00:00"
    assert complaint["replyDueAt"] == "2026-11-25T16:00:00+00:00"  # end of Wednesday, Shanghai
    assert complaint["resolveDueAt"] == "2026-12-08T16:00:00+00:00"  # 10 working days
    assert complaint["deadlineProvisional"] is False


async def test_the_2115_policy_gives_fifteen_working_days(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await received(gql)
    payload = await gql.ok(
        DISPATCH,
        {"input": {"complaintId": complaint["id"], "unitCode": "DY.SPJ", "policyCode": "2115"}},
        as_="ADMIN",
    )
    assert payload["complaint"]["resolveDueAt"] == "2026-12-15T16:00:00+00:00"


async def test_return_then_redispatch_restarts_the_clocks_and_keeps_history(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql, unit="DY.DYQ.XD")
    clock.advance(hours=1)
    back = await step(gql, RETURN, complaint["id"], reason="不属于本街道职责，应由市住建局办理")
    assert back["status"] == "RECEIVED"
    assert back["handlingUnit"] is None and back["contactDueAt"] is None
    clock.advance(hours=1)
    again = await gql.ok(
        DISPATCH, {"input": {"complaintId": complaint["id"], "unitCode": "DY.ZJJ"}}, as_="HOTLINE"
    )
    again = again["complaint"]
    assert again["status"] == "DISPATCHED"
    assert again["contactDueAt"] == "2026-11-24T06:00:00+00:00"  # 2 hours from the re-dispatch
    assert [(d["unit"]["code"], d["returnReason"]) for d in again["dispatches"]] == [
        ("DY.DYQ.XD", "不属于本街道职责，应由市住建局办理"),
        ("DY.ZJJ", None),
    ]
    assert again["dispatches"][0]["returnedAt"] == "2026-11-24T03:00:00+00:00"


async def test_stages_record_when_met_and_whether_in_time(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    clock.advance(hours=3)  # contact 1 hour late
    late = await step(gql, CONTACT, complaint["id"], note="已电话联系")
    assert late["status"] == "CONTACTED"
    assert late["contactedAt"] == "2026-11-24T05:00:00+00:00" and late["contactInTime"] is False
    assert [b["stage"] for b in late["breaches"]] == ["CONTACT"]
    replied = await step(gql, REPLY, complaint["id"], note="已初步答复")
    assert replied["replyInTime"] is True
    done = await step(gql, RESOLVE, complaint["id"], handlingResult="已协调排水", isReasonable=True)
    assert done["status"] == "RESOLVED" and done["resolveInTime"] is True and done["isReasonable"] is True
    assert done["breaches"] == [
        {"stage": "CONTACT", "dueAt": "2026-11-24T04:00:00+00:00", "metAt": "2026-11-24T05:00:00+00:00"}
    ]


async def test_an_unmet_stage_past_due_is_a_breach_and_overdue(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await dispatched(gql)
    clock.advance(hours=2, minutes=1)
    now = (await gql(BY_SERIAL, {"s": complaint["serialNo"]}))["complaint"]
    assert now["isOverdue"] is True
    assert now["breaches"] == [{"stage": "CONTACT", "dueAt": "2026-11-24T04:00:00+00:00", "metAt": None}]


async def test_satisfied_visit_closes(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await resolved(gql)
    closed = await step(
        gql, VISIT, complaint["id"], as_="HOTLINE", satisfaction="SATISFIED", problemSolved=True
    )
    assert closed["status"] == "CLOSED"
    assert closed["returnVisit"] == {"satisfaction": "SATISFIED", "problemSolved": True, "comments": None}


async def test_reopen_twice_then_close(gql, clock) -> None:  # type: ignore[no-untyped-def]
    complaint = await resolved(gql)
    cid = complaint["id"]
    for n in (1, 2):
        visit = await step(gql, VISIT, cid, as_="HOTLINE", satisfaction="UNSATISFIED", problemSolved=False)
        assert visit["status"] == "VISITED"
        clock.advance(days=1)
        reopened = await step(gql, REOPEN, cid, as_="HOTLINE", reason="企业反映积水仍未排除")
        assert reopened["status"] == "REOPENED" and reopened["reopenCount"] == n
        assert reopened["resolvedAt"] is None
        clock.advance(hours=1)
        again = await step(gql, RESOLVE, cid, handlingResult=f"第{n}次重办：已疏通管网", isReasonable=True)
        assert again["status"] == "RESOLVED"
    # The second reopen (Thursday 11-26, 10:00 Shanghai) counts 10 working days from then.
    assert again["resolveDueAt"] == "2026-12-10T16:00:00+00:00"
    final = await step(gql, VISIT, cid, as_="HOTLINE", satisfaction="BASICALLY_SATISFIED", problemSolved=True)
    assert final["status"] == "CLOSED" and final["reopenCount"] == 2
    kinds = [e["kind"] for e in (await gql(BY_SERIAL, {"s": final["serialNo"]}))["complaint"]["events"]]
    assert kinds == [
        "RECEIVED",
        "DISPATCH",
        "CONTACT",
        "REPLY",
        "RESOLVE",
        "VISIT",
        "REOPEN",
        "RESOLVE",
        "VISIT",
        "REOPEN",
        "RESOLVE",
        "CLOSE",
    ]


async def test_an_unsatisfied_visit_may_close_explicitly(gql) -> None:  # type: ignore[no-untyped-def]
    complaint = await resolved(gql, reasonable=False)
    closed = await step(
        gql,
        VISIT,
        complaint["id"],
        as_="HOTLINE",
        satisfaction="UNSATISFIED",
        problemSolved=False,
        close=True,
        comments="诉求不合理，已解释政策",
    )
    assert closed["status"] == "CLOSED"
