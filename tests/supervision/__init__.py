"""Supervision tests."""
