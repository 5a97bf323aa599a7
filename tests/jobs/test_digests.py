"""The digest job: per unit and for the office, once per day and period, on the statutory calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jobs.runner import run_job
from models.audit import AuditEntry
from models.digest import Digest
from models.event import Event
from resolvers.ledger import transitions as t
from schema.node import encode_id
from tests.ledger.setup import make_plan, make_task

DIGESTS = """
query($f: DigestFilter) {
  digests(filter: $f, first: 50) {
    totalCount
    nodes { id period periodStart recipientUnit { code } recipientRole acknowledgedBy
            summary { dueSoon newlyOverdue stillOverdue byUnit { unit { code } overdue } }
            items { category kind subjectId subject { __typename } unit { code } } }
  }
}
"""
ACK = "mutation($id: ID!) { acknowledgeDigest(input: {digestId: $id}) { digest { acknowledgedBy acknowledgedAt } userErrors { code } } }"

THURSDAY_AFTER_NATIONAL_DAY = datetime(2025, 10, 9, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai


@pytest.fixture
async def work(scope, units):  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    late = await make_task(scope, plan, "1", due_on=date(2025, 9, 30))
    await t.start_task(scope, t.TaskTransition(late.id))
    soon = await make_task(scope, plan, "2", lead_unit_codes=["DY.DYQ"], due_on=date(2025, 10, 10))
    return late, soon


async def _run(clock, name: str = "digests") -> int:  # type: ignore[no-untyped-def]
    run = await run_job(name, clock())
    assert run is not None and run.status.value == "SUCCEEDED", run and run.error
    return run.rows_touched or 0


async def test_units_and_the_office_get_their_digests(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(THURSDAY_AFTER_NATIONAL_DAY)
    await _run(clock, "overdue")
    await _run(clock)
    daily = (await gql(DIGESTS, {"f": {"period": "DAILY"}}))["digests"]
    by_recipient = {(d["recipientUnit"] or {}).get("code") or d["recipientRole"]: d for d in daily["nodes"]}
    assert set(by_recipient) == {"DY.SPJ", "DY.DYQ", "SUPERVISOR"}
    spj = by_recipient["DY.SPJ"]
    assert spj["summary"]["newlyOverdue"] == 1 and spj["items"][0]["subject"] == {"__typename": "Task"}
    dyq = by_recipient["DY.DYQ"]
    assert dyq["summary"]["dueSoon"] == 1 and dyq["items"][0]["category"] == "DUE_SOON"
    office = by_recipient["SUPERVISOR"]
    assert office["summary"]["byUnit"] == [{"unit": {"code": "DY.SPJ"}, "overdue": 1}]
    # 10-09 is the first working day of the week and of October: all three periods.
    periods = {
        d["period"] for d in (await gql(DIGESTS, {"f": {"recipientUnitCode": "DY.SPJ"}}))["digests"]["nodes"]
    }
    assert periods == {"DAILY", "WEEKLY", "MONTHLY"}
    # Every item of every digest (units' and office's, three periods) is on its task's timeline.
    items = sum(len(d.items) for d in await Digest.all())
    assert items == 9
    assert await Event.filter(kind="REMINDED", subject_type="Task").count() == items


async def test_rerunning_never_duplicates(clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(THURSDAY_AFTER_NATIONAL_DAY)
    await _run(clock, "overdue")
    assert await _run(clock) > 0
    made = await Digest.all().count()
    clock.advance(minutes=30)
    assert await _run(clock) == 0
    assert await Digest.all().count() == made


async def test_no_digest_on_a_holiday_and_one_on_a_make_up_saturday(clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2025, 10, 3, 1, 30, tzinfo=UTC))  # National Day holiday
    assert await _run(clock) == 0 and await Digest.all().count() == 0
    clock.set(datetime(2025, 10, 11, 1, 30, tzinfo=UTC))  # Saturday, a make-up working day
    await _run(clock)
    assert set(await Digest.all().values_list("period", flat=True)) == {"DAILY"}


async def test_days_missed_while_down_are_caught_up_once(clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(THURSDAY_AFTER_NATIONAL_DAY)
    await _run(clock)
    clock.set(datetime(2025, 10, 13, 1, 30, tzinfo=UTC))  # Monday, after three days down
    await _run(clock)
    days = sorted(
        set(
            await Digest.filter(recipient_role="SUPERVISOR", period="DAILY").values_list(
                "period_start", flat=True
            )
        )
    )
    assert days == [date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11), date(2025, 10, 13)]


async def test_acknowledgement_by_the_unit_is_recorded_once(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(THURSDAY_AFTER_NATIONAL_DAY)
    await _run(clock)
    mine = (await gql(DIGESTS, {"f": {"period": "DAILY"}}, as_="UNIT_OPERATOR"))["digests"]
    assert [d["recipientUnit"]["code"] for d in mine["nodes"]] == ["DY.DYQ"]
    digest_id = mine["nodes"][0]["id"]
    payload = await gql.ok(ACK, {"id": digest_id}, as_="UNIT_OPERATOR")
    assert payload["digest"]["acknowledgedBy"] == "test-unit_operator"
    errors = await gql.refused(ACK, {"id": digest_id}, as_="UNIT_OPERATOR")
    assert errors[0]["code"] == "ALREADY_ACKNOWLEDGED"
    assert await Event.filter(kind="ACKNOWLEDGED", subject_type="Task").count() == 1


async def test_acknowledgement_events_are_recorded_and_audited_like_any_other(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(THURSDAY_AFTER_NATIONAL_DAY)
    await _run(clock)
    digest = await Digest.get(period="DAILY", recipient_unit__code="DY.DYQ")
    clock.advance(minutes=5)
    await gql.ok(ACK, {"id": encode_id("Digest", digest.id)}, as_="UNIT_OPERATOR")
    await digest.refresh_from_db()
    events = await Event.filter(kind="ACKNOWLEDGED").order_by("id")
    subjects = [f"{i['subjectType']}:{i['subjectId']}" for i in digest.items] + [f"Digest:{digest.id}"]
    assert [f"{e.subject_type}:{e.subject_id}" for e in events] == subjects
    # One instant: the timeline says exactly when the digest says it was acknowledged.
    assert {e.at for e in events} == {digest.acknowledged_at}
    entry = await AuditEntry.get(operation="acknowledgeDigest")
    assert entry.subjects == subjects and entry.actor == "test-unit_operator"


async def test_a_unit_cannot_read_or_acknowledge_another_units_digest(gql, clock, work) -> None:  # type: ignore[no-untyped-def]
    clock.set(THURSDAY_AFTER_NATIONAL_DAY)
    await _run(clock, "overdue")
    await _run(clock)
    spj = (await gql(DIGESTS, {"f": {"recipientUnitCode": "DY.SPJ", "period": "DAILY"}}))["digests"]["nodes"][
        0
    ]
    # Another unit's digest is answered exactly as a missing one.
    assert (await gql.refused(ACK, {"id": spj["id"]}, as_="UNIT_OPERATOR"))[0]["code"] == "NOT_FOUND"
    error = await gql.error(DIGESTS, {"f": None}, as_="HOTLINE")
    assert error["extensions"]["code"] == "FORBIDDEN"
