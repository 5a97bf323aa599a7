"""A schedule change reaches every stored deadline that depends on it: complaint stages open or closed,
their verdicts, approved extensions, escalation deadlines, overdue flags; each change is on the timeline.

Every complaint here is dispatched on Monday 2026-12-28 at 10:00 under "2110" (seeded years end in 2026):
10 working days on weekends only end 2027-01-11 24:00 (provisional); with 元旦 on Friday 01-01 they
end 01-12 24:00; with Tuesday 01-05 a holiday too (a notice extended, as 国办发明电〔2020〕1号 did) 01-13.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jobs.runner import run_job
from models.audit import AuditEntry
from models.complaint import Complaint, ComplaintStatus, Extension
from models.event import Event
from models.overdue import OverdueFlag
from models.supervision import SupervisionExtension, SupervisionItem
from resolvers.complaints import followup
from resolvers.supervision.actions import ExtendSupervisionItem, extend_supervision_item
from resolvers.supervision.escalation import escalate_complaint
from schema.node import encode_id
from tests.complaints.test_stats import Builder
from tests.helpers import count_sql

LOAD = """
mutation($input: LoadCalendarInput!) {
  loadCalendar(input: $input) { calendar { year } userErrors { field message code } }
}
"""
STATS = """
query { complaintStats(from: "2027-01-01", to: "2027-01-31", unitCodes: ["DY.DYQ.XD"]) {
  dueInPeriod resolvedInTime onTimeRate } }
"""
DISPATCHED = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)  # Monday 10:00 Shanghai
NEW_YEAR = {"date": "2027-01-01", "isWorkday": False, "name": "元旦"}
EXTENDED = {"date": "2027-01-05", "isWorkday": False, "name": "延长假期"}
WEEKENDS_ONLY, WITH_NEW_YEAR, WITH_EXTENSION = (
    datetime(2027, 1, day, 16, 0, tzinfo=UTC) for day in (11, 12, 13)
)


async def _load(gql, *days: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    await gql.ok(LOAD, {"input": {"year": 2027, "days": list(days)}})


async def _recomputed(
    cid: int, kind: str = "DEADLINES_RECOMPUTED", subject: str = "Complaint"
) -> list[Event]:
    return list(await Event.filter(subject_type=subject, subject_id=cid, kind=kind).order_by("id"))


async def test_an_open_deadline_follows_a_first_load_and_a_corrected_one(
    gql, scope, clock, spare_year
) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    elsewhere = await b.complaint("DY.DYQ.XD", datetime(2026, 10, 12, 2, 0, tzinfo=UTC), resolved_days=None)
    before = await Complaint.get(id=cid)
    assert (before.resolve_due_at, before.deadline_provisional) == (WEEKENDS_ONLY, True)
    untouched = (await Complaint.get(id=elsewhere)).version

    await _load(gql, NEW_YEAR)
    after = await Complaint.get(id=cid)
    assert (after.resolve_due_at, after.deadline_provisional) == (WITH_NEW_YEAR, False)
    assert after.reply_due_at == before.reply_due_at  # 12-29 counts no day of 2027
    (event,) = await _recomputed(cid)
    assert event.data == {
        "cause": {"calendarYear": 2027, "reason": "SCHEDULE_CHANGED"},
        "changes": [
            {"field": "resolveDueAt", "from": WEEKENDS_ONLY.isoformat(), "to": WITH_NEW_YEAR.isoformat()},
            {"field": "deadlineProvisional", "from": True, "to": False},
        ],
        "flags": [],
    }
    assert "2027" in event.summary

    # The year is corrected: a deadline that was no longer provisional moves too.
    await _load(gql, NEW_YEAR, EXTENDED)
    assert (await Complaint.get(id=cid)).resolve_due_at == WITH_EXTENSION
    assert [e.data["changes"] for e in await _recomputed(cid)][-1] == [
        {"field": "resolveDueAt", "from": WITH_NEW_YEAR.isoformat(), "to": WITH_EXTENSION.isoformat()}
    ]
    # Outside the window: not read for a change, not rewritten, nothing on its timeline.
    assert (await Complaint.get(id=elsewhere)).version == untouched
    assert await _recomputed(elsewhere) == []
    # One audited unit of work: the load's entry names the complaint it changed.
    entry = await AuditEntry.filter(operation="loadCalendar").order_by("-seq").first()
    assert entry is not None and f"Complaint:{cid}" in entry.subjects


async def test_a_closed_complaint_judged_late_on_a_provisional_deadline_becomes_on_time(
    gql, scope, clock, spare_year
) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    await b.resolve(cid, datetime(2027, 1, 12, 2, 0, tzinfo=UTC))  # 01-12 10:00: late on weekends only
    await b.visit(cid, datetime(2027, 1, 12, 4, 0, tzinfo=UTC), "S", True)
    closed = await Complaint.get(id=cid)
    assert (closed.status, closed.resolve_in_time) == (ComplaintStatus.CLOSED, False)
    assert (await gql(STATS))["complaintStats"] == [
        {"dueInPeriod": 1, "resolvedInTime": 0, "onTimeRate": 0.0}
    ]

    await _load(gql, NEW_YEAR)
    after = await Complaint.get(id=cid)
    assert (after.status, after.resolve_in_time, after.resolve_due_at) == (
        ComplaintStatus.CLOSED,
        True,
        WITH_NEW_YEAR,
    )
    (event,) = await _recomputed(cid)
    assert {"field": "resolveInTime", "from": False, "to": True} in event.data["changes"]
    assert (await gql(STATS))["complaintStats"] == [
        {"dueInPeriod": 1, "resolvedInTime": 1, "onTimeRate": 1.0}
    ]


async def test_an_extension_asked_after_a_provisional_deadline_is_no_longer_late(
    gql, scope, clock, spare_year
) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    b.at(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))  # after 01-11 24:00, before 01-12 24:00
    requested = datetime(2027, 1, 20, 16, 0, tzinfo=UTC)
    ext = await followup.request_extension(scope, followup.RequestExtension(cid, requested, "需协调"))
    await followup.decide_extension(scope, followup.DecideExtension(ext.id, True))
    assert (await Complaint.get(id=cid)).resolve_in_time is False  # asked late: the breach stays

    await _load(gql, NEW_YEAR)
    after = await Complaint.get(id=cid)
    # The approved date was chosen by a person and stays; the deadline it replaced moved, so the
    # request was in time after all and there is no breach to keep.
    assert (after.resolve_due_at, after.resolve_in_time) == (requested, None)
    moved = await Extension.get(id=ext.id)
    assert (moved.previous_due_at, moved.version) == (WITH_NEW_YEAR, 3)  # requested, decided, moved
    (event,) = await _recomputed(cid)
    assert {"field": "resolveInTime", "from": False, "to": None} in event.data["changes"]
    assert {
        "field": "extension.previousDueAt",
        "extensionId": ext.id,
        "from": WEEKENDS_ONLY.isoformat(),
        "to": WITH_NEW_YEAR.isoformat(),
    } in event.data["changes"]


@pytest.mark.parametrize(
    ("now", "outcome", "due_at", "age"),
    [
        # 01-12 12:00: under the loaded year the deadline (01-12 24:00) has not passed: cleared.
        (datetime(2027, 1, 12, 4, 0, tzinfo=UTC), "CLEARED", WEEKENDS_ONLY, 1),
        # 01-14 12:00: still overdue, since 01-12 24:00 now: re-dated, aged 2 working days (13th, 14th).
        (datetime(2027, 1, 14, 4, 0, tzinfo=UTC), "REDATED", WITH_NEW_YEAR, 2),
    ],
)
async def test_an_overdue_flag_follows_its_moved_deadline(
    gql, scope, clock, spare_year, now, outcome, due_at, age
) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    clock.set(now)
    run = await run_job("overdue", now)
    assert run is not None and run.status.value == "SUCCEEDED"
    (flag,) = await OverdueFlag.filter(subject_id=cid, stage="RESOLVE")
    assert (flag.due_at, flag.cleared_at) == (WEEKENDS_ONLY, None)

    await _load(gql, NEW_YEAR)
    (flag,) = await OverdueFlag.filter(subject_id=cid, stage="RESOLVE")
    assert flag.due_at == due_at
    assert (flag.cleared_at is not None) == (outcome == "CLEARED")
    if outcome == "REDATED":
        assert (flag.due_date, flag.overdue_working_days) == (date(2027, 1, 12), age)
    (event,) = await _recomputed(cid)
    assert event.data["flags"] == [{"stage": "RESOLVE", "flag": outcome}]
    # The job agrees: a run right after finds nothing to flag, clear or age, and records no breach again.
    breaches = await Event.filter(subject_id=cid, kind="BREACH_DETECTED").count()
    rerun = await run_job("overdue", now)
    assert rerun is not None and rerun.rows_touched == 0
    assert await Event.filter(subject_id=cid, kind="BREACH_DETECTED").count() == breaches


async def test_an_escalation_default_deadline_in_an_unloaded_year_is_provisional_then_recounted(
    gql, scope, clock, spare_year
) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    chosen_cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    clock.set(DISPATCHED)
    item = await escalate_complaint(scope, followup.EscalateComplaint(cid, "逾期未办"))
    chosen = await escalate_complaint(scope, followup.EscalateComplaint(chosen_cid, "x"), date(2027, 1, 4))
    # 5 working days from Monday 12-28 on weekends only: 12-29, 12-30, 12-31, 01-01, 01-04.
    assert (item.due_on, item.due_provisional, item.due_working_days) == (date(2027, 1, 4), True, 5)
    assert (chosen.due_on, chosen.due_provisional, chosen.due_working_days) == (date(2027, 1, 4), False, None)
    node = await gql(
        "query($id: ID!) { node(id: $id) { ... on SupervisionItem { dueOn dueProvisional dueWorkingDays } } }",
        {"id": encode_id("SupervisionItem", item.id)},
    )
    assert node["node"] == {"dueOn": "2027-01-04", "dueProvisional": True, "dueWorkingDays": 5}

    await _load(gql, NEW_YEAR)
    after = await SupervisionItem.get(id=item.id)
    assert (after.due_on, after.due_provisional) == (date(2027, 1, 5), False)
    (event,) = await _recomputed(item.id, "DEADLINE_RECOMPUTED", "SupervisionItem")
    assert event.data["changes"] == [
        {"field": "dueOn", "from": "2027-01-04", "to": "2027-01-05"},
        {"field": "dueProvisional", "from": True, "to": False},
    ]
    # A date the office chose depends on no schedule.
    assert (await SupervisionItem.get(id=chosen.id)).due_on == date(2027, 1, 4)
    assert await _recomputed(chosen.id, "DEADLINE_RECOMPUTED", "SupervisionItem") == []


async def test_the_recompute_is_set_based(gql, scope, clock, spare_year) -> None:  # type: ignore[no-untyped-def]
    """As many statements for 12 changed complaints as for 3: reads and writes are batched."""
    b = Builder(scope, clock)
    for _ in range(3):
        await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    await _load(gql, NEW_YEAR)
    with count_sql() as few:
        await _load(gql, NEW_YEAR, EXTENDED)
    for _ in range(9):
        await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    sixth = {"date": "2027-01-06", "isWorkday": False, "name": "延长假期"}
    with count_sql() as many:
        await _load(gql, NEW_YEAR, EXTENDED, sixth)
    assert await Event.filter(kind="DEADLINES_RECOMPUTED").count() == 3 + 3 + 12
    assert many.count == few.count


async def test_only_counts_through_a_changed_day_are_read(gql, scope, clock, spare_year) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    await _load(gql, NEW_YEAR)
    version = (await Complaint.get(id=cid)).version
    # The same schedule again changes no day: nothing is read for a recompute, nothing written.
    with count_sql() as same:
        await _load(gql, NEW_YEAR)
    assert not [s for s in same.statements if "complaint" in s.lower() and "event" not in s.lower()]
    # A correction in June cannot move a count that ends in January.
    await _load(gql, NEW_YEAR, {"date": "2027-06-01", "isWorkday": False, "name": "测试"})
    assert (await Complaint.get(id=cid)).version == version
    assert len(await _recomputed(cid)) == 1


async def test_a_moved_deadline_that_an_extension_replaced_is_recorded(gql, scope, clock, spare_year) -> None:  # type: ignore[no-untyped-def]
    """The extensions' dates stay; the deadlines they replaced move, and the timeline says so even when
    nothing else of the complaint or item changes."""
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    clock.set(DISPATCHED)
    item = await escalate_complaint(scope, followup.EscalateComplaint(cid, "逾期未办"))
    b.at(datetime(2027, 1, 4, 2, 0, tzinfo=UTC))  # before every deadline involved: asked in time
    requested = datetime(2027, 1, 20, 16, 0, tzinfo=UTC)
    ext = await followup.request_extension(scope, followup.RequestExtension(cid, requested, "需协调"))
    await followup.decide_extension(scope, followup.DecideExtension(ext.id, True))
    await extend_supervision_item(scope, ExtendSupervisionItem(item.id, date(2027, 1, 20), "需协调"))
    await _load(gql, NEW_YEAR)
    version = (await Complaint.get(id=cid)).version

    await _load(gql, NEW_YEAR, EXTENDED)
    after = await Complaint.get(id=cid)
    assert (after.resolve_due_at, after.resolve_in_time, after.version) == (requested, None, version)
    assert (await Extension.get(id=ext.id)).previous_due_at == WITH_EXTENSION
    assert (await _recomputed(cid))[-1].data["changes"] == [
        {
            "field": "extension.previousDueAt",
            "extensionId": ext.id,
            "from": WITH_NEW_YEAR.isoformat(),
            "to": WITH_EXTENSION.isoformat(),
        }
    ]
    assert (await SupervisionItem.get(id=item.id)).due_on == date(2027, 1, 20)
    (extension,) = await SupervisionExtension.filter(item_id=item.id)
    assert extension.old_due_on == date(2027, 1, 6)  # 5 working days: 12-29 … 01-04, 01-06
    events = await _recomputed(item.id, "DEADLINE_RECOMPUTED", "SupervisionItem")
    assert events[-1].data["changes"] == [
        {"field": "extension.oldDueOn", "extensionId": extension.id, "from": "2027-01-05", "to": "2027-01-06"}
    ]
