"""The accountability chain: a breadth-first walk over `Link` from any node, and the chain's timeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from tortoise.expressions import Q

from models.event import Event
from models.link import Link
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError

__all__ = ["Chain", "MAX_DEPTH", "MAX_NODES", "NodeKey", "chain_events", "walk_chain"]

MAX_DEPTH = 12
MAX_NODES = 500

NodeKey = tuple[str, int]


@dataclass
class Chain:
    root: NodeKey
    nodes: list[NodeKey] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _ends_q(frontier: set[NodeKey]) -> Q:
    """Links touching any frontier node, either end: one OR of (type, ids) pairs, one statement."""
    by_type: dict[str, list[int]] = {}
    for type_name, pk in frontier:
        by_type.setdefault(type_name, []).append(pk)
    parts = [
        Q(from_type=t, from_id__in=ids) | Q(to_type=t, to_id__in=ids) for t, ids in sorted(by_type.items())
    ]
    return reduce(or_, parts)


def _too_large(limit: str) -> RequestError:
    return RequestError(
        ErrorCode.TRACE_TOO_LARGE,
        f"追溯链过大，超出{limit} (the chain exceeds the {limit} limit: "
        f"depth {MAX_DEPTH} hops, {MAX_NODES} nodes)",
    )


async def _all_visible(keys: Sequence[NodeKey]) -> set[NodeKey]:
    return set(keys)


async def walk_chain(
    root: NodeKey,
    readable: Callable[[str], bool],
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
    visible: Callable[[Sequence[NodeKey]], Awaitable[set[NodeKey]]] = _all_visible,
) -> Chain:
    """Every node connected to `root` through nodes the caller may see: unreadable types and rows it
    may not see (`visible` keeps the others) stop the walk, so neither they nor anything reachable only
    through them appear, and nothing hints that they exist."""
    chain = Chain(root=root, nodes=[root])
    seen, frontier, link_ids, hidden = {root}, {root}, set(), set()
    for depth in range(max_depth + 1):
        if not frontier:
            return chain
        if depth == max_depth:
            raise _too_large("深度 (depth)")
        found: set[NodeKey] = set()
        for link in await Link.filter(_ends_q(frontier)).order_by("at", "id"):
            ends = ((link.from_type, link.from_id), (link.to_type, link.to_id))
            if link.id in link_ids or not all(readable(t) for t, _ in ends):
                continue
            link_ids.add(link.id)
            chain.links.append(link)
            found.update(e for e in ends if e not in seen and e not in hidden)
        shown = await visible(sorted(found)) if found else set()
        hidden |= found - shown
        found = shown
        seen |= found
        chain.nodes.extend(sorted(found))
        if len(seen) > max_nodes:
            raise _too_large("节点数 (node)")
        frontier = found
    return chain


async def chain_events(nodes: list[NodeKey]) -> list[Event]:
    """Every event of every node in the chain, in one statement, time-ordered."""
    by_type: dict[str, list[int]] = {}
    for type_name, pk in nodes:
        by_type.setdefault(type_name, []).append(pk)
    q = reduce(or_, [Q(subject_type=t, subject_id__in=ids) for t, ids in sorted(by_type.items())])
    return await Event.filter(q).order_by("at", "id")
