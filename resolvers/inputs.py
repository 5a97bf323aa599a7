"""Input checks shared by actions: required text, units by code, the local date of "now"."""

from __future__ import annotations

from datetime import date

from models.settings import load_settings
from models.unit import Unit
from resolvers.access import Actor, Scope
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError

__all__ = ["local_today", "require_in_subtree", "require_text", "unit_for_code", "units_for_codes"]


def require_text(value: str | None, field: str, label: str) -> str:
    if value is None or not value.strip():
        raise UserError(ErrorCode.REQUIRED, f"{label}不能为空 ({field} must not be blank)", field)
    return value.strip()


async def unit_for_code(code: str, field: str) -> Unit:
    unit = await Unit.get_or_none(code=code)
    if unit is None:
        raise UserError(ErrorCode.UNKNOWN_UNIT, f"单位不存在 (unknown unit): {code}", field)
    return unit


async def units_for_codes(codes: list[str], field: str) -> list[Unit]:
    found = {u.code: u for u in await Unit.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise UserError(ErrorCode.UNKNOWN_UNIT, f"单位不存在 (unknown units): {', '.join(missing)}", field)
    return [found[c] for c in dict.fromkeys(codes)]


def local_today(scope: Scope) -> date:
    return scope.now().astimezone(load_settings().tz).date()


def require_in_subtree(actor: Actor, unit_path: str, hidden: UserError) -> None:
    """Unit operators act only on their own unit and its descendants; another unit's item is one they
    may not see, so it gets `hidden`: exactly what a missing id gets."""
    if not actor.sees_unit(unit_path):
        raise hidden
