"""Enterprise complaints (企业诉求): enterprises, intake, handling, follow-up, queries, figures, loaders."""

from resolvers.calendar.actions import on_calendar_loaded
from resolvers.complaints.ratings import recompute_rating_deadlines
from resolvers.complaints.recompute import recompute_provisional_deadlines

# Loading a year's calendar recomputes provisional complaint deadlines in the same transaction.
if recompute_provisional_deadlines not in on_calendar_loaded:
    on_calendar_loaded.append(recompute_provisional_deadlines)
if recompute_rating_deadlines not in on_calendar_loaded:
    on_calendar_loaded.append(recompute_rating_deadlines)
