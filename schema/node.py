"""Relay `Node`: opaque global ids, the registry of node types, and the `node`/`nodes` root fields."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry

from resolvers.access import Actor
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from resolvers.listing import Listing, listing_of
from schema.context import Info

__all__ = [
    "existing_nodes",
    "Node",
    "NodeQuery",
    "decode_id",
    "encode_id",
    "readable_or_none",
    "readable_type",
    "register_node",
    "resolve_node",
]


@strawberry.interface(description="可按全局 ID 取回的对象 (an object with an opaque, stable global id)")
class Node:
    id: strawberry.ID = strawberry.field(description="全局 ID (opaque global id; pass it to `node`)")


def encode_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("="))


# Primary keys are BIGINT on both databases: an id naming a larger one names nothing that can exist.
MAX_PK = 2**63 - 1


def _invalid_id(global_id: str) -> RequestError:
    return RequestError(ErrorCode.INVALID_ID, f"ID 无效 (not a valid global id): {ascii(global_id[:100])}")


def decode_id(global_id: str, expected: str | None = None) -> tuple[str, int]:
    """(type name, primary key); INVALID_ID when it is not one of ours or not of the expected type.

    Only the canonical form is accepted (the one `encode_id` gives: ASCII digits without leading
    zeros, 1 to 2^63-1), so one object has exactly one id and no id overflows a column.
    """
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (ValueError, UnicodeError) as exc:
        raise _invalid_id(global_id) from exc
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19) or not 0 < int(raw) <= MAX_PK:
        raise _invalid_id(global_id)
    pk = int(raw)
    if encode_id(type_name, pk) != global_id:
        raise _invalid_id(global_id)
    if type_name not in _REGISTRY or (expected is not None and type_name != expected):
        want = expected or "a known type"
        raise RequestError(ErrorCode.INVALID_ID, f"ID 类型不符 (id {ascii(global_id[:100])} is not {want})")
    return type_name, pk


@dataclass(frozen=True)
class _NodeType:
    batch: Callable[[Sequence[int]], Awaitable[Sequence[Any]]]
    # The type's read model: who may read it at all, and its one row rule (resolvers/listing.py).
    listing: Listing[Any]


_REGISTRY: dict[str, _NodeType] = {}


def register_node(type_name: str, batch: Callable[[Sequence[int]], Awaitable[Sequence[Any]]]) -> None:
    """A node type: its batch loader, and the listing of the same name, whose rule decides visibility."""
    listing = listing_of(type_name)
    if listing is None:
        raise LookupError(f"node type {type_name} has no Listing (resolvers/listing.py)")
    _REGISTRY[type_name] = _NodeType(batch, listing)


def readable_type(info: Info, type_name: str) -> bool:
    """Whether the caller may read objects of a registered type at all (False for unknown types)."""
    node_type = _REGISTRY.get(type_name)
    return node_type is not None and node_type.listing.readable(info.context.actor)


def _visible_batch(listing: Listing[Any], actor: Actor) -> Callable[[Sequence[int]], Awaitable[list[bool]]]:
    async def visible(ids: Sequence[int]) -> list[bool]:
        found = await listing.visible_ids(actor, ids)
        return [i in found for i in ids]

    return visible


async def _visible(info: Info, type_name: str, listing: Listing[Any], pk: int) -> bool:
    """The listing's rule for this id, batched per type and request: one statement for a page's nodes,
    none for a role the rule does not restrict."""
    actor = info.context.actor
    if listing.rule(actor) is None:
        return True
    loader = info.context.loaders.keyed(("visible", type_name), _visible_batch(listing, actor))
    return bool(await loader.load(pk))


def _forbidden(global_id: str) -> RequestError:
    return RequestError(ErrorCode.FORBIDDEN, f"无权查看该对象 (not allowed to read {global_id})")


async def resolve_node(info: Info, global_id: str, expected: str | None = None) -> Any:
    """The object, or None when it does not exist or the caller may not see it: one answer for both,
    so nothing tells a hidden object from a missing one. FORBIDDEN only for a type the caller's role
    may not read at all, refused before any lookup (the same answer whether the id exists or not)."""
    type_name, pk = decode_id(global_id, expected)
    node_type = _REGISTRY[type_name]
    if not node_type.listing.readable(info.context.actor):
        raise _forbidden(global_id)
    obj = await info.context.loaders(node_type.batch).load(pk)
    if obj is None:
        return None
    return obj if await _visible(info, type_name, node_type.listing, pk) else None


async def readable_or_none(info: Info, global_id: str) -> Any:
    """A linked node, or None when it is missing or the caller may not read it, its type included."""
    try:
        return await resolve_node(info, global_id)
    except RequestError as exc:
        if exc.code != ErrorCode.FORBIDDEN:
            raise
        return None


@strawberry.type
class NodeQuery:
    @strawberry.field(
        description="按全局 ID 取一个对象 (fetch any object by its global id); null if it does not exist "
        "or the caller may not see it (the same answer for both)"
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)

    @strawberry.field(
        description="按全局 ID 批量取对象 (fetch several objects; null where one does not exist or is not "
        "the caller's to see)"
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > 100:
            raise RequestError(
                ErrorCode.TOO_MANY_IDS, "一次最多 100 个 ID (at most 100 ids per call)", limit=100
            )
        return list(await asyncio.gather(*(_node_or_none(info, i) for i in ids)))


async def _node_or_none(info: Info, global_id: str) -> Any:
    """In a batch, an object the caller may not read is left out (null), like one that does not exist."""
    return await readable_or_none(info, global_id)


async def existing_nodes(info: Info, ids: list[strawberry.ID]) -> list[tuple[str, int]]:
    """(type, pk) of each id; each must be an existing node the caller may read (NOT_FOUND otherwise)."""
    for global_id in ids:
        if await resolve_node(info, global_id) is None:
            raise RequestError(ErrorCode.NOT_FOUND, f"对象不存在 (no such node: {global_id})")
    return [decode_id(global_id) for global_id in ids]
