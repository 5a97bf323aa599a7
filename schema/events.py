"""The `Event` type: one step of a subject's timeline (who, when, what changed)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from models import event as m

__all__ = ["Event"]


@strawberry.type(description="事件 (one step in a subject's history: who did what, when; append-only)")
class Event:
    @strawberry.field(description="事件类型 (kind, e.g. DISPATCH, RESOLVE)")
    def kind(self: m.Event) -> str:
        return self.kind

    @strawberry.field(description="摘要 (summary, in Chinese)")
    def summary(self: m.Event) -> str:
        return self.summary

    @strawberry.field(description="操作者 (actor: the token holder's name, or system)")
    def actor(self: m.Event) -> str:
        return self.actor

    @strawberry.field(description="操作者角色 (actor's role)")
    def actor_role(self: m.Event) -> str | None:
        return self.actor_role

    @strawberry.field(description="发生时间 (when)")
    def at(self: m.Event) -> datetime:
        return self.at

    @strawberry.field(description="变更内容 (what changed: before/after and details)")
    def data(self: m.Event) -> JSON | None:
        return self.data

    @strawberry.field(description="请求编号 (request id)")
    def request_id(self: m.Event) -> str | None:
        return self.request_id
