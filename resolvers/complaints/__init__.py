"""Enterprise complaints (企业诉求): enterprises, intake, handling, follow-up, queries, figures, loaders."""

from resolvers.calendar.actions import on_calendar_loaded
from resolvers.complaints.ratings import recompute_rating_deadlines
from resolvers.complaints.recompute import recompute_complaint_deadlines

# Loading or replacing a year's calendar recomputes the complaint and rating deadlines counted through
# it, in the load's unit of work.
for _hook in (recompute_complaint_deadlines, recompute_rating_deadlines):
    if _hook not in on_calendar_loaded:
        on_calendar_loaded.append(_hook)
