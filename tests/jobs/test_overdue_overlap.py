"""One open flag per subject and stage: the database's refusal of a second, and migration 0019's repair
of existing duplicates."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime, timedelta

import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError

from models.event import Event
from models.overdue import OverdueFlag, OverdueKind

repair = importlib.import_module("migrations.0019_open_flag_unique")


async def test_the_database_refuses_a_second_open_flag(app: object) -> None:
    due = datetime(2025, 9, 30, 16, 0, tzinfo=UTC)
    key = {"kind": OverdueKind.TASK, "stage": "", "subject_type": "Task", "subject_id": 7, "due_at": due}
    first = await OverdueFlag.create(**key, due_date=date(2025, 9, 30), detected_at=due + timedelta(hours=10))
    with pytest.raises(IntegrityError):
        await OverdueFlag.create(**key, due_date=date(2025, 9, 30), detected_at=due + timedelta(hours=11))
    # Cleared flags are the breach history: a new open one beside them is allowed.
    await OverdueFlag.filter(id=first.id).update(cleared_at=due + timedelta(hours=12))
    await OverdueFlag.create(**key, due_date=date(2025, 9, 30), detected_at=due + timedelta(hours=13))
    assert await OverdueFlag.filter(subject_id=7).count() == 2


# -- migration 0019: the repair of duplicates written before the index existed ----------------------

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
DUE = datetime(2026, 10, 30, 16, 0, tzinfo=UTC)


async def _flag(
    kind: OverdueKind, subject_id: int, detected: timedelta, stage: str = "", **kw: object
) -> int:
    """A flag and the event the job wrote with it, as runs before migration 0019 wrote them."""
    subject_type = {OverdueKind.TASK: "Task", OverdueKind.MILESTONE: "Milestone"}.get(kind, "Complaint")
    at = T0 + detected
    flag = await OverdueFlag.create(
        kind=kind,
        stage=stage,
        subject_type=subject_type,
        subject_id=subject_id,
        due_at=DUE,
        due_date=date(2026, 10, 30),
        detected_at=at,
        **kw,
    )
    summary = f"发现逾期 (breach detected): {kind.value}" + (f" {stage}" if stage else "")
    await Event.create(
        subject_type=subject_type,
        subject_id=subject_id,
        kind="BREACH_DETECTED",
        summary=summary,
        actor="system",
        actor_role="ADMIN",
        at=at,
    )
    return flag.id


async def test_the_migration_keeps_the_earliest_detection_and_its_event(app: object) -> None:
    conn = connections.get("default")
    await conn.execute_script(f'DROP INDEX "{repair.INDEX}"')
    try:
        hour = timedelta(hours=1)
        # Two runs five minutes apart doubled an open task flag.
        kept_task = await _flag(OverdueKind.TASK, 1, timedelta(0))
        await _flag(OverdueKind.TASK, 1, timedelta(minutes=5))
        # Two runs at the same instant doubled two stages of a complaint.
        contact = [await _flag(OverdueKind.COMPLAINT_STAGE, 2, timedelta(0), "CONTACT") for _ in range(2)]
        reply = [await _flag(OverdueKind.COMPLAINT_STAGE, 2, timedelta(0), "REPLY") for _ in range(2)]
        # Doubled, then both cleared by a later run.
        kept_milestone = await _flag(OverdueKind.MILESTONE, 3, timedelta(0), cleared_at=T0 + 3 * hour)
        await _flag(OverdueKind.MILESTONE, 3, timedelta(minutes=5), cleared_at=T0 + 3 * hour)
        # A real history: cleared, overdue again later on the same deadline (the task was reopened).
        history = [
            await _flag(OverdueKind.TASK, 4, timedelta(0), cleared_at=T0 + hour),
            await _flag(OverdueKind.TASK, 4, 2 * hour),
        ]
        await Event.create(subject_type="Task", subject_id=1, kind="CREATED", actor="a", at=T0)

        await repair.repair(conn)
    finally:
        await conn.execute_script(repair._CREATE_INDEX)

    kept = [kept_task, contact[0], reply[0], kept_milestone, *history]
    assert sorted(await OverdueFlag.all().values_list("id", flat=True)) == sorted(kept)
    events = await Event.all().order_by("id").values_list("subject_id", "kind", "summary", "at")
    assert [(s, k, at - T0) for s, k, _, at in events] == [
        (1, "BREACH_DETECTED", timedelta(0)),
        (2, "BREACH_DETECTED", timedelta(0)),
        (2, "BREACH_DETECTED", timedelta(0)),
        (3, "BREACH_DETECTED", timedelta(0)),
        (4, "BREACH_DETECTED", timedelta(0)),
        (4, "BREACH_DETECTED", timedelta(hours=2)),
        (1, "CREATED", timedelta(0)),
    ]
    assert {summary for s, _, summary, _ in events if s == 2} == {
        "发现逾期 (breach detected): COMPLAINT_STAGE CONTACT",
        "发现逾期 (breach detected): COMPLAINT_STAGE REPLY",
    }
