"""API tokens and roles: who a caller is. Only a token's SHA-256 is stored, never the token."""

from __future__ import annotations

import hashlib
import secrets
from enum import Enum

from tortoise import fields

from models.base import Row
from models.unit import Unit

__all__ = ["ApiToken", "Role", "hash_token", "new_token_secret"]

TOKEN_PREFIX = "dbn_"


class Role(str, Enum):
    ADMIN = "ADMIN"
    SUPERVISOR = "SUPERVISOR"
    INSPECTOR = "INSPECTOR"
    UNIT_OPERATOR = "UNIT_OPERATOR"
    HOTLINE = "HOTLINE"
    VIEWER = "VIEWER"


def new_token_secret() -> str:
    """A bearer token: a prefix for secret scanners plus 32 random bytes."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(Row):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=100)
    role = fields.CharEnumField(Role, max_length=20)
    unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="tokens", null=True, on_delete=fields.RESTRICT
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"
