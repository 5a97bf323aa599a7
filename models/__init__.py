"""Tortoise models, one module per aggregate, and the pure domain rules beside them."""

# Every module that defines models; Tortoise and the migrations read this list.
MODEL_MODULES = [
    "models.unit",
    "models.event",
    "models.auth",
    "models.calendar",
    "models.enterprise",
    "models.complaint",
]

__all__ = ["MODEL_MODULES"]
