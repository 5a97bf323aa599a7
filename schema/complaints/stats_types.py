"""Figures: `ComplaintStats` (counts, numerators, denominators and rates) and `RankingEntry`."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.complaints.stats import Stats
from resolvers.units.loaders import load_units
from schema.context import Info
from schema.units.types import Unit

__all__ = ["ComplaintStats", "RankingEntry"]

COHORT = "受理于期间内的诉求中 (of the complaints received in the period)"


@strawberry.type(
    description="诉求指标 (the seeds' figures for one unit and/or month; rates are null when the denominator is 0)"
)
class ComplaintStats:
    _stats: strawberry.Private[Stats]

    @strawberry.field(description="单位 (the unit, its subtree rolled up unless includeDescendants is false)")
    async def unit(self, info: Info) -> Unit | None:
        if self._stats.unit_id is None:
            return None
        return await info.context.loaders(load_units).load(self._stats.unit_id)

    @strawberry.field(
        description="月份 (first day of the month, Asia/Shanghai; null unless grouped by month)"
    )
    def month(self) -> date | None:
        return self._stats.month

    @strawberry.field(description="受理量 (received in the period)")
    def received(self) -> int:
        return self._stats.received

    @strawberry.field(description=f"已派单 (dispatched) — {COHORT}")
    def dispatched(self) -> int:
        return self._stats.dispatched

    @strawberry.field(description=f"已办结 (resolved at least once) — {COHORT}")
    def resolved(self) -> int:
        return self._stats.resolved

    @strawberry.field(description=f"已回访 (visited) — {COHORT}")
    def visited(self) -> int:
        return self._stats.visited

    @strawberry.field(
        description=f"合理诉求已回访 (reasonable and visited: the satisfaction denominator) — {COHORT}"
    )
    def reasonable_visited(self) -> int:
        return self._stats.reasonable_visited

    @strawberry.field(description=f"按时联系 (contacted within the contact deadline) — {COHORT}")
    def responded_in_time(self) -> int:
        return self._stats.responded_in_time

    @strawberry.field(description="按时办结 (of dueInPeriod, resolved by the resolve deadline)")
    def resolved_in_time(self) -> int:
        return self._stats.resolved_in_time

    @strawberry.field(description="应办结 (resolve deadline in the period, or resolved in it)")
    def due_in_period(self) -> int:
        return self._stats.due_in_period

    @strawberry.field(description=f"满意 (reasonable, visited, satisfied or basically satisfied) — {COHORT}")
    def satisfied(self) -> int:
        return self._stats.satisfied

    @strawberry.field(description=f"问题已解决 (visited and solved) — {COHORT}")
    def solved(self) -> int:
        return self._stats.solved

    @strawberry.field(description=f"重办过 (reopened at least once) — {COHORT}")
    def reopened(self) -> int:
        return self._stats.reopened

    @strawberry.field(description="2小时响应率 (respondedInTime ÷ dispatched)")
    def response_rate(self) -> float | None:
        return self._stats.rates["response_rate"]

    @strawberry.field(description="按时办结率 (resolvedInTime ÷ dueInPeriod)")
    def on_time_rate(self) -> float | None:
        return self._stats.rates["on_time_rate"]

    @strawberry.field(description="办结率 (resolved ÷ received)")
    def completion_rate(self) -> float | None:
        return self._stats.rates["completion_rate"]

    @strawberry.field(description="回访率 (visited ÷ resolved)")
    def return_visit_rate(self) -> float | None:
        return self._stats.rates["return_visit_rate"]

    @strawberry.field(description="合理诉求满意率 (satisfied ÷ reasonableVisited)")
    def satisfaction_rate(self) -> float | None:
        return self._stats.rates["satisfaction_rate"]

    @strawberry.field(description="问题解决率 (solved ÷ visited)")
    def solved_rate(self) -> float | None:
        return self._stats.rates["solved_rate"]

    @strawberry.field(description="重办率 (reopened ÷ resolved)")
    def redo_rate(self) -> float | None:
        return self._stats.rates["redo_rate"]

    @strawberry.field(description="首次办结率 / 一次办好率 ((resolved − reopened) ÷ resolved)")
    def first_time_rate(self) -> float | None:
        return self._stats.rates["first_time_rate"]


@strawberry.type(description="单位排名 (one unit's place in a ranking)")
class RankingEntry:
    rank: int = strawberry.field(description="名次 (1 = best; ties broken by unit code)")
    unit: Unit = strawberry.field(description="单位 (the unit, its subtree rolled up)")
    value: float | None = strawberry.field(description="指标值 (the metric; null when it has no denominator)")
    stats: ComplaintStats = strawberry.field(description="该单位的全部指标 (all the unit's figures)")
