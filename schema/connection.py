"""Relay cursor connections: edges, pageInfo, nodes and a totalCount counted only when asked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection
from tortoise.queryset import QuerySet

from resolvers.listing import Listing
from resolvers.pagination import Page, encode_cursor

__all__ = [
    "After",
    "Before",
    "Connection",
    "Edge",
    "First",
    "Last",
    "PageInfo",
    "item_selection",
    "listing_connection",
    "node_selection",
    "to_connection",
]

# Pagination arguments, described once for every connection field.
First = Annotated[
    int | None, strawberry.argument(description="取前 N 项 (the first N items, 0-100; default 20)")
]
After = Annotated[str | None, strawberry.argument(description="在此游标之后 (items after this cursor)")]
Last = Annotated[int | None, strawberry.argument(description="取后 N 项 (the last N items, 0-100)")]
Before = Annotated[str | None, strawberry.argument(description="在此游标之前 (items before this cursor)")]

T = TypeVar("T")


@strawberry.type(description="分页信息 (Relay page info)")
class PageInfo:
    has_next_page: bool = strawberry.field(description="之后是否还有 (more items after this page)")
    has_previous_page: bool = strawberry.field(description="之前是否还有 (items before this page)")
    start_cursor: str | None = strawberry.field(description="本页第一项的游标 (cursor of the first edge)")
    end_cursor: str | None = strawberry.field(description="本页最后一项的游标 (cursor of the last edge)")


@strawberry.type(description="连接中的一项 (an edge: a node and its cursor)")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="游标 (opaque cursor, for after/before)")
    node: T = strawberry.field(description="节点 (the item)")


@strawberry.type(description="分页列表 (a Relay connection, `first`/`last` at most 100)")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="本页各项 (this page's edges)")
    nodes: list[T] = strawberry.field(description="本页各项节点 (this page's nodes, without cursors)")
    page_info: PageInfo = strawberry.field(description="分页信息 (page info)")
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="符合条件的总数 (total matching items the caller may see)")
    async def total_count(self) -> int:
        return await self._count()


def to_connection(page: Page[Any], convert: Callable[[Any], Any] | None = None) -> Connection[Any]:
    items = [convert(i) for i in page.items] if convert else page.items
    edges = [Edge(cursor=encode_cursor(page.start + n), node=item) for n, item in enumerate(items)]
    return Connection(
        edges=edges,
        nodes=items,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=page.count,
    )


async def listing_connection(
    info: Any,
    listing: Listing[Any],
    qs: QuerySet[Any],
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
    convert: Callable[[Any], Any] | None = None,
) -> Connection[Any]:
    """The one path of every connection over a listing's rows: the columns its selection needs, one
    statement for the page, one batch per related row its fields read (`Listing.page`)."""
    page = await listing.page(
        qs, node_selection(info), info.context.loaders.prime, first, after, last, before
    )
    return to_connection(page, convert)


def _fields(selections: list[Selection]) -> list[SelectedField]:
    """The fields of a selection set, fragments (named and inline) flattened."""
    found: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            found.append(selection)
        elif isinstance(selection, FragmentSpread | InlineFragment):
            found.extend(_fields(selection.selections))
    return found


def item_selection(info: Any) -> set[str]:
    """The fields a list field's query selects on its items."""
    return {f.name for field in info.selected_fields for f in _fields(field.selections)}


def node_selection(info: Any) -> set[str]:
    """The fields a connection's query selects on its nodes (`nodes { … }` and `edges { node { … } }`)."""
    wanted: set[str] = set()
    for connection in info.selected_fields:
        for child in _fields(connection.selections):
            if child.name == "nodes":
                wanted.update(f.name for f in _fields(child.selections))
            elif child.name == "edges":
                for node in _fields(child.selections):
                    if node.name == "node":
                        wanted.update(f.name for f in _fields(node.selections))
    return wanted
