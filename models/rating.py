"""好差评: an enterprise's rating of how its complaint was handled, and the rectification a 差评 opens.

Five levels as the State Council's 政务服务"好差评" system has them (非常满意 5 … 非常不满意 1): 3 to 5 are
好评, 1 and 2 are 差评. A 差评 runs the "1、5、15" clock, every period counted from the rating in
working days: the handling unit verifies it with the enterprise within 1 (核实), and rectifies it within 5
when it is clear-cut (情况清楚) or 15 when the verification finds it complex (情况复杂).
"""

from __future__ import annotations

from tortoise import fields

from models.base import VersionedModel
from models.complaint import Complaint
from models.unit import Unit

__all__ = [
    "BAD_SCORES",
    "COMPLEX_DAYS",
    "ComplaintRating",
    "GOOD_SCORES",
    "SCORES",
    "SIMPLE_DAYS",
    "VERIFY_DAYS",
    "is_bad",
]

SCORES = range(1, 6)
GOOD_SCORES = frozenset({3, 4, 5})
BAD_SCORES = frozenset({1, 2})
# "1、5、15", in working days from the rating.
VERIFY_DAYS, SIMPLE_DAYS, COMPLEX_DAYS = 1, 5, 15


def is_bad(score: int) -> bool:
    return score in BAD_SCORES


class ComplaintRating(VersionedModel):
    """One rating per complaint, of the unit that handled it (kept even if the complaint moves later)."""

    complaint: fields.OneToOneRelation[Complaint] = fields.OneToOneField(
        "models.Complaint", related_name="rating", on_delete=fields.CASCADE
    )
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="complaint_ratings", on_delete=fields.RESTRICT
    )
    score = fields.SmallIntField()
    comment = fields.TextField(null=True)
    rated_at = fields.DatetimeField()
    rated_by = fields.CharField(max_length=100)
    # A 差评's rectification; all null for a 好评.
    verify_due_at = fields.DatetimeField(null=True)
    verified_at = fields.DatetimeField(null=True)
    verify_in_time = fields.BooleanField(null=True)
    verification_note = fields.TextField(null=True)
    is_complex = fields.BooleanField(null=True)
    rectify_due_at = fields.DatetimeField(null=True)
    rectified_at = fields.DatetimeField(null=True)
    rectify_in_time = fields.BooleanField(null=True)
    rectification_note = fields.TextField(null=True)
    deadline_provisional = fields.BooleanField(default=False)

    class Meta:
        table = "complaint_rating"
        ordering = ["-rated_at", "-id"]
        # The figures read a unit's ratings by period: rated, due, or rectified in it.
        indexes = (("unit_id", "rated_at"), ("unit_id", "rectify_due_at"), ("unit_id", "rectified_at"))
