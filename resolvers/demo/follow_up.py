"""Demo of the seeds' follow-up mechanisms: a complaint closed unsatisfied and unsolved (重点推进)."""

from __future__ import annotations

from datetime import timedelta

from models.complaint import ComplaintChannel as Ch
from models.complaint import ComplaintKind as K
from models.complaint import Satisfaction as Sat
from resolvers.access import Scope
from resolvers.complaints import followup, handling
from resolvers.demo.complaints import _Play

__all__ = ["seed"]


async def _closed_unsatisfied(scope: Scope) -> None:
    """Closed at the enterprise's insistence though unsatisfied and unsolved: closed, yet marked."""
    spec = (3, Ch.HOTLINE_12345, K.COMPLAINT, "小区配套商铺燃气接入迟迟未办", "DY.DYQ.WH", 21, "")
    play = _Play(scope, scope.now() - timedelta(days=21))
    await play.receive(spec, 101)
    await play.dispatch("DY.DYQ.WH")
    await play.stage(handling.record_contact, 1)
    await play.stage(handling.record_reply, 20)
    await play.resolve(24 * 6)
    visit = followup.RecordReturnVisit(
        play.cid, Sat.UNSATISFIED, False, "企业不满意，同意先行结案", close=True
    )
    await followup.record_return_visit(play.at(24 * 7), visit)


async def seed(scope: Scope) -> None:
    """Runs after the demo complaints (their enterprises are registered)."""
    await _closed_unsatisfied(scope)
