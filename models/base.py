"""Shared model pieces: timestamps and the optimistic-locking version every updatable record carries."""

from __future__ import annotations

from typing import Any, Self

from tortoise import fields
from tortoise.models import Model

from models import fast
from models.fast import rows as fast_rows

__all__ = ["Row", "VersionedModel"]


class _NotAwaitable:
    """Hides Tortoise's `Model.__await__` (it lets `await row.fk` return an already fetched row).

    graphql-core completes every value for which `hasattr(value, "__await__")` holds as an
    awaitable: with rows awaitable, each node of a list became a coroutine and a task, and a page
    of 100 complaints cost about twice its synchronous time. Our code awaits relations through
    querysets and loaders, never a fetched row.
    """

    def __get__(self, instance: object, owner: type | None = None) -> None:
        raise AttributeError("__await__")


class Row(Model):
    """Every table's base: a Tortoise model that graphql-core resolves synchronously."""

    __await__ = _NotAwaitable()  # type: ignore[assignment]

    class Meta:
        abstract = True

    @classmethod
    def _init_from_db(cls, **kwargs: Any) -> Self:
        """A fetched row: by `models.fast.rows` when the fast path's `rows` is on, else Tortoise's own."""
        if fast.enabled("rows"):
            return fast_rows.init_from_db(cls, kwargs)  # type: ignore[no-any-return]
        return super()._init_from_db(**kwargs)


class VersionedModel(Row):
    """An updatable record: `version` rises by one on each write so stale writers can be refused."""

    id = fields.BigIntField(primary_key=True)
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True
