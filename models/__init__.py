"""Tortoise models, one module per aggregate, and the pure domain rules beside them."""

# Every module that defines models; Tortoise and the migrations read this list.
MODEL_MODULES = [
    "models.unit",
    "models.event",
    "models.auth",
    "models.job",
    "models.overdue",
    "models.digest",
    "models.delivery",
    "models.calendar",
    "models.audit",
    "models.plan",
    "models.task",
    "models.enterprise",
    "models.complaint",
    "models.link",
    "models.counter",
    "models.supervision",
    "models.discipline",
    "models.rate",
]

__all__ = ["MODEL_MODULES"]
