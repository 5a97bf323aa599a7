"""Discipline resolvers: clues, cases, sanctions, recommendations (confidential)."""
