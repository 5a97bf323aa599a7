"""`calendar load` (a real process) recomputes the deadlines that depend on the year, as the mutation does."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from models.audit import AuditEntry
from models.complaint import Complaint
from models.event import Event
from models.supervision import SupervisionItem
from resolvers.complaints import followup
from resolvers.supervision.escalation import escalate_complaint
from tests.calendar.test_schedule_changes import DISPATCHED, WEEKENDS_ONLY, WITH_NEW_YEAR
from tests.cli.conftest import Cli
from tests.complaints.test_stats import Builder


async def test_calendar_load_recomputes_complaint_and_escalation_deadlines(
    cli: Cli,
    gql,
    scope,
    clock,
    spare_year: int,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    # `gql` seeds the unit tree the complaint is dispatched in.
    b = Builder(scope, clock)
    cid = await b.complaint("DY.DYQ.XD", DISPATCHED, resolved_days=None)
    clock.set(DISPATCHED)
    item = await escalate_complaint(scope, followup.EscalateComplaint(cid, "逾期未办"))
    assert (await Complaint.get(id=cid)).resolve_due_at == WEEKENDS_ONLY

    schedule = tmp_path / "2027.json"
    days = [{"date": "2027-01-01", "isWorkday": False, "name": "元旦"}]
    schedule.write_text(json.dumps({"source": "test", "days": days}), encoding="utf-8")
    loaded = cli("calendar", "load", str(schedule))
    assert loaded.returncode == 0, loaded.stderr

    after = await Complaint.get(id=cid)
    assert (after.resolve_due_at, after.deadline_provisional) == (WITH_NEW_YEAR, False)
    recounted = await SupervisionItem.get(id=item.id)
    assert (recounted.due_on, recounted.due_provisional) == (date(2027, 1, 5), False)
    event = await Event.get(subject_type="Complaint", subject_id=cid, kind="DEADLINES_RECOMPUTED")
    assert (event.actor, event.data["cause"]["calendarYear"]) == ("cli", 2027)
    assert event.at > datetime(2026, 1, 1, tzinfo=UTC)
    entry = await AuditEntry.filter(operation="loadCalendar").order_by("-seq").first()
    assert entry is not None and entry.actor == "cli"
    assert {f"Complaint:{cid}", f"SupervisionItem:{item.id}"} <= set(entry.subjects)
