"""The `trace` root field: walk the chain, load its nodes per type in one batch, read one timeline."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

import strawberry

from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from resolvers.trace import NodeKey, chain_events, walk_chain
from schema.context import Info
from schema.node import decode_id, encode_id, readable_or_none, readable_type, resolve_node
from schema.trace.types import Trace, TraceEdge

__all__ = ["TraceQuery"]


def _visible(info: Info) -> Callable[[Sequence[NodeKey]], Awaitable[set[NodeKey]]]:
    """Which of a step's nodes the caller may see (the loaders batch them per type and keep them)."""

    async def visible(keys: Sequence[NodeKey]) -> set[NodeKey]:
        found = await asyncio.gather(*(readable_or_none(info, encode_id(t, i)) for t, i in keys))
        return {key for key, obj in zip(keys, found, strict=True) if obj is not None}

    return visible


@strawberry.type
class TraceQuery:
    @strawberry.field(
        description="追溯链 (the accountability chain through any node: origins, escalations, outcomes, one "
        "timeline; redacted by role; TRACE_TOO_LARGE beyond 12 hops or 500 nodes)"
    )
    async def trace(self, info: Info, id: strawberry.ID) -> Trace:
        root = await resolve_node(info, id)
        if root is None:
            raise RequestError(ErrorCode.NOT_FOUND, f"对象不存在 (no such node: {id})")
        type_name, pk = decode_id(id)
        chain = await walk_chain((type_name, pk), lambda t: readable_type(info, t), visible=_visible(info))
        # The loaders batch these per type: one SELECT per type, whatever the chain's size.
        objects = await asyncio.gather(*(readable_or_none(info, encode_id(t, i)) for t, i in chain.nodes))
        shown = {key for key, obj in zip(chain.nodes, objects, strict=True) if obj is not None}
        events = await chain_events(sorted(shown))
        edges = [
            TraceEdge(link=k)
            for k in chain.links
            if (k.from_type, k.from_id) in shown and (k.to_type, k.to_id) in shown
        ]
        return Trace(
            root=root,
            nodes=[o for o in objects if o is not None],
            edges=edges,
            timeline=list(events),
        )
