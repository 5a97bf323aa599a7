"""Who the caller is and what it may do: the one place that says what each role may read and write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from models.auth import Role
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError

__all__ = ["Actor", "READERS", "Scope", "SYSTEM", "may_read", "require_reader", "require_role", "WRITERS"]

ALL = frozenset(Role)
STAFF_READERS = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.INSPECTOR})
CONFIDENTIAL_READERS = frozenset({Role.ADMIN, Role.INSPECTOR})

# Who may perform each kind of write. Actions name the row they need; nothing else grants writes.
WRITERS: dict[str, frozenset[Role]] = {
    "units": frozenset({Role.ADMIN}),
    "tokens": frozenset({Role.ADMIN}),
    "calendar": frozenset({Role.ADMIN}),
    "sla_policies": frozenset({Role.ADMIN}),
    "jobs": frozenset({Role.ADMIN}),
    "plans": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "tasks": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "task_verification": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "task_progress": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.UNIT_OPERATOR}),
    "complaint_intake": frozenset({Role.ADMIN, Role.HOTLINE}),
    "enterprise_liaison": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "complaint_handling": frozenset({Role.ADMIN, Role.UNIT_OPERATOR}),
    "return_visits": frozenset({Role.ADMIN, Role.HOTLINE}),
    "complaint_reopen": frozenset({Role.ADMIN, Role.HOTLINE, Role.SUPERVISOR}),
    "escalation": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "extension_request": frozenset({Role.ADMIN, Role.UNIT_OPERATOR}),
    "extension_decision": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "supervision": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "rectification": frozenset({Role.ADMIN, Role.UNIT_OPERATOR}),
    "discipline": frozenset({Role.ADMIN, Role.INSPECTOR}),
    "recommendation_reply": frozenset({Role.ADMIN, Role.INSPECTOR, Role.UNIT_OPERATOR}),
    "digest_ack": frozenset({Role.ADMIN, Role.SUPERVISOR, Role.INSPECTOR, Role.UNIT_OPERATOR}),
}

# Who may read each kind of restricted record at all (row-level visibility is the domains' business).
# The hotline reads complaints, enterprises, units and reference data only (tests/access/README.md).
READERS: dict[str, frozenset[Role]] = {
    "audit": CONFIDENTIAL_READERS,
    "tasks": ALL - {Role.HOTLINE},
    "supervision": ALL - {Role.HOTLINE},
}


@dataclass(frozen=True)
class Actor:
    """An authenticated caller (a token's holder) or the system itself (jobs, CLI, demo loader)."""

    name: str
    role: Role
    unit_id: int | None = None
    unit_path: str | None = None
    token_id: int | None = None

    @property
    def sees_confidential(self) -> bool:
        return self.role in CONFIDENTIAL_READERS

    @property
    def unit_scoped(self) -> bool:
        """Unit operators see only their own unit and its descendants."""
        return self.role is Role.UNIT_OPERATOR

    @property
    def masks_contacts(self) -> bool:
        return self.role is Role.VIEWER

    def sees_unit(self, unit_path: str | None) -> bool:
        """Whether rows of this unit are within the actor's reach (a unit operator's subtree only)."""
        own = self.unit_path
        if not self.unit_scoped:
            return True
        return own is not None and own != "" and unit_path is not None and unit_path.startswith(own)


SYSTEM = Actor(name="system", role=Role.ADMIN)


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Scope:
    """What every action receives: the actor, the clock (injectable for tests and jobs), the request id."""

    actor: Actor
    request_id: str | None = None
    clock: Callable[[], datetime] = field(default=_utcnow)

    def now(self) -> datetime:
        return self.clock()


def require_role(actor: Actor, write: str) -> None:
    """Refuse a write the actor's role does not carry (FORBIDDEN, a GraphQL error: no data changes)."""
    allowed = WRITERS[write]
    if actor.role not in allowed:
        raise RequestError(
            ErrorCode.FORBIDDEN, f"角色 {actor.role.value} 无权执行此操作 (forbidden: {write})"
        )


def may_read(actor: Actor, read: str) -> bool:
    return actor.role in READERS[read]


def require_reader(actor: Actor, read: str) -> None:
    """Refuse a read the actor's role does not carry (FORBIDDEN, never the data or its count)."""
    if not may_read(actor, read):
        raise RequestError(ErrorCode.FORBIDDEN, f"角色 {actor.role.value} 无权查看 (forbidden: {read})")
