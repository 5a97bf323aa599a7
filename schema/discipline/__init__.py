"""Discipline schema: clues, cases, sanctions, recommendations (confidential)."""
