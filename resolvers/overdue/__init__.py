"""Overdue flags: queries and loaders."""
