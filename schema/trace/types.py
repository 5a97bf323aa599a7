"""`Trace`, `TraceEdge` and `Event`: the chain through a node and its one timeline."""

from __future__ import annotations

from datetime import datetime

import strawberry

from models.link import Link, LinkRelation
from schema.enums import described_enum
from schema.events import Event
from schema.node import Node, encode_id

__all__ = ["LinkRelationEnum", "Trace", "TraceEdge"]

LinkRelationEnum = described_enum(
    LinkRelation,
    "链路关系 (how two nodes of the chain are connected)",
    {
        "ESCALATED_TO": "提级督办 (escalated to a supervision item)",
        "HAS_FINDING": "督查发现 (inspection has this finding)",
        "OPENED_AS": "立项督办 (finding opened as a supervision item)",
        "TRANSFERRED_TO": "线索移送 (moved over to a problem clue)",
        "FILED_AS": "立案 (clue filed as a case)",
        "SANCTIONED": "处分/问责 (case decided this sanction)",
        "RECOMMENDED": "纪检监察建议 (case issued this recommendation)",
    },
)


@strawberry.type(description="链路中的一条边 (an edge of the chain)")
class TraceEdge:
    link: strawberry.Private[Link]

    @strawberry.field(name="from", description="起点全局 ID (global id of the source node)")
    def from_(self) -> strawberry.ID:
        return encode_id(self.link.from_type, self.link.from_id)

    @strawberry.field(description="终点全局 ID (global id of the target node)")
    def to(self) -> strawberry.ID:
        return encode_id(self.link.to_type, self.link.to_id)

    @strawberry.field(description="关系 (relation)")
    def relation(self) -> LinkRelationEnum:
        return self.link.relation

    @strawberry.field(description="建立时间 (when the connection was made)")
    def at(self) -> datetime:
        return self.link.at


@strawberry.type(description="追溯链 (the accountability chain through a node)")
class Trace:
    root: Node = strawberry.field(description="起点 (the node traced from)")
    nodes: list[Node] = strawberry.field(
        description="链上全部节点 (every node of the chain the caller may see)"
    )
    edges: list[TraceEdge] = strawberry.field(description="链上的边 (edges: from, to, relation)")
    timeline: list[Event] = strawberry.field(
        description="统一时间线 (every event of every node, time-ordered)"
    )
