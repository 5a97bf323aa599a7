"""Counters: gap-free sequence numbers per key (serials, bulletin issues, the complaints of a day), advanced inside the caller's transaction."""

from __future__ import annotations

from tortoise import fields

from models.base import Row

__all__ = ["Counter"]


# Keys in use: supervision:<year>, bulletin:<year>, clue:<year>, case:<year>, complaint:<YYYYMMDD>.
# (The class docstring is the table description the migrations record: changing it needs one.)
class Counter(Row):
    """The last number handed out for a key, e.g. supervision:2026 or bulletin:2026."""

    key = fields.CharField(max_length=60, primary_key=True)
    n = fields.IntField(default=0)

    class Meta:
        table = "counter"
