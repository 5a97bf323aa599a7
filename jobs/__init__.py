"""Scheduled jobs: one module per job with `async def run(now)`; `register(scheduler)` wires them."""

from __future__ import annotations

from typing import Any

from models.settings import Settings

__all__ = ["register"]


def register(scheduler: Any, settings: Settings) -> None:
    """Add every job to the scheduler. Jobs arrive with their own issue; none are registered yet."""
