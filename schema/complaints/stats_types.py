"""Figures: `ComplaintStats` (counts, numerators, denominators and rates) and `RankingEntry`."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.complaints.stats import COUNTS, Stats
from resolvers.units.loaders import load_units
from schema.context import Info
from schema.units.types import Unit

__all__ = ["ComplaintStats", "RankingEntry"]

COHORT = "受理于期间内的诉求中 (of the complaints received in the period)"


@strawberry.type(
    description="诉求指标 (the seeds' figures for one unit and/or month; rates are null when the denominator is 0)"
)
class ComplaintStats:
    # Plain values, not resolvers: a city-wide list is ~300 rows of ~20 figures, and a value field
    # costs graphql-core a fraction of what a resolver call does (`models.fast.execution`).
    _unit_id: strawberry.Private[int | None]

    @strawberry.field(description="单位 (the unit, its subtree rolled up unless includeDescendants is false)")
    def unit(self, info: Info) -> Unit | None:
        if self._unit_id is None:
            return None
        # Loaded for the whole list up front (`complaintStats`), so this completes synchronously.
        return info.context.loaders.ready(load_units, self._unit_id)

    month: date | None = strawberry.field(
        description="月份 (first day of the month, Asia/Shanghai; null unless grouped by month)"
    )

    received: int = strawberry.field(description="受理量 (received in the period, not withdrawn)")

    dispatched: int = strawberry.field(description=f"已派单 (dispatched) — {COHORT}")

    resolved: int = strawberry.field(description=f"已办结 (resolved at least once) — {COHORT}")

    completed: int = strawberry.field(
        description=f"办结 (resolved now: not reopened and being redone; the completion numerator) — {COHORT}"
    )

    visited: int = strawberry.field(description=f"已回访 (visited) — {COHORT}")

    reasonable_visited: int = strawberry.field(
        description=f"合理诉求已回访 (reasonable and visited: the satisfaction denominator) — {COHORT}"
    )

    responded_in_time: int = strawberry.field(
        description=f"按时联系 (contacted within the contact deadline) — {COHORT}"
    )

    resolved_in_time: int = strawberry.field(
        description="按时办结 (of dueInPeriod, resolved by the resolve deadline)"
    )

    due_in_period: int = strawberry.field(
        description="应办结 (resolve deadline in the period and passed by now, or resolved in the period; "
        "one not yet due is neither on time nor late)"
    )

    satisfied: int = strawberry.field(
        description=f"满意 (reasonable, visited, satisfied or basically satisfied) — {COHORT}"
    )

    solved: int = strawberry.field(description=f"问题已解决 (visited and solved) — {COHORT}")

    reopened: int = strawberry.field(description=f"重办过 (reopened at least once) — {COHORT}")

    response_rate: float | None = strawberry.field(description="2小时响应率 (respondedInTime ÷ dispatched)")

    on_time_rate: float | None = strawberry.field(description="按时办结率 (resolvedInTime ÷ dueInPeriod)")

    completion_rate: float | None = strawberry.field(description="办结率 (completed ÷ received)")

    return_visit_rate: float | None = strawberry.field(description="回访率 (visited ÷ resolved)")

    satisfaction_rate: float | None = strawberry.field(
        description="合理诉求满意率 (satisfied ÷ reasonableVisited)"
    )

    solved_rate: float | None = strawberry.field(description="问题解决率 (solved ÷ visited)")

    redo_rate: float | None = strawberry.field(description="重办率 (reopened ÷ resolved)")

    first_time_rate: float | None = strawberry.field(
        description="首次办结率 / 一次办好率 ((resolved − reopened) ÷ resolved)"
    )

    @classmethod
    def of(cls, stats: Stats) -> ComplaintStats:
        counts = {name: getattr(stats, name) for name in COUNTS}
        return cls(_unit_id=stats.unit_id, month=stats.month, **counts, **stats.rates)


@strawberry.type(description="单位排名 (one unit's place in a ranking)")
class RankingEntry:
    rank: int | None = strawberry.field(
        description="名次 (1 = best; equal values share a rank, 并列: 1, 2, 2, 4; "
        "null for a unit without a value, listed last)"
    )
    unit: Unit = strawberry.field(description="单位 (the unit, its subtree rolled up)")
    value: float | None = strawberry.field(
        description="指标值 (the metric to 4 decimals, the figure ties are decided on; null when it has no denominator)"
    )
    stats: ComplaintStats = strawberry.field(description="该单位的全部指标 (all the unit's figures)")
