"""Links: the edges of the accountability chain, one row per action that connects two nodes."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import Row

__all__ = ["Link", "LinkRelation"]


class LinkRelation(str, Enum):
    ESCALATED_TO = "ESCALATED_TO"
    HAS_FINDING = "HAS_FINDING"
    OPENED_AS = "OPENED_AS"
    TRANSFERRED_TO = "TRANSFERRED_TO"
    FILED_AS = "FILED_AS"
    SANCTIONED = "SANCTIONED"
    RECOMMENDED = "RECOMMENDED"


class Link(Row):
    """An edge from one node to another, by (type name, id) at both ends, so any domain can take part."""

    id = fields.BigIntField(primary_key=True)
    from_type = fields.CharField(max_length=40)
    from_id = fields.BigIntField()
    to_type = fields.CharField(max_length=40)
    to_id = fields.BigIntField()
    relation = fields.CharEnumField(LinkRelation, max_length=20)
    at = fields.DatetimeField()
    actor = fields.CharField(max_length=100)

    class Meta:
        table = "link"
        unique_together = (("from_type", "from_id", "relation", "to_type", "to_id"),)
        indexes = (("from_type", "from_id"), ("to_type", "to_id"))
