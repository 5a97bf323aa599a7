"""Enterprises (企业): registration with the credit-code check, inline registration at intake, the list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

from models.enterprise import Enterprise, EnterpriseTag, is_valid_credit_code
from models.unit import Unit
from resolvers.access import Actor, Scope, require_role
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.listing import Listing, register
from resolvers.versioning import update_versioned

__all__ = [
    "AssignLiaison",
    "EnterpriseFilter",
    "RegisterEnterprise",
    "assign_liaison",
    "filter_enterprises",
    "find_or_register",
    "register_enterprise",
]

PHONE_RE = re.compile(r"^[0-9+\-() ]{5,30}$")


# Enterprises are reference data for every role (contacts are masked per role at the schema).
ENTERPRISES: Listing[Enterprise] = register(
    Listing(
        "Enterprise",
        Enterprise,
        filters=lambda qs, f, now: _filter_enterprises(qs, f, now),
        default_order=("name", "id"),
    )
)


@dataclass
class RegisterEnterprise:
    name: str
    credit_code: str
    tags: list[EnterpriseTag] = field(default_factory=list)
    industry: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None


@dataclass
class EnterpriseFilter:
    name_contains: str | None = None
    credit_code: str | None = None
    tag: EnterpriseTag | None = None
    industry: str | None = None
    liaison_unit_code: str | None = None


@dataclass
class AssignLiaison:
    enterprise_id: int
    name: str
    unit_code: str
    phone: str | None = None
    expected_version: int | None = None


def _check(cmd: RegisterEnterprise, path: list[str]) -> str:
    code = cmd.credit_code.strip().upper()
    if not is_valid_credit_code(code):
        raise UserError(
            ErrorCode.INVALID_CREDIT_CODE,
            f"统一社会信用代码校验不通过 (invalid unified social credit code, GB 32100-2015): {cmd.credit_code}",
            [*path, "creditCode"],
        )
    if not cmd.name.strip():
        raise UserError(ErrorCode.REQUIRED, "企业名称不能为空 (name must not be blank)", [*path, "name"])
    if cmd.contact_phone and not PHONE_RE.match(cmd.contact_phone):
        raise UserError(
            ErrorCode.INVALID_PHONE,
            f"联系电话格式不正确 (invalid phone): {cmd.contact_phone}",
            [*path, "contactPhone"],
        )
    return code


async def _create(scope: Scope, cmd: RegisterEnterprise, code: str) -> Enterprise:
    enterprise = await Enterprise.create(
        name=cmd.name.strip(),
        credit_code=code,
        tags=sorted({t.value for t in cmd.tags}),
        industry=cmd.industry,
        contact_name=cmd.contact_name,
        contact_phone=cmd.contact_phone,
    )
    await record_event(
        scope, "Enterprise", enterprise.id, "REGISTERED", f"登记企业 {enterprise.name}", {"creditCode": code}
    )
    return enterprise


async def register_enterprise(scope: Scope, cmd: RegisterEnterprise) -> Enterprise:
    require_role(scope.actor, "complaint_intake")
    code = _check(cmd, ["input"])
    if await Enterprise.exists(credit_code=code):
        raise UserError(
            ErrorCode.DUPLICATE_CREDIT_CODE,
            f"该信用代码的企业已登记 (already registered): {code}",
            "creditCode",
        )
    return await _create(scope, cmd, code)


async def find_or_register(scope: Scope, cmd: RegisterEnterprise) -> Enterprise:
    """At intake: the enterprise with this credit code, or a new one (its other details then apply)."""
    code = _check(cmd, ["input", "newEnterprise"])
    existing = await Enterprise.get_or_none(credit_code=code)
    return existing or await _create(scope, cmd, code)


async def assign_liaison(scope: Scope, cmd: AssignLiaison) -> Enterprise:
    """Names the enterprise's 帮包责任人 and the cadre's unit ("一企一策一人"), replacing any before: from
    the next digest on, that unit's digest lists the enterprise's open complaints. The office assigns
    cadres, so ADMIN and SUPERVISOR only; enterprises are every-row, so no row check beyond existence."""
    require_role(scope.actor, "enterprise_liaison")
    enterprise = await Enterprise.get_or_none(id=cmd.enterprise_id)
    if enterprise is None:
        raise UserError(
            ErrorCode.NOT_FOUND, f"企业不存在 (unknown enterprise): {cmd.enterprise_id}", "enterpriseId"
        )
    name = cmd.name.strip()
    if not name:
        raise UserError(ErrorCode.REQUIRED, "帮包责任人姓名不能为空 (name must not be blank)", "name")
    phone = (cmd.phone or "").strip() or None
    if phone and not PHONE_RE.match(phone):
        raise UserError(ErrorCode.INVALID_PHONE, f"联系电话格式不正确 (invalid phone): {phone}", "phone")
    unit = await Unit.get_or_none(code=cmd.unit_code.strip())
    if unit is None:
        raise UserError(ErrorCode.UNKNOWN_UNIT, f"单位不存在 (unknown unit): {cmd.unit_code}", "unitCode")
    await update_versioned(
        enterprise, cmd.expected_version, liaison_name=name, liaison_phone=phone, liaison_unit_id=unit.id
    )
    await record_event(
        scope,
        "Enterprise",
        enterprise.id,
        "LIAISON_ASSIGNED",
        f"帮包责任人 {name}（{unit.name}）",
        {"unitCode": unit.code},
    )
    return enterprise


async def _filter_enterprises(qs: QuerySet[Any], f: EnterpriseFilter, now: datetime) -> QuerySet[Any]:
    if f.name_contains:
        qs = qs.filter(name__icontains=f.name_contains)
    if f.credit_code:
        qs = qs.filter(credit_code=f.credit_code.strip().upper())
    if f.industry:
        qs = qs.filter(industry=f.industry)
    if f.liaison_unit_code:
        qs = qs.filter(liaison_unit__code=f.liaison_unit_code.strip())
    if f.tag:
        # The JSON list as text holds each tag quoted; portable to SQLite and PostgreSQL alike.
        qs = qs.annotate(tags_text=RawSQL("CAST(tags AS TEXT)")).filter(
            tags_text__contains=f'"{f.tag.value}"'
        )
    return qs


async def filter_enterprises(actor: Actor, f: EnterpriseFilter | None) -> QuerySet[Enterprise]:
    """The list's rows: `ENTERPRISES`'s rule, then its filters and order."""
    return await ENTERPRISES.listed(actor, f)
