"""Writing the chain's edges: every action that connects two nodes adds one `Link`, in its transaction."""

from __future__ import annotations

from models.link import Link, LinkRelation
from resolvers.access import Scope

__all__ = ["add_link"]


async def add_link(
    scope: Scope, from_type: str, from_id: int, relation: LinkRelation, to_type: str, to_id: int
) -> Link:
    return await Link.create(
        from_type=from_type,
        from_id=from_id,
        relation=relation,
        to_type=to_type,
        to_id=to_id,
        at=scope.now(),
        actor=scope.actor.name,
    )
