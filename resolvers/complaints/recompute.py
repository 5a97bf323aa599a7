"""A schedule change reaches every complaint deadline counted through the changed year, with its verdicts.

When a year's calendar is loaded or replaced (`on_calendar_loaded`), every complaint whose deadline
window touches that year is recomputed, open or closed: the contact and reply deadlines from the
dispatch, the resolve deadline from the start of its clock (dispatch, or the last reopening), the
approved extensions' "previous deadline", the in-time verdicts of the stages already met, whether the
deadlines are still provisional, and the open overdue flags of the deadlines that moved. Each complaint
that changed gets one DEADLINES_RECOMPUTED event saying what moved from what to what, and why.

Set-based: the complaints are read by their window in batches of BATCH (one query each, plus one for
their extensions), computed on the calendar value in memory, and written in batched UPDATEs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tortoise.expressions import Q

from models.calendar import DurationUnit
from models.complaint import Complaint, ComplaintStatus, Extension, ExtensionStatus, SlaPolicy
from models.complaint_rules import in_time
from models.overdue import OverdueKind
from models.workdays import Calendar, compute_deadline
from resolvers.access import Scope
from resolvers.calendar.actions import ScheduleChange
from resolvers.calendar.queries import get_calendar, local_tz
from resolvers.complaints.common import plain
from resolvers.events import record_events
from resolvers.overdue.moves import MovedDeadline, follow_moved_deadlines

__all__ = ["BATCH", "recompute_complaint_deadlines"]

BATCH = 500
STAGES = ("contact", "reply", "resolve")
# The columns a recompute may write, in the order its event lists them.
WRITABLE = (
    "contact_due_at",
    "reply_due_at",
    "resolve_due_at",
    "contact_in_time",
    "reply_in_time",
    "resolve_in_time",
    "deadline_provisional",
)
# What the recompute reads of a complaint (half its columns: building the rows was half the time).
READ = (
    "id",
    "version",
    "status",
    "sla_policy_id",
    "dispatched_at",
    "contacted_at",
    "replied_at",
    "resolve_started_at",
    "resolved_at",
    *WRITABLE,
)
# Statuses in which an unmet stage is flagged overdue (the overdue job's rule).
UNFLAGGED = frozenset({ComplaintStatus.WITHDRAWN, ComplaintStatus.CLOSED, ComplaintStatus.RECEIVED})


@dataclass
class _Recomputed:
    """One complaint's recomputed values, and the extensions whose previous deadline moved."""

    values: dict[str, Any] = field(default_factory=dict)
    extensions: list[tuple[Extension, datetime]] = field(default_factory=list)


class Counter:
    """Deadlines on one calendar, remembered per (local start day, amount, unit) for counts in days: a
    day count depends on the start's day only, and a year's complaints start on a few hundred days."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar, self.tz = calendar, local_tz()
        self._days: dict[tuple[date, int, DurationUnit], tuple[datetime, bool]] = {}

    def due(self, start: datetime, policy: SlaPolicy, stage: str) -> tuple[datetime, bool]:
        amount: int = getattr(policy, f"{stage}_amount")
        unit: DurationUnit = getattr(policy, f"{stage}_unit")
        if unit is DurationUnit.HOURS or amount == 0:
            answer = compute_deadline(start, amount, unit, self.calendar, self.tz)
            return answer.due_at, answer.provisional
        key = (start.astimezone(self.tz).date(), amount, unit)
        known = self._days.get(key)
        if known is None:
            answer = compute_deadline(start, amount, unit, self.calendar, self.tz)
            known = self._days[key] = (answer.due_at, answer.provisional)
        return known


def _resolve(
    c: Complaint, policy: SlaPolicy, cycle: list[Extension], counter: Counter, out: _Recomputed
) -> bool:
    """The resolve deadline of the current clock and its verdict; returns whether it is provisional.

    An approved extension's date was chosen by a person and does not move, but the deadline it
    replaced does (its `previous_due_at`), and with it whether the extension was asked for late (then
    the breach stays: not in time). An extension never shortens: the deadline is the later of the two."""
    assert c.resolve_started_at is not None
    base, provisional = counter.due(c.resolve_started_at, policy, "resolve")
    old_base = cycle[0].previous_due_at if cycle else c.resolve_due_at
    late = False
    due = base
    for ext in cycle:
        previous = base if ext.previous_due_at == old_base else ext.previous_due_at
        if previous != ext.previous_due_at:
            out.extensions.append((ext, previous))
        if ext.status is ExtensionStatus.APPROVED:
            late = late or ext.requested_at > previous
            due = max(base, ext.requested_due_at)
    out.values["resolve_due_at"] = due
    if late:
        out.values["resolve_in_time"] = False
    elif c.resolved_at is not None:
        out.values["resolve_in_time"] = in_time(c.resolved_at, due)
    else:
        out.values["resolve_in_time"] = None
    return provisional


def recompute_one(
    c: Complaint, policy: SlaPolicy, extensions: list[Extension], counter: Counter
) -> _Recomputed:
    """Every deadline and verdict of `c` on the counter's calendar (pure: no database)."""
    out = _Recomputed()
    provisional = False
    for stage, met in (("contact", c.contacted_at), ("reply", c.replied_at)):
        if c.dispatched_at is None:
            continue
        due, still = counter.due(c.dispatched_at, policy, stage)
        provisional = provisional or still
        out.values[f"{stage}_due_at"] = due
        if met is not None:
            out.values[f"{stage}_in_time"] = in_time(met, due)
    if c.resolve_started_at is not None:
        # The extensions of the running clock: asked for since it (re)started, in the order asked.
        cycle = sorted(
            (e for e in extensions if e.requested_at >= c.resolve_started_at),
            key=lambda e: (e.requested_at, e.id),
        )
        provisional = _resolve(c, policy, cycle, counter, out) or provisional
    out.values["deadline_provisional"] = provisional
    return out


def _changes(c: Complaint, out: _Recomputed) -> dict[str, tuple[Any, Any]]:
    return {
        name: (getattr(c, name), out.values[name])
        for name in WRITABLE
        if name in out.values and getattr(c, name) != out.values[name]
    }


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _event(
    c: Complaint,
    changes: dict[str, tuple[Any, Any]],
    extension_moves: list[dict[str, Any]],
    flags: dict[tuple[str, int], str],
    cause: dict[str, Any],
) -> tuple[str, int, str, str, dict[str, Any]]:
    moved = [_camel(n) for n in changes if n.endswith("_due_at")]
    moved += ["extension.previousDueAt"] if extension_moves else []
    verdicts = [_camel(n) for n in changes if n.endswith("_in_time")]
    summary = (
        f"工作日历变更（{cause['calendarYear']} 年）后重算期限 (deadlines recomputed after the {cause['calendarYear']} "
        f"schedule changed): {', '.join(moved + verdicts) or 'provisional'}"
    )
    data = {
        "cause": cause,
        "changes": [
            {"field": _camel(n), "from": plain(before), "to": plain(after)}
            for n, (before, after) in changes.items()
        ]
        + extension_moves,
        "flags": [
            {"stage": stage.upper(), "flag": what}
            for (stage, sid), what in sorted(flags.items())
            if sid == c.id
        ],
    }
    return ("Complaint", c.id, "DEADLINES_RECOMPUTED", summary, data)


def _moves(c: Complaint, changes: dict[str, tuple[Any, Any]], now: datetime) -> list[MovedDeadline]:
    moves = []
    for stage in STAGES:
        moved = changes.get(f"{stage}_due_at")
        if moved is None or moved[0] is None:
            continue
        met = getattr(c, {"contact": "contacted_at", "reply": "replied_at", "resolve": "resolved_at"}[stage])
        overdue = met is None and c.status not in UNFLAGGED and moved[1] < now
        moves.append(
            MovedDeadline(OverdueKind.COMPLAINT_STAGE, stage.upper(), c.id, moved[0], moved[1], overdue)
        )
    return moves


async def _batch(scope: Scope, rows: list[Complaint], counter: Counter, cause: dict[str, Any]) -> int:
    policies = {p.id: p for p in await SlaPolicy.filter(id__in={c.sla_policy_id for c in rows})}
    extensions: dict[int, list[Extension]] = {}
    for ext in await Extension.filter(complaint_id__in=[c.id for c in rows]):
        extensions.setdefault(ext.complaint_id, []).append(ext)
    now = scope.now()
    # (complaint, its changed columns, its extensions' moved previous deadlines)
    changed: list[tuple[Complaint, dict[str, tuple[Any, Any]], list[dict[str, Any]]]] = []
    moved_extensions: list[Extension] = []
    for c in rows:
        if c.sla_policy_id is None:
            continue
        out = recompute_one(c, policies[c.sla_policy_id], extensions.get(c.id, []), counter)
        extension_moves = []
        for ext, previous in out.extensions:
            extension_moves.append(
                {
                    "field": "extension.previousDueAt",
                    "extensionId": ext.id,
                    "from": plain(ext.previous_due_at),
                    "to": plain(previous),
                }
            )
            ext.previous_due_at = previous
            ext.version += 1
            ext.updated_at = now
            moved_extensions.append(ext)
        changes = _changes(c, out)
        if changes or extension_moves:
            changed.append((c, changes, extension_moves))
    if not changed:
        return 0
    moves = [m for c, changes, _ in changed for m in _moves(c, changes, now)]
    flags = await follow_moved_deadlines(moves, now, counter.calendar, local_tz())
    rewritten = [(c, changes) for c, changes, _ in changed if changes]
    for c, changes in rewritten:
        for name, (_, after) in changes.items():
            setattr(c, name, after)
        c.version += 1
        c.updated_at = now
    if rewritten:
        columns = sorted({n for _, changes in rewritten for n in changes} | {"version", "updated_at"})
        await Complaint.bulk_update([c for c, _ in rewritten], columns, BATCH)
    if moved_extensions:
        await Extension.bulk_update(moved_extensions, ["previous_due_at", "version", "updated_at"], BATCH)
    await record_events(scope, [_event(c, ch, ext, flags, cause) for c, ch, ext in changed])
    return len(changed)


async def recompute_complaint_deadlines(scope: Scope, change: ScheduleChange) -> int:
    """Hook of `on_calendar_loaded`: every complaint whose count touches the changed days (the whole year
    on a first load) is recomputed on the new schedule; returns how many changed."""
    bounds = change.window()
    if bounds is None:
        return 0
    counter = Counter(await get_calendar())
    start, end = bounds
    # A count touches [start, end) when its clock started before `end` and a deadline (24:00 of its
    # last day) lies after `start`: a superset of the counts that pass through a changed day.
    window = Q(dispatched_at__lt=end) & (
        Q(contact_due_at__gt=start) | Q(reply_due_at__gt=start) | Q(resolve_due_at__gt=start)
    )
    cause = {"calendarYear": change.year, "reason": "SCHEDULE_CHANGED"}
    touched, after_id = 0, 0
    while True:
        query = Complaint.filter(window, id__gt=after_id).order_by("id").limit(BATCH).only(*READ)
        rows = list(await query.select_for_update())
        if not rows:
            return touched
        touched += await _batch(scope, rows, counter, cause)
        after_id = rows[-1].id
        if len(rows) < BATCH:
            return touched
