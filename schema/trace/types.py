"""`Trace`, `TraceEdge` and `Event`: the chain through a node and its one timeline."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from models.event import Event as EventRow
from models.link import Link, LinkRelation
from schema.enums import described_enum
from schema.node import Node, encode_id

__all__ = ["Event", "LinkRelationEnum", "Trace", "TraceEdge"]

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


@strawberry.type(description="事件 (one step of a node's history: who did what, when)")
class Event:
    row: strawberry.Private[EventRow]

    @strawberry.field(description="事件 ID (event id)")
    def id(self) -> strawberry.ID:
        return encode_id("Event", self.row.id)

    @strawberry.field(description="所属对象全局 ID (global id of the subject)")
    def subject_id(self) -> strawberry.ID:
        return encode_id(self.row.subject_type, self.row.subject_id)

    @strawberry.field(description="事件类型 (kind, e.g. OPENED, BREACH_DETECTED, REMINDED, ACKNOWLEDGED)")
    def kind(self) -> str:
        return self.row.kind

    @strawberry.field(description="摘要 (summary)")
    def summary(self) -> str:
        return self.row.summary

    @strawberry.field(description="操作人 (actor)")
    def actor(self) -> str:
        return self.row.actor

    @strawberry.field(description="操作人角色 (actor's role)")
    def actor_role(self) -> str | None:
        return self.row.actor_role

    @strawberry.field(description="时间 (when)")
    def at(self) -> datetime:
        return self.row.at

    @strawberry.field(description="变更数据 (before/after and details, JSON)")
    def data(self) -> JSON | None:
        return self.row.data


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
