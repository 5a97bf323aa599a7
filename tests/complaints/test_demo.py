"""The demo complaints load through the actions and cover every lifecycle state."""

from __future__ import annotations

from models.complaint import Complaint, ComplaintStatus
from models.discipline import ClueDisposal
from models.discipline_outcome import FormOneOutcome
from models.enterprise import is_valid_credit_code
from models.follow_up import follow_up_q
from models.rating import ComplaintRating
from resolvers.complaints.queries import overdue_q
from resolvers.demo import seed_demo
from resolvers.demo.complaints import ENTERPRISES


async def test_demo_loads_every_state(app, clock) -> None:  # type: ignore[no-untyped-def]
    assert await seed_demo(clock())
    statuses = set(await Complaint.all().values_list("status", flat=True))
    assert statuses == set(ComplaintStatus)
    assert await Complaint.filter(escalated_at__isnull=False).count() == 2
    assert await Complaint.filter(reopen_count=2).count() == 1
    # 40 in every state (resolvers/demo/complaints.py), and those of resolvers/demo/mechanisms.py.
    assert await Complaint.all().count() == 43
    assert await Complaint.filter(overdue_q(clock())).count() >= 4
    assert await Complaint.filter(follow_up_q()).count() == 4
    assert await Complaint.filter(intake_answered_at__isnull=False).count() == 2
    # 好差评: one 好评, three 差评: rectified on time, rectified late, and pending (complex).
    bad = ComplaintRating.filter(score__lte=2)
    assert await ComplaintRating.filter(score__gte=3).count() == 1
    assert await bad.filter(rectify_in_time=True).count() == 1
    assert await bad.filter(rectify_in_time=False, verify_in_time=False).count() == 1
    assert await bad.filter(rectified_at__isnull=True, is_complex=True).count() == 1
    # 第一种形态 without a case: one outcome on a clue settled by a talk inquiry.
    assert await FormOneOutcome.filter(clue__disposal=ClueDisposal.TALK_INQUIRY).count() == 1
    assert all(is_valid_credit_code(code) for _, code, *_ in ENTERPRISES)
