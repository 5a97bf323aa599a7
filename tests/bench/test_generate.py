"""The benchmark's data generator at a tiny scale: row counts, valid credit codes, consistent paths and lifecycles."""

from __future__ import annotations

from collections import Counter

from bench.generate import populate, sizes
from bench.loader import Loader
from models.complaint import Complaint, ComplaintStatus
from models.counter import Counter as CounterRow
from models.enterprise import Enterprise, is_valid_credit_code
from models.task import Task, TaskUnit
from models.unit import Unit, child_path


async def test_tiny_scale_counts_codes_paths_and_lifecycles(app: object, settings) -> None:  # type: ignore[no-untyped-def]
    await populate(Loader(postgres=settings.is_postgres), 0.001, seed=7)
    n = sizes(0.001)

    units = {u.id: u for u in await Unit.all()}
    assert len(units) == n["units"]
    for unit in units.values():
        parent = units[unit.parent_id].path if unit.parent_id else None
        assert unit.path == child_path(parent, unit.id)
    assert await Task.all().count() == n["tasks"]
    assert await TaskUnit.filter(role="LEAD").count() == n["tasks"]

    codes = await Enterprise.all().values_list("credit_code", flat=True)
    assert len(codes) == n["enterprises"] == len(set(codes))
    assert all(is_valid_credit_code(code) for code in codes)

    complaints = await Complaint.all()
    assert len(complaints) == n["complaints"]
    assert len({c.serial_no for c in complaints}) == len(complaints)
    for c in complaints:
        if c.status is ComplaintStatus.CLOSED:
            assert c.first_resolved_at is not None and c.handling_unit_id is not None
        if c.status in (ComplaintStatus.RECEIVED, ComplaintStatus.WITHDRAWN):
            assert c.dispatched_at is None and c.resolve_due_at is None
        if c.dispatched_at is not None:
            assert c.received_at <= c.dispatched_at < c.contact_due_at < c.reply_due_at < c.resolve_due_at

    # Each day's serial counter holds that day's last number, so the application's next intake continues it.
    per_day = Counter(c.serial_no[2:10] for c in complaints)
    counters = dict(await CounterRow.filter(key__startswith="complaint:").values_list("key", "n"))
    assert counters == {f"complaint:{day}": n for day, n in per_day.items()}
    assert all(int(c.serial_no[10:]) <= per_day[c.serial_no[2:10]] for c in complaints)

    # Sequences continue after the explicit ids: the application can insert next to the generated rows.
    created = await Unit.create(code="ZZ.NEW", name="新单位", kind="OTHER")
    assert created.id > max(units)
