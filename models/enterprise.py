"""Enterprises (企业): who complaints belong to, identified by the unified social credit code (GB 32100-2015),
whose positions 9-17 are the organisation code (GB 11714)."""

from __future__ import annotations

from enum import Enum

from tortoise import fields

from models.base import VersionedModel
from models.unit import Unit

__all__ = [
    "CREDIT_CODE_CHARS",
    "Enterprise",
    "EnterpriseTag",
    "credit_code_check_char",
    "is_valid_credit_code",
    "organisation_code_check_char",
]

# GB 32100-2015: the code's alphabet (digits and capitals without I, O, S, V, Z) and the position weights.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714: the organisation code's 8 body characters are weighted; digits count 0-9, letters A=10 … Z=35.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


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


def organisation_code_check_char(body: str) -> str | None:
    """GB 11714's 9th character for these 8 (11 - sum mod 11; 10 is X, 11 is 0), None when one is not
    a digit or a capital letter."""
    if len(body) != 8 or not all(c.isdigit() or "A" <= c <= "Z" for c in body):
        return None
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def is_valid_credit_code(code: str) -> bool:
    """18 characters of the alphabet, positions 3-8 digits (the division code), the organisation code's
    check character (position 17) and the code's own (position 18) right."""
    if len(code) != 18 or not code[2:8].isdigit():
        return False
    return (
        credit_code_check_char(code[:17]) == code[17] and organisation_code_check_char(code[8:16]) == code[16]
    )


class Enterprise(VersionedModel):
    name = fields.CharField(max_length=200, db_index=True)
    credit_code = fields.CharField(max_length=18, unique=True)
    # Tags (EnterpriseTag values); a JSON list because an enterprise carries several.
    tags = fields.JSONField(default=list)
    industry = fields.CharField(max_length=100, null=True, db_index=True)
    contact_name = fields.CharField(max_length=50, null=True)
    contact_phone = fields.CharField(max_length=30, null=True)
    # 帮包责任人 ("一企一策一人"): the cadre answering for this enterprise, and the cadre's unit, whose
    # digest lists the enterprise's open complaints. Nullable: most enterprises have none.
    liaison_name = fields.CharField(max_length=50, null=True)
    liaison_phone = fields.CharField(max_length=30, null=True)
    liaison_unit: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="liaison_enterprises", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "enterprise"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.credit_code} {self.name}"
