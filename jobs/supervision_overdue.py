"""Overdue sources for the overdue job: supervision deadlines and unanswered recommendations.

Each is a SELECT of (subject id, unit id, due instant, due local date) for everything overdue as of
:today, in the shape `jobs.overdue.Source.select` expects; register them in `jobs.overdue.SOURCES`:

    Source("SUPERVISION_ITEM", "", "SupervisionItem", supervision_items, "supervision_item"),
    Source("RECOMMENDATION", "", "Recommendation", recommendations, "recommendation"),
"""

from __future__ import annotations

from models.sql import Sql

__all__ = ["recommendations", "supervision_items"]


def supervision_items(sql: Sql) -> str:
    """Items whose rectification deadline (its last day, local) has passed and are not closed (销号)."""
    return (
        f"SELECT s.id, s.responsible_unit_id, {sql.end_of_day('s.due_on')}, s.due_on FROM supervision_item s "
        "WHERE s.due_on < :today AND s.status <> 'CLOSED'"
    )


def recommendations(sql: Sql) -> str:
    """Recommendations (纪检监察建议) whose reply deadline has passed without a reply."""
    return (
        f"SELECT r.id, r.unit_id, {sql.end_of_day('r.reply_due_on')}, r.reply_due_on FROM recommendation r "
        "WHERE r.reply_due_on < :today AND r.replied_at IS NULL"
    )
