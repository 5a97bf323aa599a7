"""Tokens: create (the secret is shown once), list, revoke, and authenticate a bearer token."""

from __future__ import annotations

from datetime import datetime

from models.auth import ApiToken, Role, hash_token, new_token_secret
from models.unit import Unit
from resolvers.access import Actor
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError

__all__ = ["authenticate", "create_token", "list_tokens", "revoke_token"]


async def create_token(
    name: str, role: Role, unit_code: str | None = None, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Returns the stored token row and the secret, which is never stored and cannot be shown again."""
    unit = None
    if unit_code:
        unit = await Unit.get_or_none(code=unit_code)
        if unit is None:
            raise UserError(ErrorCode.UNKNOWN_UNIT, f"单位不存在 (unknown unit): {unit_code}", "unit")
    if role is Role.UNIT_OPERATOR and unit is None:
        raise UserError(
            ErrorCode.UNIT_REQUIRED, "承办单位操作员必须指定单位 (a UNIT_OPERATOR token needs --unit)", "unit"
        )
    secret = new_token_secret()
    token = await ApiToken.create(
        name=name, role=role, unit=unit, token_hash=hash_token(secret), expires_at=expires_at
    )
    return token, secret


async def list_tokens() -> list[ApiToken]:
    return await ApiToken.all().order_by("id").prefetch_related("unit")


async def revoke_token(token_id: int, now: datetime) -> bool:
    return await ApiToken.filter(id=token_id, revoked_at=None).update(revoked_at=now) == 1


async def authenticate(secret: str, now: datetime) -> Actor | None:
    """The actor a bearer secret stands for, or None when unknown, revoked or expired."""
    token = await ApiToken.get_or_none(token_hash=hash_token(secret)).prefetch_related("unit")
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    unit = token.unit
    return Actor(
        name=token.name,
        role=token.role,
        unit_id=unit.id if unit else None,
        unit_path=unit.path if unit else None,
        token_id=token.id,
    )
