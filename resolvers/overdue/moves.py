"""Overdue flags follow a deadline that a schedule change moved: re-dated while still overdue, else cleared.

The overdue job would notice on its next run (a flag whose deadline no longer matches is cleared, and a
new one raised if the new deadline has passed too); done here, in the recompute's unit of work, the flag
never shows a breach of a deadline that no longer exists, and no second "breach detected" is recorded
for what is one breach moved to another day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from models.overdue import OverdueFlag, OverdueKind
from models.workdays import Calendar, last_day, working_days_after

__all__ = ["MovedDeadline", "follow_moved_deadlines"]


@dataclass(frozen=True)
class MovedDeadline:
    """A deadline that moved from `before` to `after`; `overdue`: unmet and past under the new one, now."""

    kind: OverdueKind
    stage: str
    subject_id: int
    before: datetime
    after: datetime
    overdue: bool


async def follow_moved_deadlines(
    moves: Iterable[MovedDeadline], now: datetime, calendar: Calendar, tz: tzinfo
) -> dict[tuple[str, int], str]:
    """Open flags on the moved deadlines: re-dated (due, last day, age) or cleared. One read per kind of
    deadline and one batched write each way. Returns {(stage, subject id): "REDATED" | "CLEARED"}."""
    index = {(m.kind, m.stage, m.subject_id): m for m in moves}
    kinds = {kind for kind, _, _ in index}
    today = now.astimezone(tz).date()
    redated: list[OverdueFlag] = []
    cleared: list[OverdueFlag] = []
    outcome: dict[tuple[str, int], str] = {}
    for kind in sorted(kinds):
        ids = sorted({sid for k, _, sid in index if k is kind})
        for flag in await OverdueFlag.filter(kind=kind, cleared_at=None, subject_id__in=ids):
            move = index.get((kind, flag.stage, flag.subject_id))
            if move is None or flag.due_at != move.before:
                continue
            if move.overdue:
                flag.due_at = move.after
                flag.due_date = last_day(move.after, tz)
                flag.overdue_working_days = working_days_after(flag.due_date, today, calendar)
                redated.append(flag)
                outcome[(flag.stage, flag.subject_id)] = "REDATED"
            else:
                flag.cleared_at = now
                cleared.append(flag)
                outcome[(flag.stage, flag.subject_id)] = "CLEARED"
    if redated:
        await OverdueFlag.bulk_update(redated, ["due_at", "due_date", "overdue_working_days"], 500)
    if cleared:
        await OverdueFlag.bulk_update(cleared, ["cleared_at"], 500)
    return outcome
