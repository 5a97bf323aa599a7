"""Supervision resolvers: items and rectification, inspections and findings, bulletins, interviews."""

from resolvers.calendar.actions import on_calendar_loaded
from resolvers.supervision.recompute import recompute_supervision_deadlines

# Loading or replacing a year's calendar recounts the working-day supervision deadlines through it.
if recompute_supervision_deadlines not in on_calendar_loaded:
    on_calendar_loaded.append(recompute_supervision_deadlines)
