"""Turning the models' Python enums into described GraphQL enums (each value with its Chinese term)."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

__all__ = ["described_enum"]

E = TypeVar("E", bound=type[Enum])


def described_enum(cls: E, description: str, values: dict[str, str]) -> E:
    """Register `cls` as a GraphQL enum; every member must have a description."""
    missing = {m.name for m in cls} - values.keys()
    if missing:
        raise ValueError(f"{cls.__name__}: values without a description: {sorted(missing)}")
    wrapped = strawberry.enum(cls, description=description)
    for value in wrapped.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[value.name]
    return wrapped
