"""SLA policies ("2110", "2115", …) and the one function that turns a stage's amount into a due time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from models.calendar import DurationUnit
from models.complaint import SlaPolicy, SlaStage
from resolvers.access import Scope, require_role
from resolvers.calendar.queries import MAX_AMOUNT, deadline
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.events import record_event
from resolvers.versioning import update_versioned

__all__ = [
    "DEFAULT_POLICY_CODE",
    "DEFAULT_POLICIES",
    "StageDue",
    "UpsertSlaPolicy",
    "policy_dues",
    "restore_default_policies",
    "stage_due",
    "upsert_sla_policy",
]

DEFAULT_POLICY_CODE = "2110"
H, WD = DurationUnit.HOURS, DurationUnit.WORKING_DAYS
# The rows the data migration 0003 writes; tests restore them after clearing tables.
DEFAULT_POLICIES = [
    ("2110", "东营“2110”企业诉求快速办理机制", 2, H, 1, WD, 10, WD),
    ("2115", "山东省“2115”企业诉求办理标准", 2, H, 1, WD, 15, WD),
]


@dataclass(frozen=True)
class StageDue:
    stage: SlaStage
    due_at: datetime
    provisional: bool


async def stage_due(start: datetime, amount: int, unit: DurationUnit) -> tuple[datetime, bool]:
    """Due time of `amount` `unit`s from `start`, and whether it is provisional (a year's calendar missing).

    Every complaint deadline goes through here, on the statutory working-day calendar."""
    answer = await deadline(start, amount, unit)
    return answer.due_at, answer.provisional


async def policy_dues(policy: SlaPolicy, start: datetime, stages: tuple[SlaStage, ...]) -> list[StageDue]:
    dues = []
    for stage in stages:
        prefix = stage.value.lower()
        due_at, provisional = await stage_due(
            start, getattr(policy, f"{prefix}_amount"), getattr(policy, f"{prefix}_unit")
        )
        dues.append(StageDue(stage, due_at, provisional))
    return dues


@dataclass
class UpsertSlaPolicy:
    code: str
    name: str
    contact_amount: int
    contact_unit: DurationUnit
    reply_amount: int
    reply_unit: DurationUnit
    resolve_amount: int
    resolve_unit: DurationUnit
    expected_version: int | None = None


def _check_policy(cmd: UpsertSlaPolicy) -> None:
    if not cmd.code.strip() or len(cmd.code) > 20:
        raise UserError(
            ErrorCode.INVALID_CODE, f"时限标准编码无效 (invalid policy code): {cmd.code!r}", "code"
        )
    if not cmd.name.strip():
        raise UserError(ErrorCode.REQUIRED, "名称不能为空 (name must not be blank)", "name")
    for stage in ("contact", "reply", "resolve"):
        if not 0 < getattr(cmd, f"{stage}_amount") <= MAX_AMOUNT:
            raise UserError(
                ErrorCode.INVALID_AMOUNT,
                f"时限须在 1-{MAX_AMOUNT} 之间 ({stage} amount must be 1 to {MAX_AMOUNT})",
                f"{stage}Amount",
            )


async def upsert_sla_policy(scope: Scope, cmd: UpsertSlaPolicy) -> SlaPolicy:
    """Create the policy with this code, or change it; complaints already dispatched keep their due times."""
    require_role(scope.actor, "sla_policies")
    _check_policy(cmd)
    values = {k: v for k, v in vars(cmd).items() if k not in ("code", "expected_version")}
    policy = await SlaPolicy.get_or_none(code=cmd.code)
    if policy is None:
        policy = await SlaPolicy.create(code=cmd.code, **values)
        await record_event(scope, "SlaPolicy", policy.id, "CREATED", f"新增时限标准 {cmd.code}", values)
        return policy
    before = {k: getattr(policy, k) for k in values}
    await update_versioned(policy, cmd.expected_version, **values)
    await record_event(
        scope,
        "SlaPolicy",
        policy.id,
        "UPDATED",
        f"修改时限标准 {cmd.code}",
        {"before": before, "after": values},
    )
    return policy


async def restore_default_policies() -> None:
    """Write the default policies when missing (what migration 0003 does on a new database)."""
    columns = ("code", "name", "contact_amount", "contact_unit", "reply_amount", "reply_unit")
    for row in DEFAULT_POLICIES:
        values = dict(zip((*columns, "resolve_amount", "resolve_unit"), row, strict=True))
        await SlaPolicy.get_or_create(code=values.pop("code"), defaults=values)
