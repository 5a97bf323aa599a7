"""Unit actions: create and update, keeping codes unique and the tree free of cycles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tortoise.exceptions import IntegrityError

from models.settings import load_settings
from models.unit import Unit, UnitKind, UnitLevel, child_path
from resolvers.access import Scope, require_role
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.versioning import update_versioned
from resolvers.webhooks import Allowlist, TargetRefused, check_target

__all__ = ["CreateUnit", "UpdateUnit", "create_unit", "update_unit"]

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,30}$")
UNSET = object()
# A webhook host that does not resolve in this time is accepted: each delivery checks it again.
RESOLVE_SECONDS = 2.0


@dataclass
class CreateUnit:
    code: str
    name: str
    kind: UnitKind
    level: UnitLevel = UnitLevel.CITY
    short_name: str | None = None
    parent_code: str | None = None
    liaison_name: str | None = None
    liaison_phone: str | None = None


@dataclass
class UpdateUnit:
    code: str
    expected_version: int | None = None
    name: str | None = None
    short_name: str | None = None
    kind: UnitKind | None = None
    level: UnitLevel | None = None
    parent_code: str | None = None
    clear_parent: bool = False
    liaison_name: str | None = None
    liaison_phone: str | None = None
    active: bool | None = None
    webhook_url: str | None = None


def _check_text(value: str | None, field: str, label: str) -> None:
    if value is not None and not value.strip():
        raise UserError(ErrorCode.REQUIRED, f"{label}不能为空 ({field} must not be blank)", field)


def _check_phone(phone: str | None) -> None:
    if phone and not PHONE_RE.match(phone):
        raise UserError(
            ErrorCode.INVALID_PHONE, f"联络员电话格式不正确 (invalid phone): {phone}", "liaisonPhone"
        )


async def _parent(code: str) -> Unit:
    parent = await Unit.get_or_none(code=code)
    if parent is None:
        raise UserError(ErrorCode.UNKNOWN_UNIT, f"上级单位不存在 (unknown parent unit): {code}", "parentCode")
    return parent


async def create_unit(scope: Scope, cmd: CreateUnit) -> Unit:
    require_role(scope.actor, "units")
    if not CODE_RE.match(cmd.code):
        raise UserError(
            ErrorCode.INVALID_CODE, f"单位编码格式不正确 (invalid unit code): {cmd.code!r}", "code"
        )
    _check_text(cmd.name, "name", "单位名称")
    _check_phone(cmd.liaison_phone)
    duplicate = UserError(
        ErrorCode.DUPLICATE_CODE, f"单位编码已存在 (unit code already exists): {cmd.code}", "code"
    )
    if await Unit.exists(code=cmd.code):
        raise duplicate
    parent = await _parent(cmd.parent_code) if cmd.parent_code else None
    try:
        unit = await Unit.create(
            code=cmd.code,
            name=cmd.name.strip(),
            short_name=cmd.short_name,
            kind=cmd.kind,
            level=cmd.level,
            parent=parent,
            liaison_name=cmd.liaison_name,
            liaison_phone=cmd.liaison_phone,
        )
    except IntegrityError as exc:
        # Two concurrent creates both passed the check above; the unique index decides.
        raise duplicate from exc
    unit.path = child_path(parent.path if parent else None, unit.id)
    await Unit.filter(id=unit.id).update(path=unit.path)
    await record_event(scope, "Unit", unit.id, "CREATED", f"创建单位 {unit.name}", {"code": unit.code})
    return unit


async def _move(unit: Unit, new_parent: Unit | None) -> str:
    """Re-root the unit's subtree under `new_parent`; refuses to make a unit its own ancestor."""
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise UserError(
            ErrorCode.CYCLE,
            f"单位不能成为自己的下级 (a unit cannot become its own ancestor): {new_parent.code}",
            "parentCode",
        )
    old_path = unit.path
    new_path = child_path(new_parent.path if new_parent else None, unit.id)
    # Descendants' paths share the old prefix: rewrite the whole subtree set-based.
    for descendant in await Unit.filter(path__startswith=old_path).exclude(id=unit.id).only("id", "path"):
        await Unit.filter(id=descendant.id).update(path=new_path + descendant.path[len(old_path) :])
    return new_path


async def update_unit(scope: Scope, cmd: UpdateUnit) -> Unit:
    require_role(scope.actor, "units")
    unit = await Unit.get_or_none(code=cmd.code)
    if unit is None:
        raise UserError(ErrorCode.NOT_FOUND, f"单位不存在 (unknown unit): {cmd.code}", "code")
    _check_text(cmd.name, "name", "单位名称")
    _check_phone(cmd.liaison_phone)
    changes: dict[str, object] = {}
    for name in ("name", "short_name", "kind", "level", "liaison_name", "liaison_phone", "active"):
        value = getattr(cmd, name)
        if value is not None and value != getattr(unit, name):
            changes[name] = value
    if cmd.webhook_url is not None:
        url = await _webhook(cmd.webhook_url)
        if url != unit.webhook_url:
            changes["webhook_url"] = url
    if cmd.clear_parent or cmd.parent_code is not None:
        new_parent = None if cmd.clear_parent else await _parent(cmd.parent_code or "")
        if (new_parent.id if new_parent else None) != unit.parent_id:
            changes["parent_id"] = new_parent.id if new_parent else None
            changes["path"] = await _move(unit, new_parent)
    before = {k: _plain(getattr(unit, k)) for k in changes}
    await update_versioned(unit, cmd.expected_version, **changes)
    if changes:
        after = {k: _plain(v) for k, v in changes.items()}
        await record_event(
            scope, "Unit", unit.id, "UPDATED", f"修改单位 {unit.name}", {"before": before, "after": after}
        )
    return unit


def _check_url_form(url: str) -> None:
    invalid = UserError(
        ErrorCode.INVALID_URL,
        f"推送地址须为不含用户名密码的 http(s) 地址 (webhook must be an http(s) URL without credentials): {url!r}",
        "webhookUrl",
    )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number in 0-65535 raises here
    except ValueError as exc:
        raise invalid from exc
    # Userinfo, blanks and backslashes are where URL parsers disagree on which host is meant.
    odd = "@" in parts.netloc or any(c.isspace() or c == "\\" for c in url)
    if parts.scheme not in ("http", "https") or not parts.hostname or odd or len(url) > 500:
        raise invalid


async def _webhook(url: str) -> str | None:
    """A public http(s) URL for digest delivery (or allow-listed); an empty string removes it."""
    url = url.strip()
    if not url:
        return None
    _check_url_form(url)
    allow = Allowlist.parse(load_settings().webhook_allow_hosts)
    try:
        await check_target(url, allow, RESOLVE_SECONDS)
    except TargetRefused as exc:
        raise UserError(
            ErrorCode.FORBIDDEN_ADDRESS,
            f"推送地址不得指向本机或内网 (webhook must not point inside the network): {exc.reason}",
            "webhookUrl",
        ) from exc
    except (OSError, TimeoutError):
        pass  # Not resolvable now (no DNS record yet, or slow): every delivery resolves and checks again.
    return url


def _plain(value: object) -> object:
    return value.value if isinstance(value, UnitKind | UnitLevel) else value
