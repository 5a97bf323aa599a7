"""The digest job: for each due day and period, one digest per handling unit with work to report, and
one roll-up for the supervision office; each item is recorded on its subject's timeline.

Items are read set-based (one query per source for all units), grouped in memory by unit, and the
digests and reminder events are bulk-inserted. The unique (recipient, period, period start) key
means a re-run, or a second process, never writes a second copy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from jobs.deliveries import queue_deliveries
from jobs.digest_rules import days_to_generate, periods_on
from jobs.overdue import IsWorkday
from jobs.registry import Job, register_job
from models.digest import Digest, DigestPeriod
from models.event import Event
from models.overdue import OverdueFlag, OverdueKind
from models.settings import load_settings
from models.sql import Sql
from resolvers.access import Scope
from resolvers.audit.verify import publish_checkpoint
from resolvers.calendar.queries import get_calendar

__all__ = ["run"]

OFFICE = "role:SUPERVISOR"
INSPECTORS = "role:INSPECTOR"
TOP_OVERDUE = 20
# The digest item kind of a liaison unit's enterprise's open complaint (category LIAISON).
LIAISON_KIND = "LIAISON_OPEN_COMPLAINT"


def _item(
    category: str,
    subject_type: str,
    subject_id: int,
    kind: str,
    stage: str,
    due_at: Any,
    unit_id: int | None,
    days: int = 0,
) -> dict[str, Any]:
    due = due_at.isoformat() if isinstance(due_at, datetime) else str(due_at)
    return {
        "category": category,
        "subjectType": subject_type,
        "subjectId": subject_id,
        "kind": kind,
        "stage": stage or None,
        "dueAt": due,
        "unitId": unit_id,
        "overdueWorkingDays": days,
    }


def _horizon(today: date, n: int, is_workday: IsWorkday) -> date:
    day, left = today, n
    while left > 0:
        day += timedelta(days=1)
        left -= is_workday(day)
    return day


async def _due_soon(sql: Sql, now: datetime, today: date, horizon: date) -> list[dict[str, Any]]:
    """Open work whose deadline falls within the next N working days (not yet overdue)."""
    lead = "(SELECT tu.unit_id FROM task_unit tu WHERE tu.task_id = t.id AND tu.role = 'LEAD' ORDER BY tu.position, tu.id LIMIT 1)"
    statements = [
        (
            "Task",
            "TASK",
            "",
            f"SELECT t.id AS id, {lead} AS unit_id, {sql.end_of_day('t.due_on')} AS due_at FROM task t "
            "WHERE t.due_on >= :today AND t.due_on <= :horizon AND t.status IN ('NOT_STARTED', 'IN_PROGRESS')",
        ),
        (
            "Milestone",
            "MILESTONE",
            "",
            f"SELECT m.id AS id, {lead} AS unit_id, {sql.end_of_day('m.due_on')} AS due_at "
            "FROM milestone m JOIN task t ON t.id = m.task_id WHERE m.due_on >= :today AND m.due_on <= :horizon "
            "AND m.completed_at IS NULL AND t.status IN ('NOT_STARTED', 'IN_PROGRESS')",
        ),
    ]
    for stage, due, met in (
        ("CONTACT", "contact_due_at", "contacted_at"),
        ("REPLY", "reply_due_at", "replied_at"),
        ("RESOLVE", "resolve_due_at", "resolved_at"),
    ):
        statements.append(
            (
                "Complaint",
                "COMPLAINT_STAGE",
                stage,
                f"SELECT c.id AS id, c.handling_unit_id AS unit_id, c.{due} AS due_at FROM complaint c "
                f"WHERE c.{due} >= :now AND {sql.last_local_day('c.' + due)} <= :horizon AND c.{met} IS NULL "
                "AND c.status NOT IN ('WITHDRAWN', 'CLOSED', 'RECEIVED')",
            )
        )
    statements.append(
        (
            "SupervisionItem",
            "SUPERVISION_ITEM",
            "",
            f"SELECT s.id AS id, s.responsible_unit_id AS unit_id, {sql.end_of_day('s.due_on')} AS due_at "
            "FROM supervision_item s WHERE s.due_on >= :today AND s.due_on <= :horizon AND s.status <> 'CLOSED'",
        )
    )
    statements.append(
        (
            "Recommendation",
            "RECOMMENDATION",
            "",
            f"SELECT r.id AS id, r.unit_id AS unit_id, {sql.end_of_day('r.reply_due_on')} AS due_at "
            "FROM recommendation r WHERE r.reply_due_on >= :today AND r.reply_due_on <= :horizon "
            "AND r.replied_at IS NULL",
        )
    )
    items = []
    for subject_type, kind, stage, select in statements:
        for row in await sql.fetch(select, now=now, today=today, horizon=horizon):
            items.append(
                _item("DUE_SOON", subject_type, row["id"], kind, stage, row["due_at"], row["unit_id"])
            )
    return items


async def _liaison_open(sql: Sql) -> list[dict[str, Any]]:
    """The open complaints of every enterprise with a liaison cadre (帮包责任人), each for the cadre's
    unit: one statement for all units, whatever their number ("一企一策一人")."""
    rows = await sql.fetch(
        "SELECT c.id AS id, e.liaison_unit_id AS unit_id, COALESCE(c.resolve_due_at, c.received_at) AS due_at "
        "FROM complaint c JOIN enterprise e ON e.id = c.enterprise_id "
        "WHERE e.liaison_unit_id IS NOT NULL AND c.status NOT IN ('CLOSED', 'WITHDRAWN') "
        "ORDER BY e.liaison_unit_id, c.received_at, c.id"
    )
    return [_item("LIAISON", "Complaint", r["id"], LIAISON_KIND, "", r["due_at"], r["unit_id"]) for r in rows]


async def _overdue() -> list[tuple[dict[str, Any], datetime]]:
    flags = await OverdueFlag.filter(cleared_at=None).order_by("-overdue_working_days", "due_at")
    return [
        (
            _item(
                "STILL_OVERDUE",
                f.subject_type,
                f.subject_id,
                f.kind.value,
                f.stage,
                f.due_at,
                f.unit_id,
                f.overdue_working_days,
            ),
            f.detected_at,
        )
        for f in flags
    ]


def _confidential(item: dict[str, Any]) -> bool:
    """Recommendations (纪检监察建议) are followed up by the inspectors, in their own digest only."""
    return item["kind"] == OverdueKind.RECOMMENDATION.value


def _unit_items(
    due_soon: list[dict[str, Any]],
    overdue: list[tuple[dict[str, Any], datetime]],
    last_sent: dict[str, datetime],
    liaison: list[dict[str, Any]],
) -> dict[int, list[dict[str, Any]]]:
    by_unit: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in liaison:
        by_unit[item["unitId"]].append(item)
    for item in due_soon:
        if item["unitId"] and not _confidential(item):
            by_unit[item["unitId"]].append(item)
    for item, detected in overdue:
        if item["unitId"] and not _confidential(item):
            since = last_sent.get(f"unit:{item['unitId']}")
            category = "NEWLY_OVERDUE" if since is None or detected > since else "STILL_OVERDUE"
            by_unit[item["unitId"]].append({**item, "category": category})
    return by_unit


def _summary(items: list[dict[str, Any]]) -> dict[str, Any]:
    counts = Counter(i["category"] for i in items)
    return {
        "dueSoon": counts["DUE_SOON"],
        "newlyOverdue": counts["NEWLY_OVERDUE"],
        "stillOverdue": counts["STILL_OVERDUE"],
        "liaisonOpen": counts["LIAISON"],
        "byKind": dict(Counter(i["kind"] for i in items if i["category"] not in ("DUE_SOON", "LIAISON"))),
    }


def _inspectors(
    due_soon: list[dict[str, Any]], overdue: list[tuple[dict[str, Any], datetime]]
) -> list[dict[str, Any]]:
    return [i for i in due_soon if _confidential(i)] + [i for i, _ in overdue if _confidential(i)]


def _office(overdue: list[tuple[dict[str, Any], datetime]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    overdue = [(i, d) for i, d in overdue if not _confidential(i)]
    items = [i for i, _ in overdue[:TOP_OVERDUE]]
    per_unit = Counter(i["unitId"] for i, _ in overdue if i["unitId"])
    summary = {
        **_summary([i for i, _ in overdue]),
        "byUnit": [{"unitId": u, "overdue": n} for u, n in per_unit.most_common()],
    }
    return items, summary


async def _last_sent(period: DigestPeriod) -> dict[str, datetime]:
    rows = await Digest.filter(period=period).order_by("generated_at").values("recipient_key", "generated_at")
    return {r["recipient_key"]: r["generated_at"] for r in rows}


async def _write(
    day: date,
    period: DigestPeriod,
    now: datetime,
    drafts: dict[str, tuple[int | None, str | None, list[dict[str, Any]], dict[str, Any]]],
    request_id: str,
) -> int:
    existing = set(
        await Digest.filter(period=period, period_start=day).values_list("recipient_key", flat=True)
    )
    new = [
        Digest(
            recipient_key=k,
            recipient_unit_id=u,
            recipient_role=r,
            period=period,
            period_start=day,
            generated_at=now,
            items=items,
            summary=summary,
        )
        for k, (u, r, items, summary) in drafts.items()
        if k not in existing
    ]
    if not new:
        return 0
    await Digest.bulk_create(new)
    written = await Digest.filter(
        period=period, period_start=day, recipient_key__in=[d.recipient_key for d in new]
    )
    made = {d.recipient_key: d.id for d in written}
    queued = await queue_deliveries(written, now)
    events = [
        Event(
            subject_type=i["subjectType"],
            subject_id=i["subjectId"],
            kind="REMINDED",
            summary=f"列入{period.value}提醒 (reminded in digest {made[d.recipient_key]}, {i['category']})",
            actor="system",
            actor_role="ADMIN",
            at=now,
            request_id=request_id,
            data={"digestId": made[d.recipient_key], "recipient": d.recipient_key, "category": i["category"]},
        )
        for d in new
        for i in d.items
    ]
    await Event.bulk_create(events, batch_size=1000)
    return len(new) + len(events) + queued


async def run(scope: Scope) -> int:
    settings = load_settings()
    is_workday = (await get_calendar()).is_workday
    now = scope.now()
    local_now = now.astimezone(settings.tz)
    offset = int((local_now.utcoffset() or timedelta(0)).total_seconds() // 3600)
    sql = Sql(settings.timezone, offset)
    last = await Digest.all().order_by("-period_start").first()
    days = [
        d
        for d in days_to_generate(local_now, last.period_start if last else None)
        if periods_on(d, is_workday)
    ]
    if not days:
        return 0
    today = local_now.date()
    checkpoint = await publish_checkpoint("the inspectors' daily digest")
    due_soon = await _due_soon(sql, now, today, _horizon(today, settings.digest_lookahead_days, is_workday))
    liaison = await _liaison_open(sql)
    touched = 0
    for day in days:
        for period in periods_on(day, is_workday):
            last_sent = await _last_sent(period)
            overdue = await _overdue()
            drafts = {
                f"unit:{u}": (u, None, items, _summary(items))
                for u, items in _unit_items(due_soon, overdue, last_sent, liaison).items()
            }
            office_items, office_summary = _office(overdue)
            drafts[OFFICE] = (None, "SUPERVISOR", office_items, office_summary)
            if inspector_items := _inspectors(due_soon, overdue):
                summary = _summary(inspector_items)
                if checkpoint and period is DigestPeriod.DAILY:
                    # The audit chain's head, for the inspectors to keep outside the database.
                    summary["auditCheckpoint"] = {"seq": checkpoint.seq, "hash": checkpoint.hash}
                drafts[INSPECTORS] = (None, "INSPECTOR", inspector_items, summary)
            touched += await _write(day, period, now, drafts, scope.request_id or "digests")
    return touched


# Every half hour: a day's digests are written once (unique per recipient, period and day); the
# frequent check is what makes them appear soon after the morning hour and after downtime.
register_job(
    Job(
        "digests",
        run,
        "提醒 (daily, weekly and monthly digests for units and the office)",
        every_seconds=1800,
        first_run_delay_seconds=60,
    )
)
