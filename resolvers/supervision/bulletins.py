"""Bulletin action: publish a numbered issue (第N期, gap-free per year), optionally from a generated draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from tortoise.functions import Count

from models.overdue import OverdueFlag, OverdueKind
from models.settings import load_settings
from models.supervision import Bulletin, BulletinKind, SupervisionItem, SupervisionStatus
from models.unit import Unit, UnitLevel
from resolvers.access import SYSTEM, Scope, require_role
from resolvers.complaints.stats import RankingMetric, competition_ranks, rank_units
from resolvers.counters import next_number
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.inputs import local_today, require_text

__all__ = ["PublishBulletin", "draft_bulletin", "publish_bulletin", "unit_ranking_section"]

# Bulletins are public within the government: confidential kinds never appear in their figures.
PUBLIC_FLAG_KINDS = [k for k in OverdueKind if k is not OverdueKind.RECOMMENDATION]


@dataclass
class PublishBulletin:
    kind: BulletinKind
    title: str
    body: str = ""
    period_start: date | None = None
    period_end: date | None = None
    cited: dict[str, Any] = field(default_factory=dict)
    generate_draft: bool = False


async def unit_ranking_section(period_start: date, period_end: date) -> list[str]:
    """The period's ranking of the county-level governments and parks by on-time completion (按时办结率)."""
    ranked = await rank_units(SYSTEM, period_start, period_end, RankingMetric.ON_TIME_RATE, None)
    counties = [
        (unit, value, stats)
        for _rank, unit, value, stats in ranked
        if unit.level is UnitLevel.COUNTY and value is not None
    ]
    # Ranked again among the counties alone; equal rates share the place (并列).
    ranks = competition_ranks([value for _, value, _ in counties])
    return [
        f"第{rank}名 {unit.short_name or unit.name}：按时办结率 {value:.1%}（到期 {stats.due_in_period} 件）"
        for rank, (unit, value, stats) in zip(ranks, counties, strict=True)
    ]


async def _overdue_items(today: date, period_end: date) -> list[SupervisionItem]:
    cutoff = min(today - timedelta(days=1), period_end)
    return (
        await SupervisionItem.filter(due_on__lte=cutoff)
        .exclude(status=SupervisionStatus.CLOSED)
        .order_by("due_on", "id")
        .limit(200)
    )


async def _flags_by_unit(period_start: date, period_end: date, tz: Any) -> list[dict[str, Any]]:
    start = datetime.combine(period_start, time.min, tz)
    end = datetime.combine(period_end + timedelta(days=1), time.min, tz)
    return (
        await OverdueFlag.filter(detected_at__gte=start, detected_at__lt=end, kind__in=PUBLIC_FLAG_KINDS)
        .exclude(unit_id=None)
        .annotate(flags=Count("id"))
        .group_by("unit_id")
        .order_by("-flags", "unit_id")
        .values("unit_id", "flags")
    )


async def draft_bulletin(scope: Scope, period_start: date, period_end: date) -> tuple[str, dict[str, Any]]:
    """The draft body and its figures: ranking (later), overdue supervision items, overdue flags by unit."""
    today = local_today(scope)
    items = await _overdue_items(today, period_end)
    flags = await _flags_by_unit(period_start, period_end, load_settings().tz)
    names = {
        u.id: u.name
        for u in await Unit.filter(
            id__in={i.responsible_unit_id for i in items} | {f["unit_id"] for f in flags}
        )
    }
    lines = [f"统计期间: {period_start} 至 {period_end}"]
    ranking = await unit_ranking_section(period_start, period_end)
    if ranking:
        lines += ["一、单位排名", *ranking]
    lines.append("二、逾期未整改督办事项")
    lines += [f"{i.serial} {i.title}（{names[i.responsible_unit_id]}，期限 {i.due_on}）" for i in items] or [
        "无"
    ]
    lines.append("三、逾期情况（按单位）")
    lines += [f"{names[f['unit_id']]}: {f['flags']} 项" for f in flags] or ["无"]
    figures = {
        "overdueItems": [i.serial for i in items],
        "overdueByUnit": [{"unitId": f["unit_id"], "flags": f["flags"]} for f in flags],
    }
    return "\n".join(lines), figures


async def publish_bulletin(scope: Scope, cmd: PublishBulletin) -> Bulletin:
    require_role(scope.actor, "supervision")
    title = require_text(cmd.title, "title", "通报标题")
    if cmd.period_start and cmd.period_end and cmd.period_end < cmd.period_start:
        raise UserError(
            ErrorCode.INVALID_DATES, "统计期间结束早于开始 (period ends before it starts)", "periodEnd"
        )
    if not isinstance(cmd.cited, dict):
        raise UserError(
            ErrorCode.INVALID_CITED, "引用数据须为 JSON 对象 (cited must be a JSON object)", "cited"
        )
    body, cited = cmd.body.strip(), dict(cmd.cited)
    if cmd.generate_draft:
        if not (cmd.period_start and cmd.period_end):
            raise UserError(
                ErrorCode.REQUIRED, "生成草稿须给出统计期间 (a draft needs a period)", "periodStart"
            )
        draft, figures = await draft_bulletin(scope, cmd.period_start, cmd.period_end)
        body = f"{draft}\n\n{body}" if body else draft
        cited = {**figures, **cited}
    require_text(body, "body", "通报正文")
    year = local_today(scope).year
    number = await next_number(f"bulletin:{year}")
    bulletin = await Bulletin.create(
        year=year,
        number=number,
        kind=cmd.kind,
        period_start=cmd.period_start,
        period_end=cmd.period_end,
        title=title,
        body=body,
        cited=cited,
        published_at=scope.now(),
        published_by=scope.actor.name,
    )
    await record_event(
        scope, "Bulletin", bulletin.id, "PUBLISHED", f"{year}年第{number}期 {title}", {"kind": cmd.kind.value}
    )
    return bulletin
