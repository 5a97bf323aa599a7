"""The task state machine (任务状态): which action moves which status where; pure functions, no I/O."""

from __future__ import annotations

from enum import Enum

from models.task import TaskStatus as S

__all__ = ["TaskAction", "next_status"]


class TaskAction(str, Enum):
    START = "START"
    COMPLETE = "COMPLETE"  # 办结
    VERIFY = "VERIFY"  # 销号
    SEND_BACK = "SEND_BACK"  # 退回重办
    SUSPEND = "SUSPEND"
    RESUME = "RESUME"


_MOVES: dict[TaskAction, dict[S, S]] = {
    TaskAction.START: {S.NOT_STARTED: S.IN_PROGRESS},
    TaskAction.COMPLETE: {S.IN_PROGRESS: S.COMPLETED},
    TaskAction.VERIFY: {S.COMPLETED: S.VERIFIED},
    TaskAction.SEND_BACK: {S.COMPLETED: S.IN_PROGRESS},
    TaskAction.SUSPEND: {S.NOT_STARTED: S.SUSPENDED, S.IN_PROGRESS: S.SUSPENDED},
}


def next_status(current: S, action: TaskAction, resume_to: S | None = None) -> S | None:
    """The status after `action`, or None when the action is not allowed from `current`.

    A suspended task resumes to the status it was suspended from (`resume_to`).
    """
    if action is TaskAction.RESUME:
        return (resume_to or S.NOT_STARTED) if current is S.SUSPENDED else None
    return _MOVES[action].get(current)
