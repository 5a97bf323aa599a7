"""Enterprises (企业): who complaints belong to, identified by the unified social credit code (GB 32100-2015)."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import VersionedModel

__all__ = [
    "CREDIT_CODE_CHARS",
    "Enterprise",
    "EnterpriseTag",
    "credit_code_check_char",
    "is_valid_credit_code",
]

# GB 32100-2015: the code's alphabet (digits and capitals without I, O, S, V, Z) and the position weights.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class EnterpriseTag(str, Enum):
    ABOVE_SCALE = "ABOVE_SCALE"  # 规上
    SPECIALIZED = "SPECIALIZED"  # 专精特新
    GAZELLE = "GAZELLE"  # 瞪羚
    HIGH_TECH = "HIGH_TECH"  # 高新技术
    SMALL_MICRO = "SMALL_MICRO"  # 小微
    SOLE_TRADER = "SOLE_TRADER"  # 个体工商户


def credit_code_check_char(first17: str) -> str | None:
    """The 18th character for these 17, or None when one of them is outside the alphabet."""
    if len(first17) != 17 or any(c not in CREDIT_CODE_CHARS for c in first17):
        return None
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    """18 characters of the alphabet, positions 3-8 digits (the division code), and the check character right."""
    if len(code) != 18 or not code[2:8].isdigit():
        return False
    return credit_code_check_char(code[:17]) == code[17]


class Enterprise(VersionedModel):
    name = fields.CharField(max_length=200, db_index=True)
    credit_code = fields.CharField(max_length=18, unique=True)
    # Tags (EnterpriseTag values); a JSON list because an enterprise carries several.
    tags = fields.JSONField(default=list)
    industry = fields.CharField(max_length=100, null=True, db_index=True)
    contact_name = fields.CharField(max_length=50, null=True)
    contact_phone = fields.CharField(max_length=30, null=True)

    class Meta:
        table = "enterprise"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.credit_code} {self.name}"
