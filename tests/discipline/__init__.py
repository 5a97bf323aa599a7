"""Discipline tests."""
