"""Complaint root fields: `complaints`, `complaint`, `enterprises`, `slaPolicies`, `complaintStats`, `unitRanking`."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

import strawberry

from models.complaint import SlaPolicy as SlaPolicyRow
from resolvers.complaints import enterprises, queries, stats
from resolvers.units.loaders import load_units
from schema.commands import command
from schema.complaints.enterprise_types import Enterprise, SlaPolicy
from schema.complaints.enums import RankingMetricEnum, StatsGroupingEnum
from schema.complaints.inputs import ComplaintFilter, ComplaintOrder, EnterpriseFilter
from schema.complaints.stats_types import ComplaintStats, RankingEntry
from schema.complaints.types import Complaint
from schema.connection import Connection, item_selection, listing_connection
from schema.context import Info
from schema.units.enums import UnitKindEnum

__all__ = ["ComplaintQuery", "complaint_connection"]


async def complaint_connection(
    info: Info,
    filter: ComplaintFilter | None,
    order_by: list[ComplaintOrder] | None,
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
) -> Connection[Complaint]:
    scope = info.context.scope
    qs = await queries.COMPLAINTS.listed(
        scope.actor,
        command(filter, queries.ComplaintFilter),
        [command(o, queries.ComplaintOrder) for o in order_by or []],
        scope.now(),
    )
    return await listing_connection(info, queries.COMPLAINTS, qs, first, after, last, before)


def _snake(name: str) -> str:
    """A field's GraphQL name as its Python name (`onTimeRate` → `on_time_rate`)."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@strawberry.type
class ComplaintQuery:
    @strawberry.field(
        description="企业诉求列表 (complaints the caller may see; unit operators: their subtree)"
    )
    async def complaints(
        self,
        info: Info,
        filter: ComplaintFilter | None = None,
        order_by: list[ComplaintOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Complaint]:
        return await complaint_connection(info, filter, order_by, first, after, last, before)

    @strawberry.field(description="按编号取诉求 (a complaint by its serial number)")
    async def complaint(self, info: Info, serial_no: str) -> Complaint | None:
        return await queries.complaint_by_serial(info.context.actor, serial_no)

    @strawberry.field(description="企业列表 (enterprises, by name)")
    async def enterprises(
        self,
        info: Info,
        filter: EnterpriseFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Enterprise]:
        qs = await enterprises.filter_enterprises(
            info.context.actor, command(filter, enterprises.EnterpriseFilter)
        )
        return await listing_connection(info, enterprises.ENTERPRISES, qs, first, after)

    @strawberry.field(description="诉求办理时限标准 (SLA policies, by code)")
    async def sla_policies(self, info: Info) -> list[SlaPolicy]:
        return list(await SlaPolicyRow.all().order_by("code"))

    @strawberry.field(
        description="诉求指标 (figures of the seeds: 2小时响应率, 按时办结率, 回访率, 满意率, 重办率, 首次办结率 … per unit and period)"
    )
    async def complaint_stats(
        self,
        info: Info,
        from_: Annotated[
            date, strawberry.argument(name="from", description="起始日期 (first day, Asia/Shanghai)")
        ],
        to: Annotated[date, strawberry.argument(description="截止日期 (last day, inclusive)")],
        unit_codes: Annotated[
            list[str] | None,
            strawberry.argument(description="单位编码 (units; omitted: every unit handling complaints)"),
        ] = None,
        include_descendants: Annotated[
            bool | None,
            strawberry.argument(
                description="含下级单位 (roll each unit's subtree up; null: the default, true)"
            ),
        ] = True,
        group_by: Annotated[
            StatsGroupingEnum | None,
            strawberry.argument(description="分组 (grouping; null: the default, UNIT)"),
        ] = StatsGroupingEnum.UNIT,
    ) -> list[ComplaintStats]:
        # The contract (0.1.0) declares both nullable with a default: an explicit null means the default.
        selected = item_selection(info)
        wanted = stats.counts_for(_snake(name) for name in selected)
        rows = await stats.complaint_stats(
            info.context.actor,
            from_,
            to,
            unit_codes,
            True if include_descendants is None else include_descendants,
            group_by or StatsGroupingEnum.UNIT,
            wanted,
            now=info.context.scope.now(),
        )
        if "unit" in selected:
            # One batch for every row's unit (a city-wide list has a few hundred).
            await info.context.loaders.prime(load_units, (row.unit_id for row in rows))
        return [ComplaintStats.of(row) for row in rows]

    @strawberry.field(
        description="单位排名 (units ranked by a figure; best first; equal figures share a rank, 并列: 1, 2, 2, 4)"
    )
    async def unit_ranking(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="起始日期 (first day)")],
        to: Annotated[date, strawberry.argument(description="截止日期 (last day, inclusive)")],
        metric: Annotated[RankingMetricEnum, strawberry.argument(description="指标 (metric)")],
        unit_kind: Annotated[
            UnitKindEnum | None, strawberry.argument(description="单位类型 (only this kind)")
        ] = None,
        within_unit_code: Annotated[
            str | None,
            strawberry.argument(
                description="排名范围 (rank only this unit's direct children, e.g. a county's units; "
                "never a unit beside its own parent)"
            ),
        ] = None,
    ) -> list[RankingEntry]:
        ranked = await stats.rank_units(
            info.context.actor, from_, to, metric, unit_kind, within_unit_code, now=info.context.scope.now()
        )
        return [
            RankingEntry(rank=rank, unit=unit, value=value, stats=ComplaintStats.of(figures))
            for rank, unit, value, figures in ranked
        ]
