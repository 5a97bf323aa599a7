"""The `Event` type: one step of a subject's history (who, when, what changed); rows are `models.event.Event`."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from models.event import Event as EventRow
from schema.context import Info
from schema.node import encode_id

__all__ = ["Event", "mask_contact_data"]

# Keys of event data that hold a person's name or phone (units' liaisons, enterprises' contacts).
NAME_KEYS = {"liaison_name", "liaisonName", "contact_name", "contactName"}


def mask_contact_data(value: object) -> object:
    """Event data as the viewer sees it: phones and contact names masked at any depth."""
    from schema.units.types import mask_name, mask_phone

    if isinstance(value, list):
        return [mask_contact_data(v) for v in value]
    if not isinstance(value, dict):
        return value
    masked: dict[str, object] = {}
    for key, item in value.items():
        if isinstance(item, str) and key.lower().endswith("phone"):
            masked[key] = mask_phone(item)
        elif isinstance(item, str) and key in NAME_KEYS:
            masked[key] = mask_name(item)
        else:
            masked[key] = mask_contact_data(item)
    return masked


@strawberry.type(description="事件 (an event in a subject's timeline: who did what, when)")
class Event:
    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, EventRow)

    @strawberry.field(description="事件 ID (event id)")
    def id(self: EventRow) -> strawberry.ID:
        return encode_id("Event", self.id)

    @strawberry.field(description="所属对象全局 ID (global id of the subject)")
    def subject_id(self: EventRow) -> strawberry.ID:
        return encode_id(self.subject_type, self.subject_id)

    @strawberry.field(
        description="事件类型 (kind, e.g. CREATED, DISPATCH, BREACH_DETECTED, REMINDED, ACKNOWLEDGED)"
    )
    def kind(self: EventRow) -> str:
        return self.kind

    @strawberry.field(description="摘要 (summary, in Chinese)")
    def summary(self: EventRow) -> str:
        return self.summary

    @strawberry.field(description="操作人 (actor: token holder or system)")
    def actor(self: EventRow) -> str:
        return self.actor

    @strawberry.field(description="操作人角色 (actor's role)")
    def actor_role(self: EventRow) -> str | None:
        return self.actor_role

    @strawberry.field(description="发生时间 (when, UTC)")
    def at(self: EventRow) -> datetime:
        return self.at

    @strawberry.field(description="变更内容 (what changed: before/after and details)")
    def data(self: EventRow, info: Info) -> JSON | None:
        return mask_contact_data(self.data) if info.context.actor.masks_contacts else self.data

    @strawberry.field(description="请求编号 (request id of the change, as in the logs and the audit trail)")
    def request_id(self: EventRow) -> str | None:
        return self.request_id
