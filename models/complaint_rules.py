"""Pure rules of the complaint lifecycle: allowed status transitions, stage timeliness, breaches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from models.complaint import Complaint, Extension, ExtensionStatus, SlaStage
from models.complaint import ComplaintStatus as S

__all__ = [
    "ACTIONS",
    "Breach",
    "OPEN_STATUSES",
    "allowed_from",
    "breaches",
    "can",
    "complaint_breaches",
    "in_time",
    "is_late_extension",
]

# Which statuses each action may start from, and the status it leads to (None: the status stays).
ACTIONS: dict[str, tuple[frozenset[S], S | None]] = {
    "dispatch": (frozenset({S.RECEIVED}), S.DISPATCHED),
    "return": (frozenset({S.DISPATCHED, S.CONTACTED}), S.RECEIVED),
    "contact": (frozenset({S.DISPATCHED}), S.CONTACTED),
    "reply": (frozenset({S.CONTACTED}), S.REPLIED),
    "resolve": (frozenset({S.REPLIED, S.REOPENED}), S.RESOLVED),
    "visit": (frozenset({S.RESOLVED}), S.VISITED),
    "close": (frozenset({S.RESOLVED, S.VISITED}), S.CLOSED),
    "reopen": (frozenset({S.VISITED, S.CLOSED}), S.REOPENED),
    "withdraw": (frozenset({S.RECEIVED, S.DISPATCHED}), S.WITHDRAWN),
    # 即接即答: a consultation answered and closed at intake, without a dispatch.
    "answer": (frozenset({S.RECEIVED}), S.CLOSED),
    "escalate": (frozenset({S.DISPATCHED, S.CONTACTED, S.REPLIED, S.RESOLVED, S.VISITED, S.REOPENED}), None),
    "extend": (frozenset({S.DISPATCHED, S.CONTACTED, S.REPLIED, S.REOPENED}), None),
}

# Statuses in which the handling unit still owes a stage (the clocks run).
OPEN_STATUSES = frozenset({S.DISPATCHED, S.CONTACTED, S.REPLIED, S.REOPENED})


def allowed_from(action: str) -> frozenset[S]:
    return ACTIONS[action][0]


def can(action: str, status: S) -> bool:
    return status in ACTIONS[action][0]


def in_time(met_at: datetime, due_at: datetime | None) -> bool | None:
    """Whether a stage met at `met_at` was on time; None when it had no deadline."""
    return None if due_at is None else met_at <= due_at


@dataclass(frozen=True)
class Breach:
    """A stage met late, or still unmet after its deadline (违约)."""

    stage: SlaStage
    due_at: datetime
    met_at: datetime | None


def breaches(
    stages: list[tuple[SlaStage, datetime | None, datetime | None]], now: datetime, clocks_run: bool
) -> list[Breach]:
    """Stages (stage, due, met) that are late: met after the due time, or (while the clocks run) unmet
    with the due time past."""
    found = []
    for stage, due_at, met_at in stages:
        if due_at is None:
            continue
        late = met_at > due_at if met_at is not None else clocks_run and now > due_at
        if late:
            found.append(Breach(stage, due_at, met_at))
    return found


def is_late_extension(extension: Extension) -> bool:
    """Requested after the deadline it would move had passed: the breach already happened."""
    return extension.requested_at > extension.previous_due_at


def complaint_breaches(c: Complaint, now: datetime, extensions: Iterable[Extension] = ()) -> list[Breach]:
    """A complaint's breaches from its due/met columns (a returned or closed one owes no unmet stage),
    and the resolve deadlines missed before a late extension moved them (a breach that happened stays)."""
    stages = [
        (SlaStage.CONTACT, c.contact_due_at, c.contacted_at),
        (SlaStage.REPLY, c.reply_due_at, c.replied_at),
        (SlaStage.RESOLVE, c.resolve_due_at, c.resolved_at),
    ]
    missed = [
        Breach(SlaStage.RESOLVE, e.previous_due_at, c.resolved_at)
        for e in extensions
        if e.status is ExtensionStatus.APPROVED and is_late_extension(e)
    ]
    return missed + breaches(stages, now, c.status in OPEN_STATUSES)
