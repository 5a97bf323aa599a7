"""Enterprise complaints (企业诉求): enterprises, intake, handling, follow-up, queries, figures, loaders."""

from resolvers.calendar.actions import on_calendar_loaded
from resolvers.complaints.recompute import recompute_complaint_deadlines

# Loading or replacing a year's calendar recomputes the complaint deadlines counted through it, in
# the load's unit of work.
if recompute_complaint_deadlines not in on_calendar_loaded:
    on_calendar_loaded.append(recompute_complaint_deadlines)
