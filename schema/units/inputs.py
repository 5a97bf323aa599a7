"""Unit inputs and filters."""

from __future__ import annotations

import strawberry

from schema.units.enums import UnitKindEnum, UnitLevelEnum

__all__ = ["CreateUnitInput", "UnitFilter", "UpdateUnitInput"]


@strawberry.input(description="单位筛选 (unit filter); all given conditions must hold")
class UnitFilter:
    kind: list[UnitKindEnum] | None = strawberry.field(
        default=None, description="单位类型 (any of these kinds)"
    )
    parent_code: str | None = strawberry.field(default=None, description="上级单位编码 (direct children of)")
    under_code: str | None = strawberry.field(
        default=None, description="所属单位编码 (this unit and all its descendants)"
    )
    code_prefix: str | None = strawberry.field(default=None, description="编码前缀 (code starts with)")
    name_contains: str | None = strawberry.field(
        default=None, description="名称包含 (full or short name contains)"
    )
    active: bool | None = strawberry.field(default=None, description="是否在用 (active)")


@strawberry.input(description="新建单位 (create a unit)")
class CreateUnitInput:
    code: str = strawberry.field(description="单位编码 (unique, stable; letters, digits, . _ -)")
    name: str = strawberry.field(description="单位全称 (full name)")
    kind: UnitKindEnum = strawberry.field(description="单位类型 (kind)")
    level: UnitLevelEnum = strawberry.field(default=UnitLevelEnum.CITY, description="行政层级 (level)")
    short_name: str | None = strawberry.field(default=None, description="简称 (short name)")
    parent_code: str | None = strawberry.field(default=None, description="上级单位编码 (parent's code)")
    liaison_name: str | None = strawberry.field(default=None, description="联络员 (liaison name)")
    liaison_phone: str | None = strawberry.field(default=None, description="联络员电话 (liaison phone)")


@strawberry.input(description="修改单位 (update a unit); omitted fields stay as they are")
class UpdateUnitInput:
    code: str = strawberry.field(description="要修改的单位编码 (code of the unit to change)")
    expected_version: int | None = strawberry.field(
        default=None, description="读取时的版本 (version read; STALE_VERSION if it changed since)"
    )
    name: str | None = strawberry.field(default=None, description="单位全称 (full name)")
    short_name: str | None = strawberry.field(default=None, description="简称 (short name)")
    kind: UnitKindEnum | None = strawberry.field(default=None, description="单位类型 (kind)")
    level: UnitLevelEnum | None = strawberry.field(default=None, description="行政层级 (level)")
    parent_code: str | None = strawberry.field(
        default=None, description="新上级单位编码 (move under this unit)"
    )
    clear_parent: bool = strawberry.field(default=False, description="设为顶级单位 (make it a root unit)")
    liaison_name: str | None = strawberry.field(default=None, description="联络员 (liaison name)")
    liaison_phone: str | None = strawberry.field(default=None, description="联络员电话 (liaison phone)")
    active: bool | None = strawberry.field(default=None, description="是否在用 (active)")
    webhook_url: str | None = strawberry.field(
        default=None,
        description=(
            "提醒推送地址，须为公网地址 (http(s) URL the unit's digests are POSTed to; a host inside the"
            " network is refused with FORBIDDEN_ADDRESS unless DUBAN_WEBHOOK_ALLOW_HOSTS lists it;"
            " empty string removes it)"
        ),
    )
