"""The `Unit` type; runtime objects are `models.unit.Unit` rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import unit as m
from models.overdue import OverdueKind
from resolvers.access import may_read
from resolvers.pagination import Page, paginate_list
from resolvers.units import queries as _listing  # noqa: F401  (registers the listing)
from resolvers.units.loaders import load_unit_children, load_units
from schema.connection import After, Connection, First, node_selection, to_connection
from schema.context import Info
from schema.node import Node, encode_id, register_node
from schema.units.enums import UnitKindEnum, UnitLevelEnum

if TYPE_CHECKING:
    from schema.complaints.inputs import ComplaintFilter
    from schema.complaints.types import Complaint
    from schema.ledger.inputs import TaskFilter
    from schema.ledger.types import Task
    from schema.overdue.types import OverdueKindCount

LazyTask = Annotated["Task", strawberry.lazy("schema.ledger.types")]
LazyTaskFilter = Annotated["TaskFilter", strawberry.lazy("schema.ledger.inputs")]
LazyOverdueKindCount = Annotated["OverdueKindCount", strawberry.lazy("schema.overdue.types")]

__all__ = ["Unit", "mask_name", "mask_phone"]


def mask_phone(phone: str | None) -> str | None:
    """13912345678 → 139****5678: enough to recognise, not to call."""
    if not phone:
        return phone
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def mask_name(name: str | None) -> str | None:
    return name[0] + "*" * (len(name) - 1) if name else name


async def _overdue_by_kind(unit: m.Unit, info: Info) -> dict[OverdueKind, int]:
    """Open overdue flags per kind for which the unit is responsible, batched per request."""
    from resolvers.overdue import queries

    actor = info.context.actor
    full = may_read(actor, "tasks") and may_read(actor, "supervision")
    batch = queries.load_unit_overdue_by_kind if full else queries.load_unit_complaint_overdue_by_kind
    return await info.context.loaders(batch).load(unit.id)  # type: ignore[no-any-return]


@strawberry.type(description="单位 (a unit: government, department, township, park, office)")
class Unit(Node):
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, m.Unit)

    @strawberry.field(description="全局 ID (global id)")
    def id(self: m.Unit) -> strawberry.ID:  # type: ignore[override]
        return encode_id("Unit", self.id)

    code: str = strawberry.field(description="单位编码 (stable unique code)")

    name: str = strawberry.field(description="单位全称 (full name)")

    short_name: str | None = strawberry.field(description="单位简称 (short name)")

    kind: UnitKindEnum = strawberry.field(description="单位类型 (kind)")

    level: UnitLevelEnum = strawberry.field(description="行政层级 (level)")

    active: bool = strawberry.field(description="是否在用 (active; inactive units keep their history)")

    version: int = strawberry.field(description="版本号 (version, for expectedVersion on updates)")

    @strawberry.field(description="上级单位 (parent unit)")
    async def parent(self: m.Unit, info: Info) -> Unit | None:
        if self.parent_id is None:
            return None
        return await info.context.loaders(load_units).load(self.parent_id)

    @strawberry.field(description="下级单位 (child units, by code)")
    async def children(
        self: m.Unit, info: Info, first: First = None, after: After = None
    ) -> Connection[Unit]:
        kids = await info.context.loaders(load_unit_children).load(self.id)
        return to_connection(paginate_list(kids, first, after))

    @strawberry.field(description="提醒推送地址 (webhook URL for digests; shown to ADMIN only)")
    def webhook_url(self: m.Unit, info: Info) -> str | None:
        return self.webhook_url if info.context.actor.role.value == "ADMIN" else None

    @strawberry.field(description="联络员姓名 (liaison 联络员; masked for VIEWER)")
    def liaison_name(self: m.Unit, info: Info) -> str | None:
        return mask_name(self.liaison_name) if info.context.actor.masks_contacts else self.liaison_name

    @strawberry.field(description="联络员电话 (liaison phone; masked for VIEWER)")
    def liaison_phone(self: m.Unit, info: Info) -> str | None:
        return mask_phone(self.liaison_phone) if info.context.actor.masks_contacts else self.liaison_phone

    @strawberry.field(description="牵头任务 (tasks this unit leads, by code)")
    async def lead_tasks(
        self: m.Unit,
        info: Info,
        filter: LazyTaskFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[LazyTask]:
        from schema.ledger.query import unit_tasks

        return await unit_tasks(info, filter, first, after, lead_unit_id=self.id)

    @strawberry.field(description="参与任务 (tasks this unit co-handles as 责任单位, by code)")
    async def co_tasks(
        self: m.Unit,
        info: Info,
        filter: LazyTaskFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[LazyTask]:
        from schema.ledger.query import unit_tasks

        return await unit_tasks(info, filter, first, after, co_unit_id=self.id)

    @strawberry.field(
        description="当前逾期数 (overdue now, all kinds flagged by the overdue job, for which this unit is responsible)"
    )
    async def overdue_count(self: m.Unit, info: Info) -> int:
        return sum((await _overdue_by_kind(self, info)).values())

    @strawberry.field(
        description="当前逾期数按类别 (overdue now per kind, the kinds the caller may read; kinds with none are left out)"
    )
    async def overdue_by_kind(self: m.Unit, info: Info) -> list[LazyOverdueKindCount]:
        from schema.overdue.types import OverdueKindCount

        counts = await _overdue_by_kind(self, info)
        return [
            OverdueKindCount(kind=kind, count=n)
            for kind, n in sorted(counts.items(), key=lambda kv: kv[0].value)
        ]

    @strawberry.field(description="承办的企业诉求 (complaints dispatched to this unit and its descendants)")
    async def complaints(
        self: m.Unit,
        info: Info,
        filter: Annotated[ComplaintFilter, strawberry.lazy("schema.complaints.inputs")] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Annotated[Complaint, strawberry.lazy("schema.complaints.types")]]:
        from resolvers.complaints import queries as complaint_queries
        from resolvers.complaints.queries import COMPLAINTS, unit_complaint_pages
        from schema.commands import command

        query = command(filter, complaint_queries.ComplaintFilter)
        selection = node_selection(info)
        scope = info.context.scope

        async def pages(codes: Sequence[str]) -> list[Page[Any]]:
            columns = COMPLAINTS.columns_for(selection)
            found = await unit_complaint_pages(scope.actor, codes, query, first, after, scope.now(), columns)
            rows = [row for page in found for row in page.items]
            loaders = info.context.loaders
            for name, prime in COMPLAINTS.primes.items():
                if name in selection and rows:
                    await loaders.prime(prime.batch, (getattr(r, prime.key) for r in rows))
            return found

        # One batch for every unit of the page asking with the same arguments and selection.
        key = ("unit_complaints", repr(query), first, after, tuple(sorted(selection)))
        page = await info.context.loaders.keyed(key, pages).load(self.code)
        return to_connection(page)


register_node("Unit", load_units)
