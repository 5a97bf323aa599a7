"""Optimistic locking: a write names the version it read, so concurrent writers never lose an update."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from tortoise.expressions import F

from models.base import VersionedModel
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError

__all__ = ["update_versioned"]

M = TypeVar("M", bound=VersionedModel)


async def update_versioned(obj: M, expected_version: int | None = None, **changes: Any) -> M:
    """Apply `changes` only if the row still has the version `obj` was read at (or `expected_version`).

    One conditional UPDATE: of two concurrent writers that read the same version, exactly one
    matches; the other gets STALE_VERSION and writes nothing.
    """
    version = obj.version
    if expected_version is not None and expected_version != version:
        raise UserError(
            ErrorCode.STALE_VERSION,
            f"记录已被他人修改 (stale version): 当前版本 {version}, 提交版本 {expected_version}",
            ["input", "expectedVersion"],
        )
    changes.setdefault("updated_at", datetime.now(UTC))
    model = type(obj)
    updated = await model.filter(id=obj.id, version=version).update(version=F("version") + 1, **changes)
    if updated != 1:
        raise UserError(
            ErrorCode.STALE_VERSION,
            "记录已被他人同时修改，请刷新后重试 (the record changed concurrently; reload and retry)",
            ["input", "expectedVersion"],
        )
    for key, value in changes.items():
        setattr(obj, key, value)
    obj.version = version + 1
    return obj
