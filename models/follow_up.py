"""重点推进 (key follow-up): the mark on complaints whose latest return visit found the enterprise
unsatisfied or the problem unsolved ("对办理不满意或问题未解决事项单独标注、重点推进").

The mark is derived, not stored: each return visit writes its verdict onto the complaint
(`satisfaction`, `problem_solved`), so the mark is always the latest visit's, and no second record
can drift from it. A reopen does not clear it (the complaint is being pushed, 重点推进); only a later
visit that finds the enterprise (basically) satisfied and the problem solved does.
"""

from __future__ import annotations

from enum import Enum

from tortoise.expressions import Q

from models.complaint import Satisfaction

__all__ = ["FollowUpReason", "follow_up_q", "follow_up_reasons"]


class FollowUpReason(str, Enum):
    UNSATISFIED = "UNSATISFIED"
    UNSOLVED = "UNSOLVED"


def follow_up_reasons(satisfaction: Satisfaction | None, problem_solved: bool | None) -> list[FollowUpReason]:
    """Why a complaint is marked: its latest visit was unsatisfied, or the problem unsolved (or both)."""
    reasons = []
    if satisfaction is Satisfaction.UNSATISFIED:
        reasons.append(FollowUpReason.UNSATISFIED)
    if problem_solved is False:
        reasons.append(FollowUpReason.UNSOLVED)
    return reasons


def follow_up_q(marked: bool = True) -> Q:
    """Complaints carrying the mark (or, `marked=False`, not carrying it: never visited included).

    The negation is spelled out: `NOT (satisfaction = … OR problem_solved = false)` is NULL, not true,
    for a complaint never visited, and SQL would drop it."""
    if marked:
        return Q(satisfaction=Satisfaction.UNSATISFIED) | Q(problem_solved=False)
    return (Q(satisfaction__isnull=True) | Q(satisfaction__not=Satisfaction.UNSATISFIED)) & (
        Q(problem_solved__isnull=True) | Q(problem_solved=True)
    )
