"""Tokens: create (the secret is shown once), list, revoke, and authenticate a bearer token.

Authentication costs one statement: the cache epoch (`models.epoch`). A token seen before is then
answered from this process's cache, keyed by the token's hash, as long as the epoch has not moved;
every revocation (an update of `api_token`, from any process) and every unit change moves it, and
the cache is dropped. Expiry is checked against the cached `expires_at` on each request. Unknown,
revoked and expired tokens are never cached (each costs a second statement), so the cache holds at
most the live tokens.
"""

from __future__ import annotations

from datetime import datetime

from models import epoch
from models.auth import ApiToken, Role, hash_token, new_token_secret
from models.unit import Unit
from resolvers.access import Actor
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError

__all__ = ["authenticate", "authenticate_observing", "create_token", "list_tokens", "revoke_token"]


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
    """Whether a live token was revoked. Its trigger moves the cache epoch in the same transaction, so
    every process refuses the token from its next request on (`authenticate`). On SQLite the count
    Tortoise returns includes the trigger's own row: any count means the token was updated."""
    return await ApiToken.filter(id=token_id, revoked_at=None).update(revoked_at=now) > 0


# epoch -> {token hash: (actor, expires_at)}; only the latest epoch's entries are kept.
_tokens: tuple[int, dict[str, tuple[Actor, datetime | None]]] = (0, {})


@epoch.on_reset
def _drop() -> None:
    global _tokens
    _tokens = (0, {})


def _live(entry: tuple[Actor, datetime | None], now: datetime) -> Actor | None:
    actor, expires_at = entry
    return None if expires_at is not None and expires_at <= now else actor


async def authenticate(secret: str, now: datetime) -> Actor | None:
    """The actor a bearer secret stands for, or None when unknown, revoked or expired."""
    actor, _ = await authenticate_observing(secret, now)
    return actor


async def authenticate_observing(secret: str, now: datetime) -> tuple[Actor | None, int]:
    """`authenticate`, and the cache epoch it read (the request's observation, `models.epoch`)."""
    global _tokens
    token_hash = hash_token(secret)
    current = await epoch.read()
    seen, cached = _tokens
    if seen != current:
        cached = {}
        _tokens = (current, cached)
    entry = cached.get(token_hash)
    if entry is not None:
        return _live(entry, now), current
    # Read after the epoch: whatever it shows is at least as new as `current`, and any later change
    # moves the epoch away from `current`, which drops this entry.
    token = await ApiToken.filter(token_hash=token_hash).select_related("unit").first()
    if token is None or token.revoked_at is not None:
        return None, current
    unit = token.unit
    entry = (
        Actor(
            name=token.name,
            role=token.role,
            unit_id=unit.id if unit else None,
            unit_path=unit.path if unit else None,
            token_id=token.id,
        ),
        token.expires_at,
    )
    if _tokens[0] == current:
        _tokens[1][token_hash] = entry
    return _live(entry, now), current
