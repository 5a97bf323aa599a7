"""Trace tests."""
